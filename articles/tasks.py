"""Background work on django.tasks. Tasks take plain values and call services."""

import logging
from datetime import timedelta

from django.tasks import task
from django.utils import timezone

# A module import: articles.pagecache.purge imports this module in turn.
from articles.pagecache import purge
from articles.pagecache.edge import EdgePurgeError, edge_backend, edge_purge
from articles.replicas import wait_for_replicas

logger = logging.getLogger(__name__)

# Seconds before each new attempt at an edge purge. After the last one
# (about four minutes in all) every page the purge was for has reached its
# s-maxage at the edge and expired there by itself, so trying longer would
# change nothing.
EDGE_PURGE_RETRY_DELAYS = (10, 30, 60, 150)


@task()
def edge_purge_retry(keys: list[str], attempt: int) -> None:
    """Purge `keys` at the edge again; on failure, try later, then give up.

    Attempt 0 is a change's planned second purge (`edge_purge_again_later`);
    the others follow a purge that failed.
    """
    try:
        edge_purge(keys)
    except EdgePurgeError:
        edge_purge_retry_later(keys, attempt=attempt + 1)
        raise
    logger.info("The edge was purged of %s at attempt %d.", keys, attempt)


def edge_purge_retry_later(keys: list[str], *, attempt: int) -> None:
    """Queue attempt number `attempt` (from 1) at purging `keys` at the edge."""
    # The immediate backend (development) runs tasks at once and cannot wait.
    can_wait = edge_purge_retry.get_backend().supports_defer
    if attempt > len(EDGE_PURGE_RETRY_DELAYS) or not can_wait:
        logger.error(
            "The edge could not be purged of %s; its copies expire by themselves.",
            keys,
        )
        return
    run_after = timezone.now() + timedelta(seconds=EDGE_PURGE_RETRY_DELAYS[attempt - 1])
    edge_purge_retry.using(run_after=run_after).enqueue(keys=keys, attempt=attempt)


# When to purge the edge again after a change: later than a page rendered
# from the old state can reach it. A gunicorn worker spends at most its
# timeout (30 s by default) on a request before it is killed.
EDGE_PURGE_AGAIN_SECONDS = 35


def edge_purge_again_later(keys: list[str]) -> None:
    """Queue the second edge purge of a change (`purge_committed_change`)."""
    # Without an edge there is nothing to purge; the immediate backend
    # (development) cannot wait, and has no edge either.
    if edge_backend() is None or not edge_purge_retry.get_backend().supports_defer:
        return
    run_after = timezone.now() + timedelta(seconds=EDGE_PURGE_AGAIN_SECONDS)
    edge_purge_retry.using(run_after=run_after).enqueue(keys=keys, attempt=0)


# How long a second purge waits for the replicas. A replica further behind
# than this is a fault to alert on (docs/deploy.md); the purge is sent
# anyway, so the other replicas' readers get the change.
REPLICA_WAIT_SECONDS = 60


@task()
def page_cache_purge_after_replicas(keys: list[str], position: str) -> None:
    """Purge `keys` again once every replica has replayed the WAL to `position`.

    `position` is the primary's, taken after the change committed.
    """
    lagging = wait_for_replicas(position, timeout=REPLICA_WAIT_SECONDS)
    if lagging:
        logger.error(
            "Replicas %s have not replayed %s after %d s; purging %s anyway.",
            ", ".join(lagging),
            position,
            REPLICA_WAIT_SECONDS,
            keys,
        )
    purge.page_cache_purge(keys)


@task()
def publish_due_changes(story_id: int) -> int:
    """Publish a story's pending changes if their scheduled time has come."""
    # Imported here: the service module enqueues this task.
    from articles.services.changes import story_changes_publish_due

    return story_changes_publish_due(story_id=story_id)
