"""Purging the page cache.

Call `page_cache_bump` through `transaction.on_commit` from every service
that changes what a public page shows: a bump inside a transaction that
rolls back would only cost cache warmth, but a bump before commit lets a
reader re-cache the old page before the change is visible.
"""

import time

from django.core.cache import cache

from articles.pagecache.pages import GENERATION_KEY


def page_cache_bump() -> None:
    """Retire every cached public page, in every language, at once.

    Pages are keyed by a generation number; a new number makes every stored
    page unreachable, and the old entries expire on their own timeouts. The
    new number is announced to every process that keeps a copy of it (on
    Redis: every gunicorn worker, see `articles.pagecache.pages.read_generation`).
    Story saves, publishing and unpublishing call it, as do translation
    publishing and every takedown restriction change.
    """
    try:
        generation = cache.incr(GENERATION_KEY)
    except ValueError:
        # No generation yet (a fresh or flushed cache): start one from the
        # clock, so no number whose pages are still stored comes back.
        start = time.time_ns()
        if cache.add(GENERATION_KEY, start, timeout=None):
            generation = start
        else:
            generation = cache.incr(GENERATION_KEY)
    announce = getattr(cache, "announce", None)
    if announce is not None:
        announce(GENERATION_KEY, generation)
