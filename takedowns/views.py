"""The public side of takedowns: the notice form, its confirmation, the
claimant's status page, and the transparency ledger."""

import csv
import math
import re
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.crypto import salted_hmac
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.views.generic import DetailView, FormView, ListView, TemplateView

from articles.abuse import client_ip
from articles.models import Story
from articles.views.stories import NavigationMixin
from takedowns.forms import TakedownRequestForm, render_token, used_token_key
from takedowns.models import (
    STATUS_TOKEN_SALT,
    TakedownRequest,
    TakedownRequestStatus,
    new_reference,
)
from takedowns.services import takedown_request_create

# Flood limits (docs/takedown.md): (count, seconds) per client address, and per
# e-mail address; counted on the shared cache.
IP_LIMITS = [(5, 60 * 60), (20, 24 * 60 * 60)]
EMAIL_LIMITS = [(10, 24 * 60 * 60)]
MAX_PAYLOAD_BYTES = 256 * 1024
REFERENCE_PATTERN = re.compile(r"^TD-[0-9A-Z]{4}-[0-9A-Z]{4}$")
# Shown in the ledger: decided notices only.
LEDGER_STATUSES = [
    TakedownRequestStatus.ACTION_TAKEN,
    TakedownRequestStatus.REJECTED,
    TakedownRequestStatus.COUNTER_NOTICE,
    TakedownRequestStatus.LEGAL_HOLD,
    TakedownRequestStatus.RESTORED,
]


def agent_context():
    return {
        "name": settings.TAKEDOWN_AGENT_NAME,
        "email": settings.TAKEDOWN_AGENT_EMAIL,
        "address": settings.TAKEDOWN_AGENT_ADDRESS,
        "phone": settings.TAKEDOWN_AGENT_PHONE,
    }


def limit_keys(kind: str, value: str, limits) -> list[tuple[str, int, int]]:
    """Return (cache key, limit, seconds left in the window) per window."""
    now = time.time()
    keys = []
    for count, seconds in limits:
        window = int(now // seconds)
        keys.append(
            (
                f"takedown:limit:{kind}:{seconds}:{window}:{value}",
                count,
                math.ceil((window + 1) * seconds - now),
            )
        )
    return keys


def retry_after(keys) -> int | None:
    """Return the seconds to wait if any window is full, else None."""
    waits = [left for key, count, left in keys if cache.get(key, 0) >= count]
    return max(waits) if waits else None


def count_submission(keys) -> None:
    for key, _count, left in keys:
        if not cache.add(key, 1, timeout=left):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout=left)


class TakedownRequestCreateView(NavigationMixin, FormView):
    """The notice form the story disclaimer links to ("contact us for removal")."""

    template_name = "takedowns/takedown_form.html"
    form_class = TakedownRequestForm

    @cached_property
    def story(self):
        """The story the disclaimer link names (?story=<slug>), if any."""
        slug = self.request.GET.get("story", "")
        # Any status: a rights holder may have seen the story before it left.
        return Story.objects.filter(slug=slug).first() if slug else None

    def get_initial(self):
        initial = {"rendered": render_token()}
        if self.story is not None:
            initial["story_urls"] = settings.SITE_URL + self.story.get_absolute_url()
        return initial

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["hosts"] = {self.request.get_host()}
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            agent=agent_context(), story=self.story, **kwargs
        )

    def ip_hmac(self) -> str:
        # Only an HMAC of the address is kept, never the address itself.
        return salted_hmac(
            "takedown.ip", client_ip(self.request) or "", algorithm="sha256"
        ).hexdigest()

    def post(self, request, *args, **kwargs):
        if int(request.headers.get("content-length") or 0) > MAX_PAYLOAD_BYTES:
            return self.refuse(413)
        ip_keys = limit_keys("ip", self.ip_hmac(), IP_LIMITS)
        wait = retry_after(ip_keys)
        if wait is not None:
            return self.refuse(429, wait)
        form = self.get_form()
        if not form.is_valid():
            # A fresh render time: the claimant's corrections take a while.
            form.data = form.data.copy()
            form.data["rendered"] = render_token()
            return self.form_invalid(form)
        email = form.cleaned_data["email"].strip().lower()
        email_keys = limit_keys(
            "email",
            salted_hmac("takedown.email", email, algorithm="sha256").hexdigest(),
            EMAIL_LIMITS,
        )
        wait = retry_after(email_keys)
        if wait is not None:
            return self.refuse(429, wait)
        count_submission(ip_keys)
        cache.set(used_token_key(form.cleaned_data["rendered"]), 1, 24 * 60 * 60)
        if form.is_honeypot:
            # The normal answer, and nothing stored or mailed.
            return redirect("takedowns:takedown-sent", reference=new_reference())
        count_submission(email_keys)
        takedown_request = takedown_request_create(
            takedown_request=form.takedown_request(
                locale=get_language(),
                ip_hmac=self.ip_hmac(),
                user_agent=request.headers.get("user-agent", ""),
            ),
            items=form.items(),
        )
        return redirect("takedowns:takedown-sent", reference=takedown_request.reference)

    def refuse(self, status: int, wait: int | None = None):
        response = TemplateResponse(
            self.request,
            "takedowns/takedown_refused.html",
            {"status": status, "wait_minutes": math.ceil((wait or 0) / 60)},
            status=status,
        )
        if wait is not None:
            response.headers["Retry-After"] = str(wait)
        return response


class TakedownSentView(NavigationMixin, TemplateView):
    """Confirm a notice was received, with its reference; nothing else."""

    template_name = "takedowns/takedown_sent.html"

    def get_context_data(self, **kwargs):
        if not REFERENCE_PATTERN.match(kwargs["reference"]):
            raise Http404("No such reference.")
        return super().get_context_data(**kwargs)


class TakedownStatusView(NavigationMixin, DetailView):
    """The claimant's view of their request, reached by the secret link only."""

    template_name = "takedowns/takedown_status.html"
    context_object_name = "takedown_request"

    def get_object(self, queryset=None):
        try:
            payload = signing.loads(self.kwargs["token"], salt=STATUS_TOKEN_SALT)
            reference, nonce = payload["ref"], payload["n"]
        except (signing.BadSignature, KeyError, TypeError) as error:
            raise Http404("No such request.") from error
        takedown_request = (
            TakedownRequest.objects.filter(
                reference=reference, status_token_nonce=nonce
            )
            .prefetch_related("items__story")
            .first()
        )
        if takedown_request is None:
            raise Http404("No such request.")
        return takedown_request


class TransparencyView(NavigationMixin, ListView):
    """The public ledger: decided notices, without personal data."""

    template_name = "takedowns/transparency.html"
    context_object_name = "notices"
    paginate_by = 50

    def get_queryset(self):
        return (
            TakedownRequest.objects.filter(status__in=LEDGER_STATUSES)
            .prefetch_related("items__story")
            .order_by("-decided_at")
        )

    def get_context_data(self, **kwargs):
        years = TakedownRequest.objects.dates("submitted_at", "year", order="DESC")
        return super().get_context_data(years=[day.year for day in years], **kwargs)


class TransparencyNoticeView(NavigationMixin, DetailView):
    """One redacted notice: right, outcome, scope, dates; no personal data."""

    template_name = "takedowns/transparency_notice.html"
    context_object_name = "notice"
    slug_field = slug_url_kwarg = "reference"

    def get_queryset(self):
        return TakedownRequest.objects.filter(
            status__in=LEDGER_STATUSES
        ).prefetch_related("items__story")


def transparency_csv(request, year: int):
    """Count a year's notices by right and outcome (DSA Art. 15), long format."""
    rows = (
        TakedownRequest.objects.filter(submitted_at__year=year)
        .values("right_type", "status")
        .annotate(count=Count("pk"))
        .order_by("right_type", "status")
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="takedown-{year}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(["metric", "dimension", "value"])
    for row in rows:
        writer.writerow(
            [
                "notices",
                f"right={row['right_type']};outcome={row['status']}",
                row["count"],
            ]
        )
    return response
