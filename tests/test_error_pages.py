"""A database out of reach answers 503 and asks to try again (issue #19)."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client

from takedowns.models import OutboundMessage, TakedownEvent, TakedownRequest
from tests.factories import StoryFactory
from tests.takedown.conftest import notice_data


@pytest.fixture
def reader():
    # As a browser sees it: the error page, not the exception.
    return Client(raise_request_exception=False)


@pytest.mark.django_db
@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_lost_database_is_a_plain_503_asking_to_retry(reader, error):
    with mock.patch(
        "articles.views.stories.HomeView.get", side_effect=error("connection refused")
    ):
        response = reader.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response["Cache-Control"] == "no-store"
    assert b"Service temporarily unavailable" in response.content
    assert b"Traceback" not in response.content


@pytest.mark.django_db
def test_the_503_page_speaks_chinese_under_zh_hans(reader):
    with mock.patch(
        "articles.views.stories.HomeView.get", side_effect=OperationalError("gone")
    ):
        response = reader.get("/zh-hans/")
    assert response.status_code == 503
    assert "服务暂时不可用" in response.content.decode()


@pytest.mark.django_db
def test_any_other_error_is_still_the_500_page(reader):
    with mock.patch(
        "articles.views.stories.HomeView.get", side_effect=RuntimeError("a bug")
    ):
        response = reader.get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response


@pytest.mark.django_db
def test_a_notice_cut_off_by_the_database_stores_nothing(reader):
    """The event is the last write of the notice: none of it survives."""
    story = StoryFactory(published=True)
    data = notice_data(f"http://testserver{story.get_absolute_url()}")
    with mock.patch(
        "takedowns.services.record_event", side_effect=OperationalError("gone")
    ):
        response = reader.post("/takedown/", data)
    assert response.status_code == 503
    assert not TakedownRequest.objects.exists()
    assert not TakedownEvent.objects.exists()
    assert not OutboundMessage.objects.exists()

    # As the page asks, the claimant sends the same form again, and it is taken.
    response = reader.post("/takedown/", data)
    assert response.status_code == 302
    assert TakedownRequest.objects.count() == 1
