"""Mail to claimants: each message is stored first, then sent.

Each says what the step just taken was (`claimant_update`, which the status
page shows too), with its dates and its note.

A message is written in the claimant's language inside the transaction of
the step it reports, and sent once that commits (`takedowns.tasks`); a
mail server that refuses or is down leaves it for `takedown_timers` to
retry, and never undoes the step.
"""

import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from takedowns.deadlines import legal_time
from takedowns.models import (
    CounterNotice,
    EarlyRestoreReason,
    OutboundMessage,
    OutboundMessageStatus,
    TakedownActorKind,
    TakedownMove,
    TakedownRequest,
    TakedownRequestStatus,
)

# A queued message whose on-commit send never ran (a crashed worker) is
# retried by the timer after this long.
MAIL_RETRY_AFTER = timedelta(minutes=10)


def status_url(takedown_request: TakedownRequest) -> str:
    with translation.override(takedown_request.locale):
        path = reverse(
            "takedowns:takedown-status", kwargs={"token": takedown_request.status_token}
        )
    return settings.SITE_URL + path


def claimant_update(takedown_request: TakedownRequest) -> str:
    """Say what the request's latest step was, and what comes next.

    In the active language, with the dates that matter at that step on the
    legal clock, and the note given at that step only (not an earlier
    step's). The mail of each step and the status page both say this.
    """
    S = TakedownRequestStatus
    status = S(takedown_request.status)
    step = takedown_request.events.filter(to_status=status).order_by("-seq").first()
    note = step.note.strip() if step else ""
    context = {
        "reference": takedown_request.reference,
        "agent": settings.TAKEDOWN_AGENT_EMAIL,
        "note": note,
    }
    if takedown_request.decided_at:
        context["decided"] = legal_time(takedown_request.decided_at)
    if takedown_request.closed_at:
        context["closed"] = legal_time(takedown_request.closed_at)
    if status == S.RECEIVED:
        paragraphs = [
            _(
                "We have received your removal request. Its reference is "
                "%(reference)s; quote it in any message about it."
            )
            % context
        ]
    elif status == S.UNDER_REVIEW:
        paragraphs = [_("We are reviewing your request %(reference)s.") % context]
    elif status == S.NEEDS_INFO:
        paragraphs = [
            _(
                "We need more information to decide your request %(reference)s:"
                "\n\n%(note)s"
            )
            % context,
            _(
                "Send it to %(agent)s, quoting the reference, by %(lapse)s. "
                "Without an answer by then the request lapses; you may then "
                "file a new one."
            )
            % {**context, "lapse": legal_time(takedown_request.lapse_at)},
        ]
        note = ""  # Already said.
    elif status == S.ACTION_TAKEN:
        restrictions = takedown_request.restrictions.select_related("story")
        paragraphs = [
            _("We accepted your request %(reference)s on %(decided)s and restricted:")
            % context,
            "\n".join(
                f"- {restriction_line(restriction)}"
                for restriction in restrictions.order_by("pk")
            ),
        ]
        if takedown_request.takes_counter_notices:
            paragraphs.append(
                _(
                    "If the publisher of the material sends a counter-notice, "
                    "we will send you a copy and tell you from when we may "
                    "restore the material."
                )
            )
    elif status == S.REJECTED:
        paragraphs = [
            _(
                "We decided on %(decided)s not to act on your request "
                "%(reference)s, for this reason:"
            )
            % context
        ]
    elif status == S.DUPLICATE:
        paragraphs = [
            _(
                "Your request %(reference)s repeats your request %(original)s, "
                "which is still open, so we have merged it there. Our decision "
                "on %(original)s covers both; you need do nothing more."
            )
            % {**context, "original": takedown_request.duplicate_of.reference}
        ]
    elif status == S.WITHDRAWN:
        paragraphs = [
            _(
                "Your request %(reference)s was withdrawn on %(closed)s, as you "
                "asked. We will do nothing more about it."
            )
            % context
        ]
    elif status == S.LAPSED:
        paragraphs = [
            _(
                "Your request %(reference)s lapsed on %(closed)s: we asked for "
                "more information and had no answer. You may file a new notice "
                "at any time."
            )
            % context
        ]
    elif status == S.COUNTER_NOTICE:
        counter_notice = takedown_request.counter_notice
        paragraphs = [
            _(
                "The publisher of the material sent a counter-notice to your "
                "request %(reference)s, received on %(received)s."
            )
            % {**context, "received": legal_time(counter_notice.received_at)},
            _(
                "As 17 U.S.C. § 512(g)(2) requires, we will restore the "
                "material no earlier than %(not_before)s and no later than "
                "%(deadline)s, unless before then you tell us that you have "
                "filed an action seeking a court order to restrain the "
                "publisher from the activity. Send that notice to %(agent)s, "
                "quoting the reference."
            )
            % {
                **context,
                "not_before": legal_time(counter_notice.restore_not_before),
                "deadline": legal_time(counter_notice.restore_deadline),
            },
        ]
    elif status == S.LEGAL_HOLD:
        paragraphs = [
            _(
                "You told us of a court action about the material of your "
                "request %(reference)s. The stories stay restricted while it "
                "runs: we will not restore them on the counter-notice dates."
            )
            % context
        ]
    # Restored: say how.
    elif step.action == TakedownMove.RESTORE_EARLY:
        reason = EarlyRestoreReason(step.payload["early_restore_reason"])
        paragraphs = [
            _(
                "We restored the material of your request %(reference)s on "
                "%(closed)s, before the end of the period after the "
                "counter-notice: %(reason)s."
            )
            % {**context, "reason": reason.label}
        ]
    elif step.actor_kind == TakedownActorKind.SYSTEM:
        paragraphs = [
            _(
                "We restored the material of your request %(reference)s on "
                "%(closed)s: the period after the counter-notice ended without "
                "notice of a court action (17 U.S.C. § 512(g)(2)(C))."
            )
            % context
        ]
    else:
        paragraphs = [
            _("We restored the material of your request %(reference)s on %(closed)s.")
            % context
        ]
    if status in (S.RECEIVED, S.UNDER_REVIEW) and takedown_request.due_at:
        paragraphs.append(
            _("We will decide it by %(due)s.")
            % {"due": legal_time(takedown_request.due_at)}
        )
    if note:
        paragraphs.append(note)
    return "\n\n".join(paragraphs)


def restriction_line(restriction) -> str:
    """Name a restricted story and what of it is restricted."""
    scope = restriction.get_scope_display()
    if restriction.language:
        scope = f"{scope} ({restriction.get_language_display()})"
    return f"{restriction.story.title}: {scope}"


def counter_notice_copy(counter_notice: CounterNotice) -> str:
    """Return the counter-notice as the claimant must receive it (§ 512(g)(2)(B))."""

    def line(name, value):
        field = CounterNotice._meta.get_field(name)
        return f"{capfirst(field.verbose_name)}: {value}"

    statements = {
        "statement_under_penalty": _(
            "The sender states, under penalty of perjury, that they have a good "
            "faith belief that the material was removed or disabled as a result "
            "of mistake or misidentification."
        ),
        "consents_to_jurisdiction": _(
            "The sender consents to the jurisdiction of the Federal District "
            "Court for the judicial district in which their address is located, "
            "or, if it is outside the United States, for any judicial district "
            "in which we may be found."
        ),
        "accepts_service": _(
            "The sender will accept service of process from you, or from your agent."
        ),
    }
    return "\n".join(
        [
            line("name", counter_notice.name),
            line("email", counter_notice.email),
            line("postal_address", counter_notice.postal_address),
            line("phone", counter_notice.phone),
            line("country", counter_notice.country or "-"),
            line("material_location", counter_notice.material_location),
            line("reason", counter_notice.get_reason_display()),
            line("explanation", counter_notice.explanation),
            # Only the statements it makes: recorded ones make all three.
            *(
                statement
                for name, statement in statements.items()
                if getattr(counter_notice, name)
            ),
            line("signature", counter_notice.signature),
            line("received_at", legal_time(counter_notice.received_at)),
        ]
    )


def claimant_message_create(*, takedown_request: TakedownRequest) -> OutboundMessage:
    """Store the mail telling the claimant of the step just taken, in their language.

    After a counter-notice it carries a copy of it, as 17 U.S.C.
    § 512(g)(2)(B) requires.
    """
    with translation.override(takedown_request.locale):
        status = TakedownRequestStatus(takedown_request.status)
        subject = _("[%(site)s] Your removal request %(reference)s: %(status)s") % {
            "site": settings.SITE_NAME,
            "reference": takedown_request.reference,
            "status": status.label,
        }
        parts = [claimant_update(takedown_request)]
        if status == TakedownRequestStatus.COUNTER_NOTICE:
            parts.append(
                _("A copy of the counter-notice:")
                + "\n\n"
                + counter_notice_copy(takedown_request.counter_notice)
            )
        parts.append(
            _("Follow your request here (keep this link private):")
            + "\n"
            + status_url(takedown_request)
        )
    return OutboundMessage.objects.create(
        takedown_request=takedown_request,
        template=status,
        to_email=takedown_request.email,
        subject=subject,
        body="\n\n".join(parts),
    )


def outbound_message_send(*, message_id: int) -> bool:
    """Send one stored message unless it went already; return whether it went.

    A refused or unreachable mail server marks the message failed with the
    error, for `takedown_timers` to retry; nothing else is undone.
    """
    with transaction.atomic():
        message = OutboundMessage.objects.select_for_update().get(pk=message_id)
        if message.status == OutboundMessageStatus.SENT:
            return False
        message.attempts += 1
        try:
            send_mail(
                message.subject,
                message.body,
                settings.DEFAULT_FROM_EMAIL,
                [message.to_email],
            )
        except (smtplib.SMTPException, OSError) as error:
            message.status = OutboundMessageStatus.FAILED
            message.last_error = f"{type(error).__name__}: {error}"[:1000]
            message.save(update_fields=["status", "attempts", "last_error"])
            return False
        message.status = OutboundMessageStatus.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["status", "attempts", "sent_at", "last_error"])
        return True


def unsent_messages():
    """Return messages to retry: failed ones, and queued ones left behind."""
    return OutboundMessage.objects.filter(
        Q(status=OutboundMessageStatus.FAILED)
        | Q(
            status=OutboundMessageStatus.QUEUED,
            created_at__lte=timezone.now() - MAIL_RETRY_AFTER,
        )
    )
