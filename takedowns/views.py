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
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.generic import DetailView, FormView, ListView, TemplateView

from articles.abuse import client_ip
from articles.models import StoryPublicState
from articles.views.stories import NavigationMixin
from takedowns.forms import (
    TakedownRequestForm,
    render_token,
    story_readers_saw,
    used_token_key,
)
from takedowns.mail import claimant_update
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
# The notice form opened in November 2026: the ledger has no earlier year.
FIRST_LEDGER_YEAR = 2026


# The form (which shows a claimant's answers back), its confirmation and the
# status page belong to one claimant: no shared cache may keep them.
private_page = method_decorator(cache_control(private=True, no_store=True), "dispatch")


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


def count_submission(keys) -> int | None:
    """Count one notice in each window; return the seconds to wait if that
    takes a window over its limit, else None.

    Each window's count is raised and read in one step (`cache.incr` is
    atomic on Redis and on local memory), so notices sent at the same
    moment each get a count of their own and no more than the limit pass.
    Checking first and counting after would let them all pass on the same
    reading. A refused notice stays counted: its window is full anyway.
    """
    waits = []
    for key, count, left in keys:
        cache.add(key, 0, timeout=left)
        try:
            taken = cache.incr(key)
        except ValueError:
            # The window ended between the two calls: there is nothing
            # left in it to count against.
            continue
        if taken > count:
            waits.append(left)
    return max(waits) if waits else None


@private_page
class TakedownRequestCreateView(NavigationMixin, FormView):
    """The notice form the story disclaimer links to ("contact us for removal")."""

    template_name = "takedowns/takedown_form.html"
    form_class = TakedownRequestForm

    @cached_property
    def story(self):
        """The story the disclaimer link names (?story=<slug>), if readers saw it."""
        slug = self.request.GET.get("story", "")
        return story_readers_saw(slug, get_language()) if slug else None

    def story_headline(self) -> str:
        """The story's headline as readers of this page's language saw it.

        In English unless this language's version is live: an unpublished
        translation never shows.
        """
        language = get_language()
        if self.story.public_state(language) is not StoryPublicState.LIVE:
            language = settings.LANGUAGE_CODE
        with translation.override(language):
            return self.story.title

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
        if self.story is not None:
            kwargs["story_headline"] = self.story_headline()
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
        # A full window refuses at once, before the form costs anything.
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
        wait = count_submission(ip_keys)
        if wait is None and not form.is_honeypot:
            wait = count_submission(email_keys)
        if wait is not None:
            return self.refuse(429, wait)
        used_key = used_token_key(form.cleaned_data["rendered"])
        if form.is_honeypot:
            cache.set(used_key, 1, 24 * 60 * 60)
            # The normal answer, and nothing stored or mailed.
            return redirect("takedowns:takedown-sent", reference=new_reference())
        takedown_request = takedown_request_create(
            takedown_request=form.takedown_request(
                locale=get_language(),
                ip_hmac=self.ip_hmac(),
                user_agent=request.headers.get("user-agent", ""),
            ),
            items=form.items(),
        )
        # Used once stored: a notice the database lost (a 503) may be sent again.
        cache.set(used_key, 1, 24 * 60 * 60)
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


@private_page
class TakedownSentView(NavigationMixin, TemplateView):
    """Confirm a notice was received, with its reference; nothing else."""

    template_name = "takedowns/takedown_sent.html"

    def get_context_data(self, **kwargs):
        if not REFERENCE_PATTERN.match(kwargs["reference"]):
            raise Http404("No such reference.")
        # A repeat of an open notice is merged into it as it is stored
        # (takedown_request_create): say into which, as that is the one we
        # answer. Any other reference, a robot's included, gets the plain page.
        original_reference = (
            TakedownRequest.objects.filter(
                reference=kwargs["reference"], duplicate_of__isnull=False
            )
            .values_list("duplicate_of__reference", flat=True)
            .first()
        )
        return super().get_context_data(original_reference=original_reference, **kwargs)


@private_page
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

    def get_context_data(self, **kwargs):
        # What the latest step was, as the claimant's mail says it; read
        # here, so the template makes no query.
        return super().get_context_data(update=claimant_update(self.object), **kwargs)


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
    """Count a year's notices by right and outcome (DSA Art. 15), long format.

    Only the years the ledger can have answer; any other number (0, 10000,
    more digits than a date can hold) is not a page of this site.
    """
    if not FIRST_LEDGER_YEAR <= year <= timezone.localdate().year:
        raise Http404("No ledger for this year.")
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
