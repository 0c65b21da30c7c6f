import itertools

import pytest
from django.utils import timezone

from takedowns.models import (
    InvalidTransition,
    TakedownEvent,
    TakedownMove,
    TakedownRequest,
    TakedownRequestStatus,
)
from tests.factories import StoryFactory, TakedownRequestFactory

S = TakedownRequestStatus
M = TakedownMove

# The legal moves (docs/takedown.md), written out again on purpose: a change
# to the table on the model must be a deliberate change here too. Only
# Acknowledge takes a received request into review, and only Resume review
# takes back one that waited for information.
ALLOWED = {
    (S.RECEIVED, M.ACKNOWLEDGE, S.UNDER_REVIEW),
    (S.RECEIVED, M.REJECT, S.REJECTED),
    (S.RECEIVED, M.MARK_DUPLICATE, S.DUPLICATE),
    (S.RECEIVED, M.WITHDRAW, S.WITHDRAWN),
    (S.UNDER_REVIEW, M.ASK_INFO, S.NEEDS_INFO),
    (S.UNDER_REVIEW, M.ACCEPT, S.ACTION_TAKEN),
    (S.UNDER_REVIEW, M.REJECT, S.REJECTED),
    (S.UNDER_REVIEW, M.WITHDRAW, S.WITHDRAWN),
    (S.NEEDS_INFO, M.RESUME_REVIEW, S.UNDER_REVIEW),
    (S.NEEDS_INFO, M.LAPSE, S.LAPSED),
    (S.NEEDS_INFO, M.WITHDRAW, S.WITHDRAWN),
    (S.ACTION_TAKEN, M.RECORD_COUNTER_NOTICE, S.COUNTER_NOTICE),
    (S.ACTION_TAKEN, M.RESTORE, S.RESTORED),
    (S.COUNTER_NOTICE, M.PLACE_HOLD, S.LEGAL_HOLD),
    (S.COUNTER_NOTICE, M.RESTORE, S.RESTORED),
    (S.COUNTER_NOTICE, M.RESTORE_EARLY, S.RESTORED),
    (S.LEGAL_HOLD, M.RESTORE, S.RESTORED),
    (S.LEGAL_HOLD, M.RESTORE_EARLY, S.RESTORED),
}


@pytest.mark.parametrize(
    ("from_status", "move"), list(itertools.product(S.values, M.values))
)
def test_transition_table_allows_exactly_the_designed_moves(from_status, move):
    takedown_request = TakedownRequest(reference="TD-TEST-0001", status=from_status)
    allowed = {(start, name): end for start, name, end in ALLOWED}

    if (from_status, move) in allowed:
        takedown_request.check_transition(move)
        assert (
            TakedownRequest.TRANSITIONS[from_status][move]
            == (allowed[(from_status, move)])
        )
    else:
        with pytest.raises(InvalidTransition, match="TD-TEST-0001"):
            takedown_request.check_transition(move)


def test_every_status_is_in_the_table():
    assert set(TakedownRequest.TRANSITIONS) == set(S.values)


def test_each_move_leads_to_one_status_wherever_it_starts():
    for move in M.values:
        ends = {end for _start, name, end in ALLOWED if name == move}
        assert len(ends) == 1, move


@pytest.mark.parametrize("from_status", S.values)
def test_available_moves_are_the_designed_moves(from_status):
    takedown_request = TakedownRequest(status=from_status, track="us-dmca")

    assert takedown_request.available_moves() == {
        move for start, move, _end in ALLOWED if start == from_status
    }


def test_no_counter_notice_is_available_off_the_dmca_track():
    takedown_request = TakedownRequest(status=S.ACTION_TAKEN, track="eu-dsa")

    assert takedown_request.available_moves() == {M.RESTORE}


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
