"""Takedown requests: a rights holder's notice, its review, and its effect.

A decision never deletes a story: accepting a notice adds StoryRestriction
rows, which `StoryQuerySet.published()` and `Story.public_state()` read, and a
restore lifts them. TakedownRequest.TRANSITIONS is the one place the legal
moves are written; the services in `takedowns.services` do the rest.
"""

import secrets
from typing import Self

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Story, StoryRestriction
from articles.models.base import PlainTextModel, Timestamped
from takedowns.deadlines import legal_time
from takedowns.validators import validate_mailbox_length

# Reference alphabet: no 0/O or 1/I/L, so a reference read over the phone
# is unambiguous.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
STATUS_TOKEN_SALT = "takedown.status"  # noqa: S105 (a salt, not a secret)


class InvalidTransition(ValidationError):
    """A takedown request cannot move to the asked status from its own.

    A ValidationError, so the admin and forms show its message.
    """


class TakedownRequestStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    UNDER_REVIEW = "under-review", _("Under review")
    NEEDS_INFO = "needs-info", _("Needs information")
    ACTION_TAKEN = "action-taken", _("Action taken")
    REJECTED = "rejected", _("Rejected")
    DUPLICATE = "duplicate", _("Duplicate")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    LAPSED = "lapsed", _("Lapsed")
    COUNTER_NOTICE = "counter-notice", _("Counter-notice received")
    LEGAL_HOLD = "legal-hold", _("Legal hold")
    RESTORED = "restored", _("Restored")


class TakedownMove(models.TextChoices):
    """The steps a takedown request can take, each by its own guard.

    The admin's actions have these names and labels. Two moves may lead to
    the same status from different ones (acknowledge and resume review both
    lead into review), so the table names the move, not only its end.
    """

    ACKNOWLEDGE = "acknowledge", _("Acknowledge and start review")
    ASK_INFO = "ask_info", _("Ask the claimant for more information")
    RESUME_REVIEW = "resume_review", _("Resume review (information supplied)")
    LAPSE = "lapse", _("Lapse (no answer within 14 days)")
    ACCEPT = "accept", _("Accept: restrict the stories")
    REJECT = "reject", _("Reject")
    MARK_DUPLICATE = "mark_duplicate", _("Mark as duplicate")
    WITHDRAW = "withdraw", _("Withdraw (the claimant asked)")
    RECORD_COUNTER_NOTICE = "record_counter_notice", _("Record a counter-notice")
    PLACE_HOLD = "place_hold", _("Place a legal hold (court action notified)")
    RESTORE = "restore", _("Restore the stories (lift the restriction or hold)")
    RESTORE_EARLY = (
        "restore_early",
        _("Restore before business day 10 (override, reason required)"),
    )


class EarlyRestoreReason(models.TextChoices):
    """Why Legal restores a counter-noticed story before the law's wait ends."""

    COURT_ORDER = "court-order", _("A court ordered it")
    NOTICE_WITHDRAWN = "notice-withdrawn", _("The claimant withdrew the notice")
    OTHER = "other", _("Other (explained in the note)")


class TakedownTrack(models.TextChoices):
    US_DMCA = "us-dmca", _("United States (DMCA)")
    EU_DSA = "eu-dsa", _("European Union (DSA)")
    OTHER = "other", _("Other")


class TakedownRightType(models.TextChoices):
    COPYRIGHT = "copyright", _("Copyright")
    PRESS_PUBLISHER = "press", _("Press publishers' right")
    TRADEMARK = "trademark", _("Trademark")
    DEFAMATION = "defamation", _("Defamation or personality right")
    PRIVACY = "privacy", _("Privacy")
    OTHER = "other", _("Other")


class TakedownActingAs(models.TextChoices):
    RIGHTS_HOLDER = "holder", _("The rights holder")
    EMPLOYEE = "employee", _("An employee of the rights holder")
    AGENT = "agent", _("An authorised agent")


class TakedownRemedy(models.TextChoices):
    REMOVE_STORY = "remove-story", _("Remove the story")
    REMOVE_IMAGE = "remove-image", _("Remove the image")
    EXTRACT = "extract", _("Shorten to an extract with a link")
    CREDIT = "credit", _("Add or fix the credit")
    CORRECT = "correct", _("Correct the text")
    OTHER = "other", _("Other")


class TakedownItemScope(models.TextChoices):
    WHOLE = "whole", _("The whole story")
    HERO_IMAGE = "hero-image", _("The hero image only")
    LANGUAGE = "language", _("One language version")
    EXCERPT = "excerpt", _("An excerpt")


class TakedownActorKind(models.TextChoices):
    STAFF = "staff", _("Staff")
    SYSTEM = "system", _("System")
    NOTIFIER = "notifier", _("Notifier")


class CounterNoticeReason(models.TextChoices):
    LICENSED = "licensed", _("Licensed")
    FAIR_USE = "fair-use", _("Quotation or fair use")
    NOT_THE_WORK = "not-the-work", _("Not the work claimed")
    MISIDENTIFIED = "misidentified", _("Misidentified")
    OTHER = "other", _("Other")


class OutboundMessageStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


# The statuses in which the claim is still open: a repeat is merged into it.
OPEN_STATUSES = [
    TakedownRequestStatus.RECEIVED,
    TakedownRequestStatus.UNDER_REVIEW,
    TakedownRequestStatus.NEEDS_INFO,
]


def new_reference() -> str:
    """Return a random, non-sequential reference such as TD-7KQ3-M9XD."""
    characters = [secrets.choice(REFERENCE_ALPHABET) for _index in range(8)]
    return "TD-{}-{}".format("".join(characters[:4]), "".join(characters[4:]))


def new_nonce() -> str:
    return secrets.token_urlsafe(12)


class TakedownRequestQuerySet(models.QuerySet):
    def open(self) -> Self:
        """Return requests that still wait for a decision."""
        return self.filter(status__in=OPEN_STATUSES)

    def due_for_lapse(self) -> Self:
        """Return requests whose wait for more information has ended."""
        return self.filter(
            status=TakedownRequestStatus.NEEDS_INFO, lapse_at__lte=timezone.now()
        )

    def due_for_restore(self) -> Self:
        """Return counter-noticed requests whose waiting period has ended."""
        return self.filter(
            status=TakedownRequestStatus.COUNTER_NOTICE,
            counter_notices__restore_not_before__lte=timezone.now(),
        ).distinct()


class TakedownRequest(Timestamped):
    S, M = TakedownRequestStatus, TakedownMove
    # Each status, the moves it allows and the status each leads to: the
    # only place the legal moves are written (docs/takedown.md). Tested over
    # every status and move.
    TRANSITIONS = {
        S.RECEIVED: {
            M.ACKNOWLEDGE: S.UNDER_REVIEW,
            M.REJECT: S.REJECTED,
            M.MARK_DUPLICATE: S.DUPLICATE,
            M.WITHDRAW: S.WITHDRAWN,
        },
        S.UNDER_REVIEW: {
            M.ASK_INFO: S.NEEDS_INFO,
            M.ACCEPT: S.ACTION_TAKEN,
            M.REJECT: S.REJECTED,
            M.WITHDRAW: S.WITHDRAWN,
        },
        S.NEEDS_INFO: {
            M.RESUME_REVIEW: S.UNDER_REVIEW,
            M.LAPSE: S.LAPSED,
            M.WITHDRAW: S.WITHDRAWN,
        },
        S.ACTION_TAKEN: {
            M.RECORD_COUNTER_NOTICE: S.COUNTER_NOTICE,
            M.RESTORE: S.RESTORED,
        },
        S.COUNTER_NOTICE: {
            M.PLACE_HOLD: S.LEGAL_HOLD,
            M.RESTORE: S.RESTORED,
            M.RESTORE_EARLY: S.RESTORED,
        },
        S.LEGAL_HOLD: {M.RESTORE: S.RESTORED, M.RESTORE_EARLY: S.RESTORED},
        S.REJECTED: {},
        S.DUPLICATE: {},
        S.WITHDRAWN: {},
        S.LAPSED: {},
        S.RESTORED: {},
    }
    del S, M

    reference = models.CharField(
        _("reference"), max_length=20, unique=True, default=new_reference
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=TakedownRequestStatus,
        default=TakedownRequestStatus.RECEIVED,
    )
    track = models.CharField(_("track"), max_length=10, choices=TakedownTrack)
    right_type = models.CharField(
        _("type of right"), max_length=12, choices=TakedownRightType
    )
    locale = models.CharField(
        _("language of the notice"), max_length=10, choices=settings.LANGUAGES
    )
    # The claimant: personal data, shown only with view_takedown_pii.
    name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(
        _("e-mail"), max_length=254, validators=[validate_mailbox_length]
    )
    email_normalised = models.CharField(
        _("normalised e-mail"), max_length=254, db_index=True, editable=False
    )
    acting_as = models.CharField(
        _("acting as"), max_length=10, choices=TakedownActingAs
    )
    principal_name = models.CharField(
        _("rights holder represented"), max_length=200, blank=True
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    postal_address = models.TextField(_("postal address"), max_length=1000, blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    country = models.CharField(_("country"), max_length=2)
    signature = models.CharField(_("signature"), max_length=200)
    # The claim.
    work_description = models.TextField(_("the work"), max_length=5000, blank=True)
    original_urls = models.JSONField(_("original URLs"), default=list, blank=True)
    explanation = models.TextField(_("explanation"), max_length=10000)
    requested_remedy = models.CharField(
        _("remedy asked"), max_length=15, choices=TakedownRemedy
    )
    # Declaration id -> wording version the claimant accepted.
    declarations = models.JSONField(_("declarations"), default=dict)
    # Submission.
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    ip_hmac = models.CharField(_("IP address HMAC"), max_length=64, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    status_token_nonce = models.CharField(
        _("status link nonce"), max_length=32, default=new_nonce, editable=False
    )
    # Handling.
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    due_at = models.DateTimeField(_("decision due"), null=True, blank=True)
    lapse_at = models.DateTimeField(_("lapses"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(
        _("decision note"),
        blank=True,
        help_text=_("Sent to the claimant with the decision."),
    )
    duplicate_of = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = TakedownRequestQuerySet.as_manager()

    class Meta:
        db_table = "articles_takedownrequest"
        ordering = ["-submitted_at"]
        verbose_name = _("takedown request")
        verbose_name_plural = _("takedown requests")
        permissions = [
            ("handle_takedown", _("Can review and decide takedown requests")),
            ("view_takedown_pii", _("Can see the personal data of claimants")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=TakedownRequestStatus.values),
                name="takedown_request_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    status=TakedownRequestStatus.DUPLICATE, duplicate_of__isnull=False
                )
                | (
                    ~Q(status=TakedownRequestStatus.DUPLICATE)
                    & Q(duplicate_of__isnull=True)
                ),
                name="takedown_request_duplicate_has_original",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["submitted_at"]),
        ]

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        self.email_normalised = normalise_email(self.email)
        super().save(*args, **kwargs)

    @property
    def status_token(self) -> str:
        """The secret of the claimant's status link; no expiry (cases last months).

        Staff revoke old links by giving the request a new nonce.
        """
        return signing.dumps(
            {"ref": self.reference, "n": self.status_token_nonce},
            salt=STATUS_TOKEN_SALT,
        )

    @property
    def restrictions(self):
        """Return the story restrictions this request's claims caused."""
        return StoryRestriction.objects.filter(takedown_item__takedown_request=self)

    @property
    def takes_counter_notices(self) -> bool:
        """Whether a counter-notice can restore this request's stories.

        17 U.S.C. § 512(g) sets the restore after a counter-notice; the other
        tracks have no such step.
        """
        return self.track == TakedownTrack.US_DMCA

    @property
    def counter_notice(self) -> "CounterNotice | None":
        """Return the counter-notice recorded against this request, if any."""
        return self.counter_notices.order_by("-received_at").first()

    @property
    def restore_not_before(self):
        """When a counter-noticed request may be restored; None without one."""
        counter_notice = self.counter_notice
        return counter_notice.restore_not_before if counter_notice else None

    def available_moves(self) -> set[str]:
        """Return the moves this request may take now.

        The table's moves from its status, less those its guards refuse for
        the request itself (a counter-notice off the US-DMCA track).
        """
        moves = set(self.TRANSITIONS[self.status])
        if not self.takes_counter_notices:
            moves.discard(TakedownMove.RECORD_COUNTER_NOTICE)
        return moves

    def check_transition(self, move: str) -> None:
        """Raise InvalidTransition unless the table allows `move` from here."""
        moves = self.TRANSITIONS[self.status]
        if move in moves:
            return
        next_status = MOVE_RESULTS[move]
        context = {
            "reference": self.reference,
            "current": TakedownRequestStatus(self.status).label,
            "next": TakedownRequestStatus(next_status).label,
        }
        others = [other for other, result in moves.items() if result == next_status]
        if others:
            # Another step leads there: say which, e.g. "Acknowledge" and
            # not "Resume review" from Received.
            raise InvalidTransition(
                _(
                    "%(reference)s is “%(current)s”: it becomes “%(next)s” "
                    "only by “%(move)s”."
                )
                % {**context, "move": TakedownMove(others[0]).label},
                code="invalid_transition",
            )
        raise InvalidTransition(
            _("%(reference)s is “%(current)s” and cannot become “%(next)s”.") % context,
            code="invalid_transition",
        )

    # Guards: they check the table and preconditions and change the object in
    # memory only. Services lock, save, write the event and do the rest.

    def acknowledge(self, *, by) -> None:
        self.check_transition(TakedownMove.ACKNOWLEDGE)
        self.status = TakedownRequestStatus.UNDER_REVIEW
        self.assigned_to = by
        self.acknowledged_at = timezone.now()

    acknowledge.alters_data = True

    def ask_info(self, *, by, note: str) -> None:
        self.check_transition(TakedownMove.ASK_INFO)
        require_note(note)
        self.status = TakedownRequestStatus.NEEDS_INFO
        self.decision_note = note
        self.lapse_at = timezone.now() + NEEDS_INFO_LAPSE

    ask_info.alters_data = True

    def resume_review(self, *, by) -> None:
        self.check_transition(TakedownMove.RESUME_REVIEW)
        self.status = TakedownRequestStatus.UNDER_REVIEW
        self.lapse_at = None

    resume_review.alters_data = True

    def lapse(self) -> None:
        self.check_transition(TakedownMove.LAPSE)
        if self.lapse_at is None or self.lapse_at > timezone.now():
            raise InvalidTransition(
                _("%(reference)s has not lapsed yet.") % {"reference": self.reference}
            )
        self.status = TakedownRequestStatus.LAPSED
        self.closed_at = timezone.now()

    lapse.alters_data = True

    def accept(self, *, by, note: str = "") -> None:
        self.check_transition(TakedownMove.ACCEPT)
        self.status = TakedownRequestStatus.ACTION_TAKEN
        self.decide(by=by, note=note)

    accept.alters_data = True

    def reject(self, *, by, note: str) -> None:
        self.check_transition(TakedownMove.REJECT)
        require_note(note)
        self.status = TakedownRequestStatus.REJECTED
        self.decide(by=by, note=note)
        self.closed_at = self.decided_at

    reject.alters_data = True

    def mark_duplicate(self, *, by, original: "TakedownRequest") -> None:
        self.check_transition(TakedownMove.MARK_DUPLICATE)
        if original.pk == self.pk or original.duplicate_of_id is not None:
            raise InvalidTransition(
                _("A request can only be merged into another original request.")
            )
        self.status = TakedownRequestStatus.DUPLICATE
        self.duplicate_of = original
        self.closed_at = timezone.now()

    mark_duplicate.alters_data = True

    def withdraw(self, *, by) -> None:
        self.check_transition(TakedownMove.WITHDRAW)
        self.status = TakedownRequestStatus.WITHDRAWN
        self.closed_at = timezone.now()

    withdraw.alters_data = True

    def record_counter_notice(self, *, by) -> None:
        self.check_transition(TakedownMove.RECORD_COUNTER_NOTICE)
        if not self.takes_counter_notices:
            raise InvalidTransition(
                _(
                    "Counter-notices with a restore date exist only on the "
                    "US-DMCA track."
                )
            )
        self.status = TakedownRequestStatus.COUNTER_NOTICE

    record_counter_notice.alters_data = True

    def place_hold(self, *, by, note: str) -> None:
        self.check_transition(TakedownMove.PLACE_HOLD)
        require_note(note)
        self.status = TakedownRequestStatus.LEGAL_HOLD

    place_hold.alters_data = True

    def restore(self, *, by, note: str = "") -> None:
        """Restore: from a decision, or after the counter-notice wait.

        17 U.S.C. § 512(g)(2)(C): once a counter-notice is in, the stories
        come back no earlier than business day 10, whoever restores them
        (the timer, staff, or staff lifting a legal hold). Earlier, only
        restore_early may, with its reason.
        """
        self.check_transition(TakedownMove.RESTORE)
        not_before = self.restore_not_before
        if not_before is not None and timezone.now() < not_before:
            raise InvalidTransition(
                _(
                    "%(reference)s may be restored from %(not_before)s, business "
                    "day 10 after the counter-notice. To restore it earlier, "
                    "use “%(override)s” and give the reason."
                )
                % {
                    "reference": self.reference,
                    "not_before": legal_time(not_before),
                    "override": TakedownMove.RESTORE_EARLY.label,
                }
            )
        if by is not None:
            require_note(note)
        self.status = TakedownRequestStatus.RESTORED
        self.closed_at = timezone.now()

    restore.alters_data = True

    def restore_early(self, *, by, reason: str, note: str) -> None:
        """Restore before business day 10 after the counter-notice: an override.

        Only a person can, for a stated reason (a court order, the claimant
        withdrawing the notice, or another one explained in `note`), and
        only while the wait lasts; afterwards restore is the step.
        """
        self.check_transition(TakedownMove.RESTORE_EARLY)
        if by is None:
            raise InvalidTransition(
                _("Only a member of staff can restore before the wait ends.")
            )
        if reason not in EarlyRestoreReason.values:
            raise InvalidTransition(_("Choose why the stories come back early."))
        require_note(note)
        not_before = self.restore_not_before
        if timezone.now() >= not_before:
            raise InvalidTransition(
                _(
                    "%(reference)s may be restored normally since %(not_before)s: "
                    "use “%(restore)s”."
                )
                % {
                    "reference": self.reference,
                    "not_before": legal_time(not_before),
                    "restore": TakedownMove.RESTORE.label,
                }
            )
        self.status = TakedownRequestStatus.RESTORED
        self.closed_at = timezone.now()

    restore_early.alters_data = True

    def decide(self, *, by, note: str) -> None:
        self.decided_by = by
        self.decided_at = timezone.now()
        self.decision_note = note

    decide.alters_data = True


def require_note(note: str) -> None:
    if not (note or "").strip():
        raise InvalidTransition(_("Give a reason; it is recorded and sent."))


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


NEEDS_INFO_LAPSE = timezone.timedelta(days=14)

# The status each move leads to, whatever status it starts from.
MOVE_RESULTS = {
    move: result
    for moves in TakedownRequest.TRANSITIONS.values()
    for move, result in moves.items()
}


class TakedownItem(Timestamped):
    """One story a notice names, with the part of it claimed."""

    takedown_request = models.ForeignKey(
        TakedownRequest,
        models.PROTECT,
        related_name="items",
        verbose_name=_("takedown request"),
    )
    story = models.ForeignKey(
        Story, models.PROTECT, related_name="takedown_items", verbose_name=_("story")
    )
    scope = models.CharField(_("scope"), max_length=12, choices=TakedownItemScope)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    detail = models.CharField(_("detail"), max_length=1000, blank=True)
    restrictions = GenericRelation(
        StoryRestriction,
        content_type_field="cause_type",
        object_id_field="cause_id",
        related_query_name="takedown_item",
    )

    class Meta:
        db_table = "articles_takedownitem"
        verbose_name = _("claimed story")
        verbose_name_plural = _("claimed stories")
        constraints = [
            models.UniqueConstraint(
                fields=["takedown_request", "story", "scope", "language"],
                name="takedown_item_unique",
            ),
            models.CheckConstraint(
                condition=Q(scope=TakedownItemScope.LANGUAGE) & ~Q(language="")
                | ~Q(scope=TakedownItemScope.LANGUAGE) & Q(language=""),
                name="takedown_item_language_only_for_language_scope",
            ),
        ]

    def __str__(self):
        return f"{self.story.slug} ({self.get_scope_display()})"


class TakedownEvent(PlainTextModel):
    """One step in a request's history. Append-only: never changed or deleted."""

    takedown_request = models.ForeignKey(
        TakedownRequest,
        models.PROTECT,
        related_name="events",
        verbose_name=_("takedown request"),
    )
    seq = models.PositiveIntegerField(_("number"), editable=False)
    created_at = models.DateTimeField(_("time"), default=timezone.now, editable=False)
    from_status = models.CharField(
        _("from"), max_length=20, choices=TakedownRequestStatus, blank=True
    )
    to_status = models.CharField(
        _("to"), max_length=20, choices=TakedownRequestStatus, blank=True
    )
    actor_kind = models.CharField(
        _("actor kind"), max_length=10, choices=TakedownActorKind
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=40)
    note = models.TextField(_("note"), blank=True)
    # No personal data here: ids, scopes, dates.
    payload = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        db_table = "articles_takedownevent"
        ordering = ["takedown_request", "seq"]
        verbose_name = _("takedown event")
        verbose_name_plural = _("takedown events")
        constraints = [
            models.UniqueConstraint(
                fields=["takedown_request", "seq"], name="takedown_event_seq_unique"
            )
        ]

    def __str__(self):
        return f"{self.takedown_request_id} #{self.seq}: {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise ValueError("Takedown events are append-only; add a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Takedown events are append-only and cannot be deleted.")


class CounterNotice(Timestamped):
    """The affected party's answer to an accepted notice (17 U.S.C. § 512(g)(3))."""

    takedown_request = models.ForeignKey(
        TakedownRequest,
        models.PROTECT,
        related_name="counter_notices",
        verbose_name=_("takedown request"),
    )
    name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(
        _("e-mail"), max_length=254, validators=[validate_mailbox_length]
    )
    postal_address = models.TextField(_("postal address"), max_length=1000)
    phone = models.CharField(_("telephone"), max_length=40)
    country = models.CharField(_("country"), max_length=2, blank=True)
    material_location = models.TextField(_("where the material was"), max_length=2000)
    reason = models.CharField(_("reason"), max_length=15, choices=CounterNoticeReason)
    explanation = models.TextField(_("explanation"), max_length=10000)
    # The statements 17 U.S.C. § 512(g)(3)(C) and (D) require: whether the
    # counter-notice makes each one.
    statement_under_penalty = models.BooleanField(
        _("statement under penalty of perjury"), default=False
    )
    consents_to_jurisdiction = models.BooleanField(
        _("consent to jurisdiction"), default=False
    )
    accepts_service = models.BooleanField(
        _("acceptance of service of process"), default=False
    )
    signature = models.CharField(_("signature"), max_length=200)
    received_at = models.DateTimeField(_("received"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    # 17 U.S.C. § 512(g)(2)(C): stored when recorded, never recomputed.
    restore_not_before = models.DateTimeField(_("restore not before"))
    restore_deadline = models.DateTimeField(_("restore by"))

    class Meta:
        db_table = "articles_counternotice"
        verbose_name = _("counter-notice")
        verbose_name_plural = _("counter-notices")

    def __str__(self):
        return f"{self.takedown_request.reference}: {self.received_at:%Y-%m-%d}"

    # What 17 U.S.C. § 512(g)(3) requires a counter-notice to contain.
    REQUIRED_ELEMENTS = [
        "signature",
        "material_location",
        "statement_under_penalty",
        "name",
        "postal_address",
        "phone",
        "consents_to_jurisdiction",
        "accepts_service",
    ]

    def missing_elements(self) -> list[str]:
        """Return the names of the required elements this counter-notice lacks."""
        missing = []
        for name in self.REQUIRED_ELEMENTS:
            value = getattr(self, name)
            present = value if isinstance(value, bool) else bool(value.strip())
            if not present:
                missing.append(str(self._meta.get_field(name).verbose_name))
        return missing

    def clean(self):
        """Refuse an incomplete counter-notice, or one outside the timeline.

        Without every element of § 512(g)(3) it is not a counter-notice: it
        starts no clock and the claimant is not told of it. It answers a
        decision, so it cannot arrive before the notice was submitted, before
        the decision, or after now; a date read the wrong way round (12 March
        for 3 December) lands outside and is caught here, before it sets a
        restore date already past.
        """
        errors = {}
        if missing := self.missing_elements():
            errors[NON_FIELD_ERRORS] = _(
                "This counter-notice lacks what 17 U.S.C. § 512(g)(3) requires: "
                "%(missing)s. Ask its sender for it; nothing has been recorded."
            ) % {"missing": ", ".join(missing)}
        if message := self.timeline_error():
            errors["received_at"] = message
        if errors:
            raise ValidationError(errors)

    def timeline_error(self) -> str | None:
        """Say why the receipt time does not fit the request, if it does not."""
        if self.received_at is None or self.takedown_request_id is None:
            return None
        takedown_request = self.takedown_request
        if self.received_at > timezone.now():
            return _("This is in the future; give the time it was received.")
        if self.received_at < takedown_request.submitted_at:
            return _(
                "This is before the notice was submitted (%(submitted)s): "
                "a counter-notice answers it. Check the day and the month."
            ) % {"submitted": legal_time(takedown_request.submitted_at)}
        if (
            takedown_request.decided_at is not None
            and self.received_at < takedown_request.decided_at
        ):
            return _(
                "This is before the decision it answers (%(decided)s). Check "
                "the day and the month."
            ) % {"decided": legal_time(takedown_request.decided_at)}
        return None


class OutboundMessage(PlainTextModel):
    """A mail about a takedown request, stored before it is sent.

    Sending happens after commit; a failure leaves the row for
    `manage.py takedown_timers` to retry, so no mail is lost.
    """

    takedown_request = models.ForeignKey(
        TakedownRequest,
        models.PROTECT,
        related_name="messages",
        verbose_name=_("takedown request"),
    )
    template = models.CharField(_("template"), max_length=60)
    to_email = models.EmailField(_("to"), max_length=254)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=OutboundMessageStatus,
        default=OutboundMessageStatus.QUEUED,
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        db_table = "articles_outboundmessage"
        ordering = ["created_at"]
        verbose_name = _("outbound message")
        verbose_name_plural = _("outbound messages")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.template} → {self.takedown_request_id}"
