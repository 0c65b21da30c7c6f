"""The anonymous page cache, its Cache-Control policies and Vary clean-up.

Readers without a session get whole pages from the configured cache (Redis in
production, shared by every worker). Every key carries a generation number;
`articles.services.cache.page_cache_bump` increments it when a story changes,
which retires every cached page at once: writes are rare, so whole-site
invalidation beats tracking which lists a story appears on.
"""

import hashlib
import time
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import parse_http_date_safe

GENERATION_KEY = "page-generation"

# Design §10: browsers keep a story a minute, shared caches five; lists turn
# over within a minute so a scheduled story appears on time.
DETAIL_POLICY = {
    "public": True,
    "max_age": 60,
    "s_maxage": 300,
    "stale_while_revalidate": 30,
}
LIST_POLICY = {"public": True, "max_age": 0, "s_maxage": 60}
DETAIL_TIMEOUT = 300
LIST_TIMEOUT = 60

# Headers that belong to one reader and must never be replayed to another.
PRIVATE_HEADERS = {"set-cookie"}

# Each worker keeps the pages it served last, so a hot page costs one small
# round trip to the shared cache (the generation) instead of two. Keys carry
# the generation, so a bump retires these copies as it retires the shared ones.
LOCAL_PAGES: OrderedDict = OrderedDict()
LOCAL_PAGES_MAX = 200


def page_generation() -> int:
    """Return the current page-cache generation, starting one if there is none.

    A missing generation (a fresh or flushed cache) starts from the clock,
    so it can never fall back to a number whose pages are still stored.
    """
    generation = read_generation()
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = read_generation()
    return generation


def read_generation() -> int | None:
    """Return the stored generation, or None.

    On Redis the process keeps a copy that every bump's announcement updates
    (`aggregator.cache.RedisCache.get_followed`), so a cached page costs no
    round trip; other backends are read each time, which on local memory
    costs nothing either.
    """
    get_followed = getattr(cache, "get_followed", cache.get)
    return get_followed(GENERATION_KEY)


def page_cache_key(request, generation: int) -> str:
    """Return the cache key of the page `request` asks for.

    The active language is part of the key, so the English and Chinese pages
    of one path never share an entry; so are the path and the query string.
    """
    path = request.get_full_path()
    digest = hashlib.md5(path.encode(), usedforsecurity=False).hexdigest()
    return f"page:{generation}:{translation.get_language()}:{digest}"


def is_anonymous_read(request) -> bool:
    """Whether `request` may be answered from, and stored in, the page cache.

    Only the session cookie's presence is checked: reading the session would
    cost a query and tie the response to one reader. Anyone with a session
    (staff, in practice) always gets a fresh page.
    """
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def is_personal(request) -> bool:
    """Whether rendering the page read something that belongs to one reader.

    A CSRF token, the session or a CSP nonce in the page would be replayed
    to every reader if it were cached, so such a page is never stored.
    """
    session = getattr(request, "session", None)
    nonce = get_nonce(request)
    return bool(
        request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or (session is not None and session.accessed)
        or nonce
    )


def is_storable(request, response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        not is_personal(request)
        and response.status_code == 200
        and not response.streaming
        and "private" not in cache_control
        and "no-store" not in cache_control
        and not response.cookies
    )


def freeze(response, timeout: int) -> tuple:
    """Return what the cache keeps of a response: bytes, headers, expiry."""
    headers = [
        (name, value)
        for name, value in response.headers.items()
        if name.lower() not in PRIVATE_HEADERS
    ]
    return (response.content, headers, time.time() + timeout)


def thaw(frozen: tuple) -> HttpResponse:
    content, headers, _expires_at = frozen
    response = HttpResponse(content)
    for name, value in headers:
        response.headers[name] = value
    return response


def get_page(key: str) -> tuple | None:
    """Return the stored page under `key`, from this worker or the shared cache."""
    frozen = LOCAL_PAGES.get(key)
    if frozen is not None and frozen[2] > time.time():
        return frozen
    frozen = cache.get(key)
    if frozen is not None:
        keep_locally(key, frozen)
    return frozen


def set_page(key: str, frozen: tuple, timeout: int) -> None:
    cache.set(key, frozen, timeout)
    keep_locally(key, frozen)


def keep_locally(key: str, frozen: tuple) -> None:
    LOCAL_PAGES[key] = frozen
    LOCAL_PAGES.move_to_end(key)
    while len(LOCAL_PAGES) > LOCAL_PAGES_MAX:
        LOCAL_PAGES.popitem(last=False)


def is_conditional(request) -> bool:
    """Whether the reader holds a copy to revalidate (If-None-Match, …)."""
    # META, not request.headers: a hot path, and headers builds a new dict.
    return (
        "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META
    )


def revalidate(request, response):
    """Return 304 instead of `response` if the reader's copy is still current."""
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=last_modified,
        response=response,
    )


def cache_public_page(*, timeout: int, policy: dict):
    """Serve a public view's pages from the page cache; set their Cache-Control.

    Anonymous GET and HEAD requests are answered from the cache when the page
    is there (no query, no rendering) and stored after rendering when the
    response is a plain 200. Responses that set a cookie or are marked
    private are never stored. `policy` is the Cache-Control of a 200 that has
    none of its own.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not is_anonymous_read(request):
                return apply_policy(view(request, *args, **kwargs), policy)
            # Kept on the request, so the view's ETag costs no second look-up.
            request.page_cache_generation = page_generation()
            key = page_cache_key(request, request.page_cache_generation)
            frozen = get_page(key)
            if frozen is not None:
                response = thaw(frozen)
                if is_conditional(request):
                    response = revalidate(request, response)
                return response
            response = apply_policy(view(request, *args, **kwargs), policy)

            def store(rendered):
                if is_storable(request, rendered):
                    if not rendered.has_header("ETag"):
                        rendered.headers["ETag"] = content_etag(rendered.content)
                    set_page(key, freeze(rendered, timeout), timeout)

            if hasattr(response, "render") and not response.is_rendered:
                response.add_post_render_callback(store)
            else:
                store(response)
            return response

        return wrapper

    return decorator


def story_etag(request, pk: int, updated_at) -> str:
    """Return the ETag of a story page.

    It changes when the story is saved, when the page cache is purged (a
    change elsewhere may show on the page) and with the language.
    """
    generation = getattr(request, "page_cache_generation", None)
    if generation is None:
        generation = page_generation()
    version = int(updated_at.timestamp() * 1_000_000)
    return f'"{generation}-{pk}-{version}-{translation.get_language()}"'


def apply_policy(response, policy: dict):
    if response.status_code in (200, 304) and not response.has_header("Cache-Control"):
        patch_cache_control(response, **policy)
    return response


def content_etag(content: bytes) -> str:
    digest = hashlib.md5(content, usedforsecurity=False).hexdigest()
    return f'"{digest}"'


class VaryCleanupMiddleware:
    """Drop `Vary: Accept-Language`, which LocaleMiddleware adds to every page.

    A page's language comes from its path alone (no Accept-Language
    negotiation, no language cookie), so the header only makes CDNs and
    browsers keep one copy of each English page per browser language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Vary"):
            kept = [
                value.strip()
                for value in response["Vary"].split(",")
                if value.strip() and value.strip().lower() != "accept-language"
            ]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response
