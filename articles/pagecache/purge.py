"""Purging pages by key: in the page cache and at the edge.

Services that change what a public page shows call `purge_on_commit` with
the keys of what changed (`articles.pagecache.keys.story_change_keys` for
stories): a purge before commit would let a reader re-cache the old page
before the change is visible.
"""

import logging
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

# A module import: articles.tasks imports this module in turn.
from articles import tasks
from articles.pagecache.edge import EdgePurgeError, edge_purge
from articles.pagecache.pages import (
    PURGED_KEY_TIMEOUT,
    SEQUENCE_KEY,
    purged_key,
    start_sequence,
)
from articles.replicas import primary_wal_position, wait_for_replicas

logger = logging.getLogger(__name__)


def purge_on_commit(keys: list[str]) -> None:
    """Purge `keys` once the current transaction commits, and only then.

    With read replicas, once they have replayed the commit too; at the edge,
    once more later (`purge_committed_change`).
    """
    if keys:
        transaction.on_commit(partial(purge_committed_change, keys))


def purge_committed_change(keys: list[str]) -> None:
    """Purge `keys` now, and the edge again once no old page can reach it.

    A reader's page whose rendering began before the commit can reach the
    edge after this purge, which would keep it as if new until its s-maxage
    (a story restricted by a takedown answering 200 for five minutes). The
    page cache refuses such a page by itself (`is_current`); the edge cannot
    tell, so it is purged again (`tasks.edge_purge_again_later`).
    """
    if settings.DATABASE_REPLICAS:
        purge_after_replicas(keys)
    else:
        page_cache_purge(keys)
    tasks.edge_purge_again_later(keys)


# How long the request that made a change waits for the replicas before it
# purges: a replica on the same network replays a commit in milliseconds.
REPLICA_WAIT_SECONDS = 1.0


def purge_after_replicas(keys: list[str]) -> None:
    """Purge `keys` once every replica has the change; if one lags, again later.

    Call it after commit. Until a replica replays the commit, a reader's
    page rendered from it shows the old state, and the page cache and the
    edge would keep that page as if it were new. So the purge waits for the
    replicas (up to REPLICA_WAIT_SECONDS), and if one is further behind, a
    task purges again once it has caught up.
    """
    position = primary_wal_position()
    lagging = wait_for_replicas(position, timeout=REPLICA_WAIT_SECONDS)
    page_cache_purge(keys)
    if lagging:
        tasks.page_cache_purge_after_replicas.enqueue(keys=keys, position=position)


def page_cache_purge(keys: list[str]) -> None:
    """Retire every page tagged with any of `keys`, here and at the edge.

    Nothing is done for no keys (a draft's save). An edge that cannot be
    reached is purged again later by a task; until then its pages are
    stale for at most their s-maxage (docs/operators.md).
    """
    if not keys:
        return
    try:
        forget_pages(keys)
    except Exception:
        # Each backend has its own errors (redis-py's, socket errors, …).
        logger.exception("The page cache could not be purged of %s.", keys)
    try:
        edge_purge(keys)
    except EdgePurgeError:
        logger.warning("The edge could not be purged of %s.", keys, exc_info=True)
        tasks.edge_purge_retry_later(keys, attempt=1)


def forget_pages(keys: list[str]) -> None:
    """Mark `keys` purged at a new point of the purge sequence.

    The sequence moves first: a page rendered after this point (it read
    the new value) was rendered after the change was committed, and may be
    stored; one rendered before has a lower value and is no longer served.
    """
    try:
        sequence = cache.incr(SEQUENCE_KEY)
    except ValueError:
        # No sequence yet (a fresh or flushed cache): start one, then move it.
        start_sequence()
        sequence = cache.incr(SEQUENCE_KEY)
    cache.set_many(
        {purged_key(key): sequence for key in keys}, timeout=PURGED_KEY_TIMEOUT
    )
