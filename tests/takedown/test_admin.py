from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import StoryRestriction
from articles.roles import all_roles
from takedowns.admin import TakedownRequestAdmin
from takedowns.models import (
    TakedownMove,
    TakedownRequest,
    TakedownRequestStatus,
)
from takedowns.services import (
    counter_notice_record,
    takedown_request_accept,
    takedown_request_acknowledge,
    takedown_request_create,
    takedown_request_restore,
)
from tests.factories import CounterNoticeFactory, StoryFactory, TakedownRequestFactory

pytestmark = pytest.mark.django_db

S = TakedownRequestStatus
NEW_YORK = ZoneInfo("America/New_York")
SCRIPT = "<script>alert(1)</script>"
CHANGELIST = "admin:takedowns_takedownrequest_changelist"

# The actions a request's page offers in each status, written out on purpose
# (like ALLOWED in test_models.py): a change to TakedownRequest.TRANSITIONS
# must be a deliberate change here too. Acknowledge is the only way from
# Received into review, Resume review the only way back from Needs
# information.
OFFERED = {
    S.RECEIVED: {"acknowledge", "reject", "mark_duplicate", "withdraw"},
    S.UNDER_REVIEW: {"ask_info", "accept", "reject", "withdraw"},
    S.NEEDS_INFO: {"resume_review", "withdraw"},
    S.ACTION_TAKEN: {"record_counter_notice", "restore"},
    S.COUNTER_NOTICE: {"place_hold", "restore", "restore_early"},
    S.LEGAL_HOLD: {"restore", "restore_early"},
    S.REJECTED: set(),
    S.DUPLICATE: set(),
    S.WITHDRAWN: set(),
    S.LAPSED: set(),
    S.RESTORED: set(),
}


def change_url(takedown_request):
    return reverse("admin:takedowns_takedownrequest_change", args=[takedown_request.pk])


def request_in(status, **kwargs):
    if status == S.DUPLICATE:
        kwargs["duplicate_of"] = TakedownRequestFactory()
    return TakedownRequestFactory(stories=[StoryFactory()], status=status, **kwargs)


def offered_actions(response):
    """Return the names of the actions in the page's action menu."""
    action_form = response.context["action_form"]
    if action_form is None:
        return set()
    return {name for name, _label in action_form.fields["action"].choices if name}


def test_legal_group_holds_exactly_its_role():
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="Legal")
    granted = {
        f"{permission.content_type.app_label}.{permission.codename}"
        for permission in group.permissions.select_related("content_type")
    }

    assert granted == set(all_roles()["Legal"])


def test_queue_shows_claimant_contact_only_with_the_pii_permission(legal_staff, editor):
    legal_client, editor_client = Client(), Client()
    legal_client.force_login(legal_staff)
    editor_client.force_login(editor)
    TakedownRequestFactory(
        stories=[StoryFactory(slug="the-story")],
        name="Rita Holder",
        email="rita@x.example",
    )

    legal = legal_client.get(reverse(CHANGELIST))
    editor = editor_client.get(reverse(CHANGELIST))

    assertContains(legal, "rita@x.example")
    assertContains(editor, "the-story")
    assertContains(editor, "Example Photo Agency")
    assertNotContains(editor, "rita@x.example")
    assertNotContains(editor, "Rita Holder")


def test_changelist_query_count_does_not_grow_with_rows(
    legal_client, django_assert_max_num_queries
):
    for _number in range(5):
        TakedownRequestFactory(stories=[StoryFactory(), StoryFactory()])

    with django_assert_max_num_queries(12):
        response = legal_client.get(reverse(CHANGELIST))

    assert response.status_code == 200


def test_editor_cannot_accept(editor_client):
    story = StoryFactory(published=True)
    takedown_request = TakedownRequestFactory(
        stories=[story], status=TakedownRequestStatus.UNDER_REVIEW
    )

    editor_client.post(
        reverse(CHANGELIST),
        {
            "action": "accept",
            "_selected_action": [takedown_request.pk],
            "confirm": "yes",
        },
    )

    takedown_request.refresh_from_db()
    assert takedown_request.status == TakedownRequestStatus.UNDER_REVIEW
    assert not StoryRestriction.objects.exists()


def test_reject_asks_for_a_reason_first(
    legal_client, mailoutbox, django_capture_on_commit_callbacks
):
    takedown_request = TakedownRequestFactory(stories=[StoryFactory(published=True)])
    data = {"action": "reject", "_selected_action": [takedown_request.pk]}

    confirmation = legal_client.post(reverse(CHANGELIST), data)
    missing = legal_client.post(reverse(CHANGELIST), {**data, "confirm": "yes"})
    takedown_request.refresh_from_db()
    assert takedown_request.status == TakedownRequestStatus.RECEIVED

    with django_capture_on_commit_callbacks(execute=True):
        legal_client.post(
            reverse(CHANGELIST),
            {**data, "confirm": "yes", "note": "Quotation is allowed."},
        )

    assertContains(confirmation, "Reason")
    assertContains(missing, "This field is required")
    takedown_request.refresh_from_db()
    assert takedown_request.status == TakedownRequestStatus.REJECTED
    assert takedown_request.decision_note == "Quotation is allowed."
    assert "Quotation is allowed." in mailoutbox[-1].body


def test_forbidden_transition_is_reported_not_applied(legal_client):
    takedown_request = TakedownRequestFactory(stories=[StoryFactory(published=True)])

    response = legal_client.post(
        reverse(CHANGELIST),
        {
            "action": "place_hold",
            "_selected_action": [takedown_request.pk],
            "confirm": "yes",
            "note": "x",
        },
        follow=True,
    )

    assertContains(response, "cannot become")
    takedown_request.refresh_from_db()
    assert takedown_request.status == TakedownRequestStatus.RECEIVED


def test_scripts_in_claim_fields_are_escaped_on_the_change_page(legal_client):
    takedown_request = TakedownRequestFactory(
        stories=[StoryFactory()],
        name=SCRIPT,
        organisation=SCRIPT,
        explanation=SCRIPT,
        work_description=SCRIPT,
    )

    response = legal_client.get(change_url(takedown_request))

    assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")
    assertNotContains(response, SCRIPT)


def test_nobody_can_delete_or_add_a_request(legal_client, admin_client):
    takedown_request = TakedownRequestFactory(stories=[StoryFactory()])
    delete_url = reverse(
        "admin:takedowns_takedownrequest_delete", args=[takedown_request.pk]
    )

    assert legal_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert (
        admin_client.get(reverse("admin:takedowns_takedownrequest_add")).status_code
        == 403
    )


def test_editor_sees_the_request_page_without_personal_data(editor_client):
    takedown_request = TakedownRequestFactory(
        stories=[StoryFactory(slug="the-story")],
        name="Rita Holder",
        email="rita@x.example",
        postal_address="1 Secret Lane",
    )

    response = editor_client.get(change_url(takedown_request))

    assertContains(response, takedown_request.reference)
    assertContains(response, "the-story")
    for personal in ("Rita Holder", "rita@x.example", "1 Secret Lane"):
        assertNotContains(response, personal)


def test_every_status_has_its_expected_actions():
    assert set(OFFERED) == set(TakedownRequest.TRANSITIONS)


def test_every_action_is_a_move_of_the_table():
    for name in TakedownRequestAdmin.actions:
        assert name in TakedownMove.values


@pytest.mark.parametrize("status", TakedownRequest.TRANSITIONS)
def test_request_page_offers_exactly_the_moves_its_status_allows(legal_client, status):
    takedown_request = request_in(status)

    response = legal_client.get(change_url(takedown_request))

    assert offered_actions(response) == OFFERED[status]
    for name in OFFERED[status]:
        assertContains(response, f'<option value="{name}">')


def test_request_page_offers_no_counter_notice_off_the_dmca_track(legal_client):
    takedown_request = request_in(S.ACTION_TAKEN, track="eu-dsa")

    response = legal_client.get(change_url(takedown_request))

    assert offered_actions(response) == {"restore"}


def test_request_page_offers_no_action_without_the_handle_permission(
    editor_client,
):
    takedown_request = request_in(S.UNDER_REVIEW)

    response = editor_client.get(change_url(takedown_request))

    assert offered_actions(response) == set()


def test_request_page_refuses_an_action_its_status_does_not_allow(legal_client):
    takedown_request = request_in(S.RECEIVED)

    response = legal_client.post(
        change_url(takedown_request),
        {
            "CHANGE_FORM-action": "accept",
            "_selected_action": takedown_request.pk,
            "confirm": "yes",
            "note": "",
        },
        follow=True,
    )

    assertContains(response, "No action selected.")
    takedown_request.refresh_from_db()
    assert takedown_request.status == S.RECEIVED
    assert not StoryRestriction.objects.exists()


def test_queue_offers_every_bulk_action_whatever_the_statuses(legal_client):
    request_in(S.RESTORED)

    response = legal_client.get(reverse(CHANGELIST))

    # Counter-notices and early restores are one request at a time, on the
    # request's page.
    assert offered_actions(response) == set(TakedownRequestAdmin.actions) - {
        "record_counter_notice",
        "restore_early",
    }


def test_queue_moves_the_rows_that_may_move_and_names_the_others(legal_client):
    received = request_in(S.RECEIVED)
    rejected = request_in(S.REJECTED)

    response = legal_client.post(
        reverse(CHANGELIST),
        {"action": "acknowledge", "_selected_action": [received.pk, rejected.pk]},
        follow=True,
    )

    assertContains(response, "1 request in review.")
    assertContains(response, f"{rejected.reference} is “Rejected” and cannot become")
    received.refresh_from_db()
    rejected.refresh_from_db()
    assert received.status == S.UNDER_REVIEW
    assert rejected.status == S.REJECTED


@pytest.mark.parametrize("location", ["queue", "page"])
def test_resume_review_cannot_skip_acknowledge(legal_client, legal_staff, location):
    received = request_in(S.RECEIVED)
    if location == "queue":
        url, data = (
            reverse(CHANGELIST),
            {"action": "resume_review", "_selected_action": [received.pk]},
        )
    else:
        url, data = (
            change_url(received),
            {"CHANGE_FORM-action": "resume_review", "_selected_action": received.pk},
        )

    response = legal_client.post(url, data, follow=True)

    received.refresh_from_db()
    assert received.status == S.RECEIVED
    assert received.assigned_to is None
    assert not received.events.exists()
    assertNotContains(response, "request in review")
    if location == "queue":
        assertContains(
            response,
            f"{received.reference} is “Received”: it becomes “Under review” only "
            "by “Acknowledge and start review”.",
        )
    # Acknowledge still takes it into review, assigned to whoever did it.
    legal_client.post(
        reverse(CHANGELIST),
        {"action": "acknowledge", "_selected_action": [received.pk]},
    )
    received.refresh_from_db()
    assert received.status == S.UNDER_REVIEW
    assert received.assigned_to == legal_staff


def test_every_time_in_the_legal_admin_is_new_york_time_with_its_zone(
    legal_client, time_machine
):
    # Thursday 3 December 2026, 10:00 in New York (15:00 UTC).
    time_machine.move_to(datetime(2026, 12, 3, 10, tzinfo=NEW_YORK), tick=False)
    story = StoryFactory(published=True)
    open_request = takedown_request_create(
        takedown_request=TakedownRequestFactory.build(),
        items=[{"story": story, "scope": "whole", "language": ""}],
    )
    decided = takedown_request_acknowledge(
        takedown_request=TakedownRequestFactory(stories=[StoryFactory()]), by=None
    )
    takedown_request_accept(takedown_request=decided, by=None)
    time_machine.move_to(datetime(2026, 12, 3, 11, tzinfo=NEW_YORK), tick=False)
    counter_notice_record(
        takedown_request=decided,
        by=None,
        counter_notice=CounterNoticeFactory.build(
            material_location="https://testserver/story/x/",
            received_at=datetime(2026, 12, 3, 10, 30, tzinfo=NEW_YORK),
        ),
    )
    submitted = "Dec. 3, 2026, 10 a.m. New York time (EST)"
    due = "Dec. 10, 2026, 5 p.m. New York time (EST)"

    queue = legal_client.get(reverse(CHANGELIST))
    open_page = legal_client.get(change_url(open_request))
    decided_page = legal_client.get(change_url(decided))
    confirmation = legal_client.post(
        change_url(open_request),
        {"CHANGE_FORM-action": "reject", "_selected_action": open_request.pk},
    )

    # The decision is due at 17:00 New York time, not 22:00 UTC.
    assertContains(queue, due)
    assertNotContains(queue, "10 p.m.")
    # Submitted, the event log and the outbound mail; then the due time.
    assertContains(open_page, submitted, count=3)
    assertContains(open_page, due)
    assertNotContains(open_page, "3 p.m.")
    assertContains(confirmation, f"decision due {due}")
    # Decided, the restriction, and the counter-notice with its window.
    assertContains(decided_page, "Dec. 3, 2026, 10:30 a.m. New York time (EST)")
    assertContains(decided_page, "Dec. 17, 2026, 9 a.m. New York time (EST)")
    assertContains(decided_page, "Dec. 23, 2026, 5 p.m. New York time (EST)")
    assertContains(decided_page, f"applied {submitted}, ends Dec. 17, 2026")


def test_summer_times_are_marked_edt(legal_client, time_machine):
    time_machine.move_to(datetime(2026, 7, 1, 12, tzinfo=NEW_YORK), tick=False)
    takedown_request = takedown_request_create(
        takedown_request=TakedownRequestFactory.build(),
        items=[{"story": StoryFactory(), "scope": "whole", "language": ""}],
    )

    response = legal_client.get(change_url(takedown_request))

    assertContains(response, "July 1, 2026, noon New York time (EDT)")
    # Friday 3 July is the Independence Day holiday observed.
    assertContains(response, "July 9, 2026, 5 p.m. New York time (EDT)")


def counter_notice_form(takedown_request, **overrides):
    """What Legal staff type on the "Record a counter-notice" page."""
    return {
        "CHANGE_FORM-action": "record_counter_notice",
        "_selected_action": takedown_request.pk,
        "confirm": "yes",
        "name": "Pat Publisher",
        "email": "pat@example.com",
        "postal_address": "2 Example Road",
        "phone": "+1 555 0100",
        "country": "US",
        "material_location": "https://testserver/story/summit/",
        "reason": "licensed",
        "explanation": "We hold a licence for this photograph.",
        "statement_under_penalty": "on",
        "consents_to_jurisdiction": "on",
        "accepts_service": "on",
        "signature": "Pat Publisher",
        **overrides,
    }


def accepted_on(submitted, decided, time_machine):
    """A request submitted and accepted at the given New York times."""
    time_machine.move_to(submitted, tick=False)
    takedown_request = takedown_request_create(
        takedown_request=TakedownRequestFactory.build(),
        items=[
            {"story": StoryFactory(published=True), "scope": "whole", "language": ""}
        ],
    )
    time_machine.move_to(decided, tick=False)
    takedown_request_acknowledge(takedown_request=takedown_request, by=None)
    return takedown_request_accept(takedown_request=takedown_request, by=None)


@pytest.mark.parametrize(
    ("received", "message"),
    [
        # Day-first 3 December, which used to be read as 12 March.
        ("03/12/2026 11:25", "Enter the date and time as YYYY-MM-DD HH:MM"),
        ("12/03/2026 11:25", "Enter the date and time as YYYY-MM-DD HH:MM"),
        ("3 Dec 2026 11:25", "Enter the date and time as YYYY-MM-DD HH:MM"),
        ("2026-03-12 11:25", "This is before the notice was submitted (Nov. 20"),
        ("2026-11-23 09:00", "This is before the decision it answers (Nov. 25"),
        ("2026-12-03 12:01", "This is in the future"),
    ],
)
def test_counter_notice_time_is_iso_new_york_time_within_the_timeline(
    legal_client, time_machine, received, message
):
    takedown_request = accepted_on(
        datetime(2026, 11, 20, 10, tzinfo=NEW_YORK),
        datetime(2026, 11, 25, 10, tzinfo=NEW_YORK),
        time_machine,
    )
    time_machine.move_to(datetime(2026, 12, 3, 12, tzinfo=NEW_YORK), tick=False)
    mail_before = takedown_request.messages.count()

    response = legal_client.post(
        change_url(takedown_request),
        counter_notice_form(takedown_request, received_at=received),
    )

    assert message in " ".join(response.context["form"].errors["received_at"])
    assertContains(response, 'type="datetime-local"')
    assertContains(response, "New York time (America/New_York, EST or EDT)")
    takedown_request.refresh_from_db()
    assert takedown_request.status == S.ACTION_TAKEN
    assert not takedown_request.counter_notices.exists()
    assert takedown_request.messages.count() == mail_before
    due = StringIO()
    call_command("takedown_timers", "--dry-run", stdout=due)
    assert takedown_request.reference not in due.getvalue()


@pytest.mark.parametrize("received", ["2026-12-03T11:25", "2026-12-03 11:25"])
def test_counter_notice_time_is_read_as_new_york_time(
    legal_client, time_machine, received
):
    takedown_request = accepted_on(
        datetime(2026, 11, 20, 10, tzinfo=NEW_YORK),
        datetime(2026, 11, 25, 10, tzinfo=NEW_YORK),
        time_machine,
    )
    time_machine.move_to(datetime(2026, 12, 3, 12, tzinfo=NEW_YORK), tick=False)

    legal_client.post(
        change_url(takedown_request),
        counter_notice_form(takedown_request, received_at=received),
    )

    counter_notice = takedown_request.counter_notices.get()
    assert counter_notice.received_at == datetime(2026, 12, 3, 11, 25, tzinfo=NEW_YORK)
    assert counter_notice.restore_not_before == datetime(
        2026, 12, 17, 9, tzinfo=NEW_YORK
    )
    due = StringIO()
    call_command("takedown_timers", "--dry-run", stdout=due)
    assert takedown_request.reference not in due.getvalue()


@pytest.mark.parametrize(
    ("missing", "element"),
    [
        ("material_location", "where the material was"),
        ("statement_under_penalty", "statement under penalty of perjury"),
        ("consents_to_jurisdiction", "consent to jurisdiction"),
        ("accepts_service", "acceptance of service of process"),
    ],
)
def test_counter_notice_lacking_a_statutory_element_is_refused(
    legal_client,
    time_machine,
    django_capture_on_commit_callbacks,
    mailoutbox,
    missing,
    element,
):
    takedown_request = accepted_on(
        datetime(2026, 11, 20, 10, tzinfo=NEW_YORK),
        datetime(2026, 11, 25, 10, tzinfo=NEW_YORK),
        time_machine,
    )
    time_machine.move_to(datetime(2026, 12, 3, 12, tzinfo=NEW_YORK), tick=False)
    data = counter_notice_form(takedown_request, received_at="2026-12-03 11:25")
    del data[missing]
    mail_before = takedown_request.messages.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = legal_client.post(change_url(takedown_request), data)

    assertContains(
        response,
        f"This counter-notice lacks what 17 U.S.C. § 512(g)(3) requires: {element}.",
    )
    assert response.context["form"].errors[missing]
    takedown_request.refresh_from_db()
    assert takedown_request.status == S.ACTION_TAKEN
    assert not takedown_request.counter_notices.exists()
    assert takedown_request.restrictions.get().expires_at is None
    assert takedown_request.messages.count() == mail_before
    assert mailoutbox == []


def test_counter_notice_form_asks_for_each_statement_in_the_statutes_words(
    legal_client, time_machine
):
    takedown_request = accepted_on(
        datetime(2026, 11, 20, 10, tzinfo=NEW_YORK),
        datetime(2026, 11, 25, 10, tzinfo=NEW_YORK),
        time_machine,
    )

    response = legal_client.post(
        change_url(takedown_request),
        {
            "CHANGE_FORM-action": "record_counter_notice",
            "_selected_action": takedown_request.pk,
        },
    )

    for name in (
        "statement_under_penalty",
        "consents_to_jurisdiction",
        "accepts_service",
    ):
        assertContains(
            response, f'type="checkbox" name="{name}" required id="id_{name}"'
        )
    assertContains(response, "under penalty of perjury that the sender has a good")
    assertContains(response, "consents to the jurisdiction of the Federal District")
    assertContains(response, "will accept service of process from the person")


def counter_noticed(time_machine):
    """A story restricted on a notice, and the publisher's counter-notice
    received on Thanksgiving, Thursday 26 November 2026: restore not before
    Thursday 10 December, 09:00, and by Wednesday 16 December, 17:00."""
    takedown_request = accepted_on(
        datetime(2026, 11, 20, 10, tzinfo=NEW_YORK),
        datetime(2026, 11, 23, 10, tzinfo=NEW_YORK),
        time_machine,
    )
    time_machine.move_to(datetime(2026, 11, 26, 12, tzinfo=NEW_YORK), tick=False)
    counter_notice_record(
        takedown_request=takedown_request,
        by=None,
        counter_notice=CounterNoticeFactory.build(
            received_at=datetime(2026, 11, 26, 11, 25, tzinfo=NEW_YORK)
        ),
    )
    return takedown_request


@pytest.mark.parametrize("location", ["queue", "page"])
def test_restore_before_business_day_10_is_refused(
    legal_client, time_machine, django_capture_on_commit_callbacks, location
):
    takedown_request = counter_noticed(time_machine)
    story = takedown_request.items.get().story
    time_machine.move_to(datetime(2026, 12, 3, 12, tzinfo=NEW_YORK), tick=False)
    mail_before = takedown_request.messages.count()
    if location == "queue":
        url, action = reverse(CHANGELIST), {"action": "restore"}
    else:
        url, action = change_url(takedown_request), {"CHANGE_FORM-action": "restore"}

    with django_capture_on_commit_callbacks(execute=True):
        response = legal_client.post(
            url,
            {
                **action,
                "_selected_action": takedown_request.pk,
                "confirm": "yes",
                "note": "The publisher showed a licence.",
            },
            follow=True,
        )

    assertNotContains(response, "request restored")
    assertContains(
        response,
        f"{takedown_request.reference} may be restored from Dec. 10, 2026, 9 a.m. "
        "New York time (EST), business day 10 after the counter-notice.",
    )
    takedown_request.refresh_from_db()
    assert takedown_request.status == S.COUNTER_NOTICE
    assert Client().get(story.get_absolute_url()).status_code == 451
    assert takedown_request.messages.count() == mail_before
    assert not takedown_request.events.filter(action="restore").exists()


def test_legal_restores_early_only_with_a_reason_recorded_with_their_name(
    legal_client,
    legal_staff,
    time_machine,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    takedown_request = counter_noticed(time_machine)
    story = takedown_request.items.get().story
    time_machine.move_to(datetime(2026, 12, 3, 12, tzinfo=NEW_YORK), tick=False)
    action = {
        "CHANGE_FORM-action": "restore_early",
        "_selected_action": takedown_request.pk,
    }

    confirmation = legal_client.post(change_url(takedown_request), action)
    missing = legal_client.post(
        change_url(takedown_request), {**action, "confirm": "yes", "note": " "}
    )
    takedown_request.refresh_from_db()
    assert takedown_request.status == S.COUNTER_NOTICE
    with django_capture_on_commit_callbacks(execute=True):
        done = legal_client.post(
            change_url(takedown_request),
            {
                **action,
                "confirm": "yes",
                "reason": "court-order",
                "note": "Order of 2 December 2026, case 26-cv-123.",
            },
            follow=True,
        )

    assertContains(confirmation, "A court ordered it")
    assertContains(confirmation, "The claimant withdrew the notice")
    assertContains(confirmation, "restore not before Dec. 10, 2026, 9 a.m.")
    assert set(missing.context["form"].errors) == {"reason", "note"}
    assertContains(done, "1 request restored before business day 10.")
    takedown_request.refresh_from_db()
    assert takedown_request.status == S.RESTORED
    assert Client().get(story.get_absolute_url()).status_code == 200
    event = takedown_request.events.get(action="restore_early")
    assert event.actor == legal_staff
    assert event.from_status == S.COUNTER_NOTICE
    assert event.note == "Order of 2 December 2026, case 26-cv-123."
    assert event.payload["early_restore_reason"] == "court-order"
    page = legal_client.get(change_url(takedown_request))
    assertContains(page, "A court ordered it")
    assertContains(page, "Order of 2 December 2026, case 26-cv-123.")
    assert [message.to for message in mailoutbox] == [[takedown_request.email]]


RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: reverses what follows it


def test_queue_keeps_a_claimants_text_from_reordering_its_neighbours(
    legal_staff, editor
):
    legal_client, editor_client = Client(), Client()
    legal_client.force_login(legal_staff)
    editor_client.force_login(editor)
    TakedownRequestFactory(
        stories=[StoryFactory()],
        name=f"{RLO}Rita Holder",
        email="rita@x.example",
        organisation=f"{RLO}Agency",
    )

    legal = legal_client.get(reverse(CHANGELIST))
    editor = editor_client.get(reverse(CHANGELIST))

    assertContains(
        legal,
        f"<bdi>{RLO}Rita Holder</bdi> &lt;<bdi>rita@x.example</bdi>&gt; "
        f"(<bdi>{RLO}Agency</bdi>)",
    )
    assertContains(editor, f"(<bdi>{RLO}Agency</bdi>)")


def test_request_page_keeps_typed_text_from_reordering_its_neighbours(
    legal_client, legal_staff
):
    story = StoryFactory(published=True, slug="the-story")
    takedown_request = TakedownRequestFactory(
        stories=[story],
        original_urls=[f"https://photos.example/{RLO}a", "https://photos.example/b"],
    )
    takedown_request = takedown_request_acknowledge(
        takedown_request=takedown_request, by=None
    )
    takedown_request = takedown_request_accept(
        takedown_request=takedown_request, by=None
    )
    takedown_request_restore(
        takedown_request=takedown_request,
        by=legal_staff,
        note=f"{RLO}Licence shown",
    )

    response = legal_client.get(change_url(takedown_request))

    assertContains(response, f"<bdi>https://photos.example/{RLO}a</bdi>")
    assertContains(response, "<bdi>https://photos.example/b</bdi>")
    assertContains(response, f"(<bdi>{RLO}Licence shown</bdi>)")


def test_counter_notice_email_must_fit_what_mail_servers_carry(legal_client):
    takedown_request = request_in(S.ACTION_TAKEN)

    response = legal_client.post(
        change_url(takedown_request),
        {
            "CHANGE_FORM-action": "record_counter_notice",
            "_selected_action": takedown_request.pk,
            "confirm": "yes",
            "name": "Pat Publisher",
            "email": "p" * 65 + "@example.com",
            "postal_address": "2 Example Road",
            "phone": "+1 555 0100",
            "country": "US",
            "reason": "licensed",
            "explanation": "We hold a licence for this photograph.",
            "signature": "Pat Publisher",
            "received_at": "2026-11-24 10:30",
        },
    )

    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    takedown_request.refresh_from_db()
    assert takedown_request.status == S.ACTION_TAKEN
    assert not takedown_request.counter_notices.exists()
