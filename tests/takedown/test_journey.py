"""The whole takedown journey, as the people involved go through it."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from takedowns.models import TakedownRequest, TakedownRequestStatus
from tests.factories import StoryFactory
from tests.takedown.conftest import notice_data

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
S = TakedownRequestStatus


def test_notice_accepted_counter_noticed_and_restored(
    client, legal_staff, time_machine, mailoutbox, django_capture_on_commit_callbacks
):
    # Tuesday before Thanksgiving 2026, mid-morning in New York.
    time_machine.move_to(datetime(2026, 11, 24, 10, tzinfo=NEW_YORK))
    story = StoryFactory(published=True, title_en="Summit photo story")
    url = story.get_absolute_url()

    # The claimant files the notice through the public form.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/takedown/", notice_data("http://testserver" + url))
    takedown_request = TakedownRequest.objects.get()
    assert response.status_code == 302
    assert takedown_request.reference in mailoutbox[0].body

    # A Legal user acknowledges it in the queue, then accepts it on the
    # change form, choosing "whole story" on the confirmation page.
    client.force_login(legal_staff)
    client.post(
        reverse("admin:takedowns_takedownrequest_changelist"),
        {"action": "acknowledge", "_selected_action": [takedown_request.pk]},
    )
    change_url = reverse(
        "admin:takedowns_takedownrequest_change", args=[takedown_request.pk]
    )
    action = {"CHANGE_FORM-action": "accept", "_selected_action": takedown_request.pk}
    confirmation = client.post(change_url, action)
    item = takedown_request.items.get()
    assertContains(confirmation, f"scope_{item.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            change_url,
            {**action, "confirm": "yes", f"scope_{item.pk}": "whole", "note": ""},
        )
    client.logout()

    # Readers get 451, and the story is gone from the home page, the feed
    # and the sitemap at once.
    assert client.get(url).status_code == 451
    for listing in ("/", "/feed/", "/sitemap-stories.xml"):
        assertNotContains(client.get(listing), "Summit photo story")
        assertNotContains(client.get(listing), url)

    # The publisher's counter-notice, received at 10:30, is recorded by
    # legal staff at 11:00, both New York time.
    time_machine.move_to(datetime(2026, 11, 24, 11, tzinfo=NEW_YORK))
    client.force_login(legal_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            change_url,
            {
                "CHANGE_FORM-action": "record_counter_notice",
                "_selected_action": takedown_request.pk,
                "confirm": "yes",
                "name": "Pat Publisher",
                "email": "pat@example.com",
                "postal_address": "2 Example Road",
                "phone": "+1 555 0100",
                "country": "US",
                "material_location": "http://testserver" + url,
                "reason": "licensed",
                "explanation": "We hold a licence for this photograph.",
                "statement_under_penalty": "on",
                "consents_to_jurisdiction": "on",
                "accepts_service": "on",
                "signature": "Pat Publisher",
                "received_at": "2026-11-24 10:30",
            },
        )
    client.logout()
    takedown_request.refresh_from_db()
    assert takedown_request.status == S.COUNTER_NOTICE

    # Nine business days later (Thanksgiving skipped) it is still restricted.
    time_machine.move_to(datetime(2026, 12, 8, 12, tzinfo=NEW_YORK))
    call_command("takedown_timers", stdout=StringIO())
    assert client.get(url).status_code == 451

    # On business day 10 the timer restores it.
    time_machine.move_to(datetime(2026, 12, 9, 9, 5, tzinfo=NEW_YORK))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("takedown_timers", stdout=StringIO())
    assert client.get(url).status_code == 200
    assertContains(client.get("/"), "Summit photo story")
    assertContains(client.get("/feed/"), "Summit photo story")
    assertContains(client.get("/sitemap-stories.xml"), url)

    steps = list(
        takedown_request.events.values_list("action", "from_status", "to_status")
    )
    assert steps == [
        ("create", "", S.RECEIVED),
        ("acknowledge", S.RECEIVED, S.UNDER_REVIEW),
        ("accept", S.UNDER_REVIEW, S.ACTION_TAKEN),
        ("counter_notice", S.ACTION_TAKEN, S.COUNTER_NOTICE),
        ("restore", S.COUNTER_NOTICE, S.RESTORED),
    ]
    assert takedown_request.events.get(action="accept").actor == legal_staff
    assert takedown_request.events.get(action="restore").actor_kind == "system"
