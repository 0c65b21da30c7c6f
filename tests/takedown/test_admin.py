import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import StoryRestriction
from articles.roles import all_roles
from takedowns.models import TakedownRequestStatus
from tests.factories import StoryFactory, TakedownRequestFactory

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
CHANGELIST = "admin:takedowns_takedownrequest_changelist"


def change_url(takedown_request):
    return reverse("admin:takedowns_takedownrequest_change", args=[takedown_request.pk])


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
