from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from takedowns.forms import render_token


def old_enough_token():
    """A render token signed a minute ago: a person's pace."""
    with time_machine.travel(timezone.now() - timedelta(minutes=1), tick=False):
        return render_token()


def notice_fields(story_url, **overrides):
    """The fields a claimant fills in for a complete notice (no form token)."""
    data = {
        "name": "Rita Holder",
        "email": "rita@example.com",
        "organisation": "Example Photo Agency",
        "postal_address": "1 Example Street, Springfield",
        "phone": "",
        "country": "us",
        "acting_as": "holder",
        "principal_name": "",
        "track": "us-dmca",
        "right_type": "copyright",
        "work_description": "Our photograph of the summit, taken in May 2026.",
        "original_urls": "https://photos.example/summit",
        "story_urls": story_url,
        "scope": "whole",
        "language": "",
        "remedy": "remove-story",
        "explanation": "The story republishes our photograph without a licence.",
        "good_faith": "on",
        "exceptions_considered": "on",
        "accuracy": "on",
        "processing_notice": "on",
        "signature": "rita  HOLDER",
        "website": "",
    }
    data.update(overrides)
    return data


def notice_data(story_url, **overrides):
    """The fields a browser sends for a complete notice, token included."""
    return notice_fields(story_url, **{"rendered": old_enough_token(), **overrides})


@pytest.fixture
def notice():
    return notice_data
