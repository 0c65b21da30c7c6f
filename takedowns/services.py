"""Writes to takedown requests: one function per transition (docs/takedown.md).

Each locks the request, checks the move with the model's guard, saves,
appends exactly one TakedownEvent, applies or lifts restrictions, and queues
mail and cache purges with `transaction.on_commit`, so a rolled-back decision
is never announced and a failing mail server never loses a request.
"""

from datetime import timedelta
from functools import partial

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from articles.models import RestrictionScope
from articles.services.restriction import (
    restriction_apply,
    restrictions_expire,
    restrictions_lift,
)
from takedowns.deadlines import decision_due, restore_window
from takedowns.mail import claimant_message_create
from takedowns.models import (
    OPEN_STATUSES,
    CounterNotice,
    TakedownActorKind,
    TakedownEvent,
    TakedownItem,
    TakedownItemScope,
    TakedownRequest,
    TakedownRequestStatus,
    TakedownRightType,
)
from takedowns.tasks import send_takedown_message

User = AbstractBaseUser
DUPLICATE_WINDOW = timedelta(days=30)


# Events and mail -----------------------------------------------------------


def record_event(
    *,
    takedown_request: TakedownRequest,
    action: str,
    by: User | None,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    payload: dict | None = None,
    actor_kind: str | None = None,
) -> TakedownEvent:
    """Append one event to the request's log; the caller holds its lock."""
    last = takedown_request.events.aggregate(last=Max("seq"))["last"] or 0
    if actor_kind is None:
        actor_kind = TakedownActorKind.SYSTEM if by is None else TakedownActorKind.STAFF
    return TakedownEvent.objects.create(
        takedown_request=takedown_request,
        seq=last + 1,
        action=action,
        from_status=from_status,
        to_status=to_status,
        actor=by,
        actor_kind=actor_kind,
        note=note,
        payload=payload or {},
    )


def english_label(choice) -> str:
    """Return a choice's label untranslated: the msgid pages translate."""
    with translation.override(None):
        return str(choice.label)


def queue_claimant_mail(*, takedown_request: TakedownRequest) -> None:
    """Store a mail telling the claimant of the step just taken, and send it
    on commit. The step's event is recorded first: the mail quotes its note."""
    message = claimant_message_create(takedown_request=takedown_request)
    transaction.on_commit(partial(send_takedown_message.enqueue, message_id=message.pk))


# The transitions -----------------------------------------------------------


def locked(takedown_request: TakedownRequest) -> TakedownRequest:
    # Lock the row: two reviewers may decide the same request at once.
    return TakedownRequest.objects.select_for_update().get(pk=takedown_request.pk)


@transaction.atomic
def takedown_request_create(
    *,
    takedown_request: TakedownRequest,
    items: list[dict],
    actor_kind: str = TakedownActorKind.NOTIFIER,
) -> TakedownRequest:
    """Store a new notice and its items, then acknowledge it by mail on commit.

    `takedown_request` is unsaved; `items` are dicts of story, scope,
    language and detail. Everything is saved before the claimant is told
    anything. An exact repeat (same e-mail and stories, original still
    open, within 30 days) is stored and merged into the original.
    """
    now = timezone.now()
    takedown_request.submitted_at = now
    takedown_request.due_at = decision_due(now)
    takedown_request.full_clean()
    takedown_request.save()
    for item in items:
        TakedownItem.objects.create(takedown_request=takedown_request, **item)
    record_event(
        takedown_request=takedown_request,
        action="create",
        by=None,
        to_status=takedown_request.status,
        actor_kind=actor_kind,
        payload={"stories": [item["story"].pk for item in items]},
    )
    original = find_original(takedown_request)
    if original is not None:
        takedown_request.mark_duplicate(by=None, original=original)
        takedown_request.save(update_fields=["status", "duplicate_of", "closed_at"])
        record_event(
            takedown_request=takedown_request,
            action="mark_duplicate",
            by=None,
            from_status=TakedownRequestStatus.RECEIVED,
            to_status=takedown_request.status,
            payload={"duplicate_of": original.reference},
        )
    queue_claimant_mail(takedown_request=takedown_request)
    return takedown_request


def find_original(takedown_request: TakedownRequest) -> TakedownRequest | None:
    """Return the open request this one repeats exactly, if any."""
    story_ids = set(takedown_request.items.values_list("story", flat=True))
    candidates = (
        TakedownRequest.objects.filter(
            email_normalised=takedown_request.email_normalised,
            status__in=OPEN_STATUSES,
            submitted_at__gte=takedown_request.submitted_at - DUPLICATE_WINDOW,
            duplicate_of__isnull=True,
        )
        .exclude(pk=takedown_request.pk)
        .prefetch_related("items")
    )
    for candidate in candidates:
        if {item.story_id for item in candidate.items.all()} == story_ids:
            return candidate
    return None


def transition(
    takedown_request: TakedownRequest,
    *,
    guard: str,
    by: User | None,
    note: str = "",
    payload: dict | None = None,
    pass_note: bool = False,
    **guard_kwargs,
) -> TakedownRequest:
    """Lock, guard, save and record: the steps every transition shares.

    Calls the model's guard `guard` on the locked row (raising
    InvalidTransition if someone else moved the request first) and appends
    exactly one event.
    """
    request_row = locked(takedown_request)
    from_status = request_row.status
    if pass_note:
        guard_kwargs["note"] = note
    getattr(request_row, guard)(by=by, **guard_kwargs)
    request_row.full_clean()
    request_row.save()
    record_event(
        takedown_request=request_row,
        action=guard,
        by=by,
        from_status=from_status,
        to_status=request_row.status,
        note=note,
        payload=payload,
    )
    return request_row


@transaction.atomic
def takedown_request_acknowledge(
    *, takedown_request: TakedownRequest, by: User
) -> TakedownRequest:
    """Take a received request into review, assigned to `by`."""
    return transition(takedown_request, guard="acknowledge", by=by)


@transaction.atomic
def takedown_request_ask_info(
    *, takedown_request: TakedownRequest, by: User, note: str
) -> TakedownRequest:
    """Ask the claimant for what is missing (`note`); it lapses in 14 days."""
    request_row = transition(
        takedown_request, guard="ask_info", by=by, note=note, pass_note=True
    )
    queue_claimant_mail(takedown_request=request_row)
    return request_row


@transaction.atomic
def takedown_request_resume_review(
    *, takedown_request: TakedownRequest, by: User, note: str = ""
) -> TakedownRequest:
    """Return a request to review once the claimant has supplied what was asked."""
    return transition(takedown_request, guard="resume_review", by=by, note=note)


@transaction.atomic
def takedown_request_lapse(*, takedown_request: TakedownRequest) -> TakedownRequest:
    """Close a request whose claimant did not answer within 14 days."""
    request_row = locked(takedown_request)
    from_status = request_row.status
    request_row.lapse()
    request_row.save()
    record_event(
        takedown_request=request_row,
        action="lapse",
        by=None,
        from_status=from_status,
        to_status=request_row.status,
    )
    queue_claimant_mail(takedown_request=request_row)
    return request_row


@transaction.atomic
def takedown_request_accept(
    *,
    takedown_request: TakedownRequest,
    by: User,
    note: str = "",
    scopes: dict[int, tuple[str, str]] | None = None,
) -> TakedownRequest:
    """Accept a notice: restrict each claimed story and tell the claimant.

    `scopes` maps an item id to the (scope, language) decided for it;
    items not named keep the scope claimed (an excerpt claim restricts the
    whole story). Hero-image restrictions hide the picture on every story
    that uses it. Cached pages are purged after commit.
    """
    request_row = locked(takedown_request)
    scopes = scopes or {}
    from_status = request_row.status
    request_row.accept(by=by, note=note)
    request_row.full_clean()
    request_row.save()
    applied = []
    for item in request_row.items.select_related("story"):
        scope, language = scopes.get(item.pk, (item.scope, item.language))
        if scope == TakedownItemScope.EXCERPT:
            scope, language = RestrictionScope.WHOLE, ""
        restriction = restriction_apply(
            story=item.story,
            cause=item,
            reference=request_row.reference,
            reason=english_label(TakedownRightType(request_row.right_type)),
            scope=scope,
            language=language,
            by=by,
        )
        applied.append(
            {
                "story": item.story_id,
                "scope": restriction.scope,
                "language": restriction.language,
            }
        )
    record_event(
        takedown_request=request_row,
        action="accept",
        by=by,
        from_status=from_status,
        to_status=request_row.status,
        note=note,
        payload={"restrictions": applied},
    )
    queue_claimant_mail(takedown_request=request_row)
    return request_row


@transaction.atomic
def takedown_request_reject(
    *, takedown_request: TakedownRequest, by: User, note: str
) -> TakedownRequest:
    """Reject a notice with the reason `note`, which the claimant is sent.

    Raise InvalidTransition if someone else decided the request first.
    """
    request_row = transition(
        takedown_request, guard="reject", by=by, note=note, pass_note=True
    )
    queue_claimant_mail(takedown_request=request_row)
    return request_row


@transaction.atomic
def takedown_request_mark_duplicate(
    *, takedown_request: TakedownRequest, by: User, original: TakedownRequest
) -> TakedownRequest:
    """Merge a received request into `original`, and tell the claimant."""
    request_row = transition(
        takedown_request,
        guard="mark_duplicate",
        by=by,
        original=original,
        payload={"duplicate_of": original.reference},
    )
    queue_claimant_mail(takedown_request=request_row)
    return request_row


@transaction.atomic
def takedown_request_withdraw(
    *, takedown_request: TakedownRequest, by: User | None, note: str = ""
) -> TakedownRequest:
    """Close a request its claimant withdrew."""
    request_row = transition(takedown_request, guard="withdraw", by=by, note=note)
    queue_claimant_mail(takedown_request=request_row)
    return request_row


@transaction.atomic
def counter_notice_record(
    *, takedown_request: TakedownRequest, by: User, counter_notice: CounterNotice
) -> CounterNotice:
    """Record a valid counter-notice and schedule the restore.

    17 U.S.C. § 512(g)(2)(C): the story comes back no earlier than 10 and
    no later than 14 business days after the counter-notice was received,
    unless a court action is notified (a legal hold). The dates are stored
    now and never recomputed; restrictions expire at the earliest one.
    """
    request_row = locked(takedown_request)
    from_status = request_row.status
    request_row.record_counter_notice(by=by)
    not_before, deadline = restore_window(counter_notice.received_at)
    counter_notice.takedown_request = request_row
    counter_notice.recorded_by = by
    counter_notice.restore_not_before = not_before
    counter_notice.restore_deadline = deadline
    counter_notice.full_clean()
    counter_notice.save()
    request_row.save()
    restrictions_expire(request_row.restrictions, at=not_before)
    record_event(
        takedown_request=request_row,
        action="counter_notice",
        by=by,
        from_status=from_status,
        to_status=request_row.status,
        payload={
            "restore_not_before": not_before.isoformat(),
            "restore_deadline": deadline.isoformat(),
        },
    )
    queue_claimant_mail(takedown_request=request_row)
    return counter_notice


@transaction.atomic
def takedown_request_place_hold(
    *, takedown_request: TakedownRequest, by: User, note: str
) -> TakedownRequest:
    """Keep the restriction while a notified court action runs."""
    request_row = transition(
        takedown_request, guard="place_hold", by=by, note=note, pass_note=True
    )
    # The restrictions no longer expire on the counter-notice date.
    restrictions_expire(request_row.restrictions, at=None)
    queue_claimant_mail(takedown_request=request_row)
    return request_row


@transaction.atomic
def takedown_request_restore(
    *, takedown_request: TakedownRequest, by: User | None, note: str = ""
) -> TakedownRequest:
    """Lift the request's restrictions and tell the claimant.

    `by=None` is the timer restoring after a counter-notice. From a legal
    hold, this is lifting the hold: staff give the reason in `note`. After
    a counter-notice, refused before business day 10 (the model's guard).
    """
    return restore_stories(takedown_request, guard="restore", by=by, note=note)


@transaction.atomic
def takedown_request_restore_early(
    *, takedown_request: TakedownRequest, by: User, reason: str, note: str
) -> TakedownRequest:
    """Restore a counter-noticed request before business day 10: an override.

    `reason` is an EarlyRestoreReason; it and `note` are recorded with who
    restored, in the event log.
    """
    return restore_stories(
        takedown_request,
        guard="restore_early",
        by=by,
        note=note,
        reason=reason,
        payload={"early_restore_reason": reason},
    )


def restore_stories(
    takedown_request: TakedownRequest,
    *,
    guard: str,
    by: User | None,
    note: str,
    payload: dict | None = None,
    **guard_kwargs,
) -> TakedownRequest:
    """Lock, guard, lift the restrictions, record and tell the claimant."""
    request_row = locked(takedown_request)
    from_status = request_row.status
    getattr(request_row, guard)(by=by, note=note, **guard_kwargs)
    request_row.save()
    lifted = restrictions_lift(
        request_row.restrictions, by=by, reason=note or _("Counter-notice")
    )
    record_event(
        takedown_request=request_row,
        action=guard,
        by=by,
        from_status=from_status,
        to_status=request_row.status,
        note=note,
        payload={**(payload or {}), "lifted": lifted},
    )
    queue_claimant_mail(takedown_request=request_row)
    return request_row
