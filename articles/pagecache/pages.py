"""The anonymous page cache, its Cache-Control policies and Vary clean-up.

Readers without a session get whole pages from the configured cache (Redis in
production, shared by every worker). Every key carries a generation number;
`articles.pagecache.purge.page_cache_bump` increments it when a story changes,
which retires every cached page at once: writes are rare, so whole-site
invalidation beats tracking which lists a story appears on.

Two levels: `cache_public_page` looks a page up in the shared cache once the
URL is resolved to a public view, and `PageCacheMiddleware` stores it on its
way out, with every header the middleware added, and keeps the worker's
recent pages in memory, which it answers before any other middleware runs.
"""

import hashlib
import logging
import time
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.utils import translation
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import parse_http_date_safe

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-generation"

# Browsers keep a story a minute, shared caches five; lists turn
# over within a minute so a scheduled story appears on time.
DETAIL_POLICY = {
    "public": True,
    "max_age": 60,
    "s_maxage": 300,
    "stale_while_revalidate": 30,
}
LIST_POLICY = {"public": True, "max_age": 0, "s_maxage": 60}
# Anyone with a session (staff, in practice) sees their own saves at once:
# their browser asks again every time (a 304 costs little) and keeps the
# page to itself. Readers' pages do not vary on Cookie (shared caches would
# keep a copy per cookie); a reader's copy kept by the browser is cleared at
# login instead (NewsroomAdminSite.login).
SESSION_POLICY = {"private": True, "no_cache": True}
DETAIL_TIMEOUT = 300
LIST_TIMEOUT = 60

# Headers that belong to one reader and must never be replayed to another.
PRIVATE_HEADERS = {"set-cookie"}

# Each worker keeps the pages it served last, by language and path, each with
# the generation it belongs to: a bump retires these copies as it retires the
# shared ones. Looking one up needs no generation, so a page that is never
# cached (a form, a search) pays only a dictionary look-up.
LOCAL_PAGES: OrderedDict = OrderedDict()
LOCAL_PAGES_MAX = 200


def page_generation() -> int | None:
    """Return the current page-cache generation, starting one if there is none.

    A missing generation (a fresh or flushed cache) starts from the clock,
    so it can never fall back to a number whose pages are still stored.
    None if the cache cannot be reached: pages are then served uncached, and
    without validators, rather than not at all.
    """
    try:
        generation = read_generation()
        if generation is None:
            cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
            generation = read_generation()
    except Exception:
        # Each backend has its own errors (redis-py's, socket errors, …).
        logger.warning("The page cache cannot be reached.", exc_info=True)
        return None
    return generation


def request_generation(request) -> int | None:
    """Return `page_generation()`, asked once per request."""
    if not hasattr(request, "page_cache_generation"):
        request.page_cache_generation = page_generation()
    return request.page_cache_generation


def read_generation() -> int | None:
    """Return the stored generation, or None.

    On Redis the process keeps a copy that every bump's announcement updates
    (`articles.pagecache.backends.RedisCache.get_followed`), so a cached page costs no
    round trip; other backends are read each time, which on local memory
    costs nothing either.
    """
    get_followed = getattr(cache, "get_followed", cache.get)
    return get_followed(GENERATION_KEY)


def page_language(request) -> str:
    """Return the language of the page `request` asks for, from its path.

    As LocaleMiddleware reads it (no prefix: the default language); the
    cache runs before that middleware.
    """
    return (
        translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    )


def page_cache_key(request, generation: int) -> str:
    """Return the shared cache's key for the page `request` asks for.

    The page's language is part of the key, so the English and Chinese pages
    never share an entry; so are the path and the query string.
    """
    language, path = local_key(request)
    digest = hashlib.md5(path.encode(), usedforsecurity=False).hexdigest()
    return f"page:{generation}:{language}:{digest}"


def local_key(request) -> tuple[str, str]:
    """Return the key of this worker's copy of the page `request` asks for."""
    return (page_language(request), request.get_full_path())


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


def local_page(request, key: tuple[str, str]) -> tuple | None:
    """Return this worker's copy of a page, if it is of this generation."""
    held = LOCAL_PAGES.get(key)
    if held is None:
        return None
    generation, frozen = held
    if frozen[2] <= time.time() or generation != request_generation(request):
        return None
    return frozen


def keep_locally(key: tuple[str, str], generation: int, frozen: tuple) -> None:
    LOCAL_PAGES[key] = (generation, frozen)
    LOCAL_PAGES.move_to_end(key)
    while len(LOCAL_PAGES) > LOCAL_PAGES_MAX:
        LOCAL_PAGES.popitem(last=False)


def replay(request, frozen: tuple):
    """Return a stored page, or 304 if the reader's copy is still current.

    Every cached answer comes from here. The Host header is validated first
    (DisallowedHost, a 400, for a host not in ALLOWED_HOSTS): a rendered page
    has it checked by CommonMiddleware, but `PageCacheMiddleware` answers
    before that middleware runs, and a cached page must be refused to any
    request a rendered one would be refused to.
    """
    request.get_host()
    response = thaw(frozen)
    if is_conditional(request):
        response = revalidate(request, response)
    return response


def is_conditional(request) -> bool:
    """Whether the reader holds a copy to revalidate (If-None-Match, …)."""
    return "if-none-match" in request.headers or "if-modified-since" in request.headers


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

    An anonymous GET or HEAD is answered from the shared cache when the page
    is there (no query, no rendering). Otherwise the response is marked with
    `timeout`, and `PageCacheMiddleware` stores it if it is a plain 200 (no
    cookie, nothing private, nothing read from the reader's session).
    `policy` is the Cache-Control of a 200 or 304 that has none of its own;
    a request with a session gets `SESSION_POLICY` instead.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not is_anonymous_read(request):
                response = apply_policy(view(request, *args, **kwargs), SESSION_POLICY)
                patch_vary_headers(response, ["Cookie"])
                return response
            generation = request_generation(request)
            if generation is not None:
                frozen = cache.get(page_cache_key(request, generation))
                if frozen is not None:
                    response = replay(request, frozen)
                    response.page_cache_entry = frozen
                    return response
            response = apply_policy(view(request, *args, **kwargs), policy)
            response.page_cache_timeout = timeout
            return response

        return wrapper

    return decorator


class PageCacheMiddleware:
    """Answer readers from this worker's copies of pages; store new pages.

    Placed just below SecurityMiddleware and WhiteNoise, so a page this
    worker holds skips the session, CSRF, locale and the rest of the stack:
    what they add to a page (Content-Language, Content-Security-Policy, …)
    was stored with it, and nothing they do depends on the reader when there
    is no session. On the way out it stores what `cache_public_page` marked,
    with every header the stack added, in the shared cache and locally.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_anonymous_read(request):
            return self.get_response(request)
        key = local_key(request)
        frozen = local_page(request, key)
        if frozen is not None:
            return replay(request, frozen)
        response = self.get_response(request)
        self.keep(request, key, response)
        return response

    def keep(self, request, key, response):
        generation = getattr(request, "page_cache_generation", None)
        if generation is None:
            return  # Not a cached view, or the cache is down.
        frozen = getattr(response, "page_cache_entry", None)
        if frozen is None:
            timeout = getattr(response, "page_cache_timeout", None)
            if timeout is None or not is_storable(request, response):
                return
            if not response.has_header("ETag"):
                response.headers["ETag"] = content_etag(response.content)
            frozen = freeze(response, timeout)
            cache.set(page_cache_key(request, generation), frozen, timeout)
        keep_locally(key, generation, frozen)


def story_etag(request, pk: int, updated_at) -> str | None:
    """Return the ETag of a story page, or None while the cache is down.

    It changes when the story is saved, when the page cache is purged (a
    change elsewhere may show on the page) and with the language.
    """
    generation = request_generation(request)
    if generation is None:
        return None
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
