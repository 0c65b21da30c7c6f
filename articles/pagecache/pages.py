"""The anonymous page cache, its Cache-Control policies and Vary clean-up.

Readers without a session get whole pages from the configured cache (Redis in
production, shared by every worker). Each page is stored with the purge keys
of what it shows (`articles.pagecache.keys`), which its response also names
to the edge (`articles.pagecache.edge.tag_header`). A purge
(`articles.pagecache.purge.page_cache_purge`) marks its keys as purged at
the current point of a sequence; a stored page is served only while none of
its keys was purged after it was rendered.

`PageCacheMiddleware` answers a reader from the cache before the rest of
the middleware runs, and on the way out stores what `cache_public_page`
tagged and marked, with every header the middleware added.
"""

import hashlib
import logging
import time
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

from articles.pagecache.edge import tag_header
from articles.pagecache.keys import SITE_KEY

logger = logging.getLogger(__name__)

# A counter that every purge advances; pages record its value before they
# are rendered, purged keys the value of their purge.
SEQUENCE_KEY = "page-purges"
PURGED_KEY_PREFIX = "page-purged:"

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
# A purge mark outlives every page stored before it, then goes.
PURGED_KEY_TIMEOUT = max(DETAIL_TIMEOUT, LIST_TIMEOUT)

# Headers that belong to one reader and must never be replayed to another.
PRIVATE_HEADERS = {"set-cookie"}

# The purge keys of the pages this worker looked up, by cache key: not the
# pages, only what to read beside them (see `lookup`).
KEYS_SEEN: dict[str, list[str]] = {}
KEYS_SEEN_MAX = 20_000


def purged_key(key: str) -> str:
    """Return the cache key under which the purge of `key` is marked."""
    return PURGED_KEY_PREFIX + key


def start_sequence() -> int:
    """Start the purge sequence if there is none; return its value.

    A missing sequence (a fresh or flushed cache) starts from the clock, so
    it can never fall back below a value a stored page recorded.
    """
    cache.add(SEQUENCE_KEY, time.time_ns(), timeout=None)
    return cache.get(SEQUENCE_KEY)


def request_sequence(request) -> int | None:
    """Return the purge sequence as this request first read it.

    None if the cache cannot be reached: pages are then served uncached,
    and without validators, rather than not at all.
    """
    if not hasattr(request, "page_cache_sequence"):
        try:
            request.page_cache_sequence = cache.get(SEQUENCE_KEY) or start_sequence()
        except Exception:
            # Each backend has its own errors (redis-py's, socket errors, …).
            logger.warning("The page cache cannot be reached.", exc_info=True)
            request.page_cache_sequence = None
    return request.page_cache_sequence


def add_page_keys(request, *keys: str) -> None:
    """Name what the page being rendered shows, for its purge keys."""
    request.page_keys = [*getattr(request, "page_keys", []), *keys]


def page_language(request) -> str:
    """Return the language of the page `request` asks for, from its path.

    As LocaleMiddleware reads it (no prefix: the default language); the
    cache runs before that middleware.
    """
    return (
        translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    )


def page_cache_key(request) -> str:
    """Return the shared cache's key for the page `request` asks for.

    The page's language is part of the key, so the English and Chinese pages
    never share an entry; so are the path and the query string.
    """
    path = request.get_full_path()
    digest = hashlib.md5(path.encode(), usedforsecurity=False).hexdigest()
    return f"page:{page_language(request)}:{digest}"


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


def freeze(response, keys: list[str], sequence: int) -> tuple:
    """Return what the cache keeps of a response.

    Its bytes and headers, its purge keys and the purge sequence read
    before it was rendered.
    """
    headers = [
        (name, value)
        for name, value in response.headers.items()
        if name.lower() not in PRIVATE_HEADERS
    ]
    return (response.content, headers, keys, sequence)


def thaw(frozen: tuple) -> HttpResponse:
    content, headers, *_rest = frozen
    response = HttpResponse(content)
    for name, value in headers:
        response.headers[name] = value
    return response


def is_current(frozen: tuple, purges: dict) -> bool:
    """Whether no key of a stored page was purged after it was rendered.

    `purges` holds the purge marks read from the cache (`purged_key`); a key
    with no mark has not been purged for as long as any page is kept.
    """
    _content, _headers, keys, sequence = frozen
    return all(purges.get(purged_key(key), 0) <= sequence for key in keys)


def lookup(request) -> tuple | None:
    """Return the stored page `request` asks for, if it is current.

    One round trip to the cache reads the page, the marks of the keys this
    worker last saw it with (`KEYS_SEEN`; a page's keys seldom change) and
    the purge sequence, for the page about to be rendered if none is stored
    (see `request_sequence`). A page whose keys changed costs a second trip.
    """
    try:
        key = page_cache_key(request)
        seen = [purged_key(name) for name in KEYS_SEEN.get(key, ())]
        found = cache.get_many([key, SEQUENCE_KEY, *seen])
        request.page_cache_sequence = found.get(SEQUENCE_KEY) or start_sequence()
        frozen = found.get(key)
        if frozen is None:
            return None
        keys = frozen[2]
        if KEYS_SEEN.get(key) != keys:
            remember_keys(key, keys)
            found = cache.get_many([purged_key(name) for name in keys])
        return frozen if is_current(frozen, found) else None
    except Exception:
        logger.warning("The page cache cannot be reached.", exc_info=True)
        request.page_cache_sequence = None
        return None


def remember_keys(key: str, keys: list[str]) -> None:
    """Note the purge keys of the page stored under `key`, for `lookup`."""
    if len(KEYS_SEEN) >= KEYS_SEEN_MAX:
        KEYS_SEEN.clear()  # Rebuilt by the next look-ups, one trip each.
    KEYS_SEEN[key] = keys


def replay(request, frozen: tuple):
    """Return a stored page, or 304 if the reader's copy is still current.

    The Host header is validated first (DisallowedHost, a 400, for a host
    not in ALLOWED_HOSTS): a rendered page has it checked by
    CommonMiddleware, but `PageCacheMiddleware` answers before that
    middleware runs, and a cached page must be refused to any request a
    rendered one would be refused to.
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


def cache_public_page(*, timeout: int, policy: dict, keys: tuple[str, ...] = ()):
    """Tag a public view's pages with their purge keys; mark them for the cache.

    The view's response is tagged with `keys`, those the view named with
    `add_page_keys`, and the site's; it is marked with `timeout`, and
    `PageCacheMiddleware` stores it if it is a plain 200 (no cookie, nothing
    private, nothing read from the reader's session). `policy` is the
    Cache-Control of a 200 or 304 that has none of its own; a request with a
    session gets `SESSION_POLICY` instead.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not is_anonymous_read(request):
                response = apply_policy(view(request, *args, **kwargs), SESSION_POLICY)
                patch_vary_headers(response, ["Cookie"])
                return response
            response = apply_policy(view(request, *args, **kwargs), policy)
            response.page_cache_keys = [
                *keys,
                *getattr(request, "page_keys", []),
                SITE_KEY,
            ]
            header = tag_header(response.page_cache_keys)
            if header is not None:
                response.headers[header[0]] = header[1]
            response.page_cache_timeout = timeout
            return response

        # Read from a replica for anonymous readers (articles.replicas).
        wrapper.is_public_page = True
        return wrapper

    return decorator


class PageCacheMiddleware:
    """Answer readers from the page cache; store the pages views marked.

    Placed just below SecurityMiddleware and WhiteNoise, so a cached page
    skips the session, CSRF, locale and the rest of the stack: what they add
    to a page (Content-Language, Content-Security-Policy, …) was stored with
    it, and nothing they do depends on the reader when there is no session.
    Any anonymous GET or HEAD is looked up; only what `cache_public_page`
    marked is ever stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_anonymous_read(request):
            return self.get_response(request)
        frozen = lookup(request)
        if frozen is not None:
            return replay(request, frozen)
        response = self.get_response(request)
        self.keep(request, response)
        return response

    def keep(self, request, response):
        sequence = getattr(request, "page_cache_sequence", None)
        timeout = getattr(response, "page_cache_timeout", None)
        if sequence is None or timeout is None:
            return  # Not a cached view, or the cache is down.
        if not is_storable(request, response):
            return
        if not response.has_header("ETag"):
            response.headers["ETag"] = content_etag(response.content)
        frozen = freeze(response, response.page_cache_keys, sequence)
        key = page_cache_key(request)
        cache.set(key, frozen, timeout)
        remember_keys(key, response.page_cache_keys)


def story_etag(request, pk: int, updated_at) -> str | None:
    """Return the ETag of a story page, or None while the cache is down.

    It changes when the story is saved, after any purge (a change elsewhere
    may show on the page) and with the language.
    """
    sequence = request_sequence(request)
    if sequence is None:
        return None
    version = int(updated_at.timestamp() * 1_000_000)
    return f'"{sequence}-{pk}-{version}-{translation.get_language()}"'


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
