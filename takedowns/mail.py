"""Mail to claimants: each message is stored first, then sent.

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
from django.utils.translation import gettext as _

from takedowns.models import (
    OutboundMessage,
    OutboundMessageStatus,
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


def claimant_message_create(
    *, takedown_request: TakedownRequest, template: str
) -> OutboundMessage:
    """Store a mail to the claimant, in their language, ready to send."""
    with translation.override(takedown_request.locale):
        context = {
            "reference": takedown_request.reference,
            "status": TakedownRequestStatus(takedown_request.status).label,
            "note": takedown_request.decision_note,
            "status_url": status_url(takedown_request),
            "site": settings.SITE_NAME,
        }
        subject = _("[%(site)s] Your removal request %(reference)s") % context
        opening = {
            "received": _(
                "We have received your removal request. Its reference is "
                "%(reference)s; quote it in any message about it."
            ),
            "needs-info": _(
                "We need more information to decide your request %(reference)s:"
                "\n\n%(note)s"
            ),
            "decision": _(
                "We have decided your request %(reference)s: %(status)s.\n\n%(note)s"
            ),
            "update": _("Your request %(reference)s is now: %(status)s.\n\n%(note)s"),
        }[template] % context
        body = "\n\n".join(
            [
                opening.strip(),
                _("Follow your request here (keep this link private):")
                + "\n"
                + context["status_url"],
            ]
        )
    return OutboundMessage.objects.create(
        takedown_request=takedown_request,
        template=template,
        to_email=takedown_request.email,
        subject=subject,
        body=body,
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
