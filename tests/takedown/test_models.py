import itertools

import pytest
from django.utils import timezone

from takedowns.models import (
    InvalidTransition,
    TakedownEvent,
    TakedownRequest,
    TakedownRequestStatus,
)
from tests.factories import StoryFactory, TakedownRequestFactory

S = TakedownRequestStatus

# The legal moves (docs/takedown.md), written out again on purpose: a change
# to the table on the model must be a deliberate change here too.
ALLOWED = {
    (S.RECEIVED, S.UNDER_REVIEW),
    (S.RECEIVED, S.REJECTED),
    (S.RECEIVED, S.DUPLICATE),
    (S.RECEIVED, S.WITHDRAWN),
    (S.UNDER_REVIEW, S.NEEDS_INFO),
    (S.UNDER_REVIEW, S.ACTION_TAKEN),
    (S.UNDER_REVIEW, S.REJECTED),
    (S.UNDER_REVIEW, S.WITHDRAWN),
    (S.NEEDS_INFO, S.UNDER_REVIEW),
    (S.NEEDS_INFO, S.LAPSED),
    (S.NEEDS_INFO, S.WITHDRAWN),
    (S.ACTION_TAKEN, S.COUNTER_NOTICE),
    (S.ACTION_TAKEN, S.RESTORED),
    (S.COUNTER_NOTICE, S.LEGAL_HOLD),
    (S.COUNTER_NOTICE, S.RESTORED),
    (S.LEGAL_HOLD, S.RESTORED),
}


@pytest.mark.parametrize(
    ("from_status", "to_status"), list(itertools.product(S.values, repeat=2))
)
def test_transition_table_allows_exactly_the_designed_moves(from_status, to_status):
    takedown_request = TakedownRequest(reference="TD-TEST-0001", status=from_status)

    if (from_status, to_status) in ALLOWED:
        takedown_request.check_transition(to_status)
    else:
        with pytest.raises(InvalidTransition, match="TD-TEST-0001"):
            takedown_request.check_transition(to_status)


def test_every_status_is_in_the_table():
    assert set(TakedownRequest.TRANSITIONS) == set(S.values)


@pytest.mark.parametrize("from_status", S.values)
def test_available_transitions_are_the_designed_moves(from_status):
    takedown_request = TakedownRequest(status=from_status, track="us-dmca")

    assert takedown_request.available_transitions() == {
        to_status for start, to_status in ALLOWED if start == from_status
    }


def test_no_counter_notice_is_available_off_the_dmca_track():
    takedown_request = TakedownRequest(status=S.ACTION_TAKEN, track="eu-dsa")

    assert takedown_request.available_transitions() == {S.RESTORED}


def test_guard_changes_the_object_in_memory_only():
    takedown_request = TakedownRequest(status=S.UNDER_REVIEW)

    takedown_request.reject(by=None, note="Quotation is allowed.")

    assert takedown_request.status == S.REJECTED
    assert takedown_request.decided_at is not None
    assert takedown_request.pk is None


def test_reject_without_a_reason_is_refused():
    takedown_request = TakedownRequest(status=S.UNDER_REVIEW)

    with pytest.raises(InvalidTransition, match="reason"):
        takedown_request.reject(by=None, note="   ")
    assert takedown_request.status == S.UNDER_REVIEW


def test_counter_notice_only_on_the_dmca_track():
    takedown_request = TakedownRequest(status=S.ACTION_TAKEN, track="eu-dsa")

    with pytest.raises(InvalidTransition, match="US-DMCA"):
        takedown_request.record_counter_notice(by=None)


def test_guards_cannot_be_called_from_templates():
    for name in ("accept", "reject", "restore", "acknowledge", "withdraw"):
        assert getattr(TakedownRequest, name).alters_data is True


def test_reference_is_random_and_readable():
    references = {TakedownRequest().reference for _index in range(50)}

    assert len(references) == 50
    for reference in references:
        assert reference.startswith("TD-")
        assert not set(reference[3:]) & set("01ILO")


@pytest.mark.django_db
def test_events_are_append_only():
    takedown_request = TakedownRequestFactory(stories=[StoryFactory()])
    event = TakedownEvent.objects.create(
        takedown_request=takedown_request, seq=1, action="create", actor_kind="system"
    )

    event.note = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()
    event.refresh_from_db()
    assert event.note == ""
    assert TakedownEvent.objects.filter(pk=event.pk).exists()
    assert event.created_at <= timezone.now()
