"""Read replicas: which database a query goes to, and when replicas have caught up.

Anonymous readers' public pages (the views `cache_public_page` wraps) are
read from a replica (`DATABASE_REPLICA_URLS`), one picked at random for the
whole request so that a page never mixes two replicas' pasts. Everything
else reads from the primary: writes, the admin and anyone with a session,
forms, the health checks, the task worker and management commands, and a
public page's request from its first write on.

A replica replays the primary's changes a little later, so a page rendered
from it just after a change can show the old state, and the edge and the
page cache would then keep that old page. Purges are therefore sent again
once every replica has replayed the change (`articles.tasks`).
"""

import logging
import random
import time
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections

from articles.pagecache.pages import is_anonymous_read

logger = logging.getLogger(__name__)
# The replica the current request's reads go to; None for the primary.
request_replica: ContextVar[str | None] = ContextVar("request_replica", default=None)


class ReplicaRouter:
    """Send reads to the request's replica, if it has one; writes to the primary."""

    def db_for_read(self, model, **hints):
        # None lets Django's default apply: the primary, or the database the
        # instance a relation is followed from was read from.
        return request_replica.get()

    def db_for_write(self, model, **hints):
        # Once a request writes, it reads its own writes: from the primary.
        request_replica.set(None)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The primary and its replicas hold the same rows.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # Replicas receive the schema by replication, never by `migrate`.
        return db not in settings.DATABASE_REPLICAS


class ReplicaReadMiddleware:
    """Read an anonymous reader's public page from a replica.

    The choice is made once the URL is resolved, so only the views marked
    as public pages use a replica; it lasts until the response is rendered
    (template responses render after the view returns) and no longer.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = request_replica.set(None)
        try:
            return self.get_response(request)
        finally:
            request_replica.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            settings.DATABASE_REPLICAS
            and getattr(view_func, "is_public_page", False)
            and is_anonymous_read(request)
        ):
            # Spreads the load; not a security decision.
            replica = random.choice(settings.DATABASE_REPLICAS)  # noqa: S311
            if is_reachable(replica):
                request_replica.set(replica)


def is_reachable(alias: str) -> bool:
    """Whether the database `alias` answers; a replica that does not is skipped.

    Its readers are then served from the primary, slower but served. With
    persistent connections this costs nothing while the replica is up.
    """
    connection = connections[alias]
    try:
        # A persistent connection to a replica that has since stopped is
        # closed here (CONN_HEALTH_CHECKS), then opened again or refused.
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except OperationalError:
        logger.warning("Replica %s cannot be reached; reading the primary.", alias)
        return False
    return True


def primary_wal_position() -> str:
    """Return the primary's current WAL position (a PostgreSQL pg_lsn).

    The insert position, not `pg_current_wal_lsn()` (the write position):
    with asynchronous commit a committed change may not be written yet, and
    the insert position is past it in any case.
    """
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
        return cursor.fetchone()[0]


def replicas_lagging(position: str) -> list[str]:
    """Return the replicas that have not yet replayed the WAL up to `position`.

    A server that is not in recovery is a primary (a promoted replica, or a
    test database mirroring the primary) and has every change. A replica
    that cannot be reached serves no reader and is not waited for.
    """
    lagging = []
    for alias in settings.DATABASE_REPLICAS:
        if not is_reachable(alias):
            continue
        with connections[alias].cursor() as cursor:
            cursor.execute(
                "SELECT NOT pg_is_in_recovery()"
                " OR pg_last_wal_replay_lsn() >= %s::pg_lsn",
                [position],
            )
            if not cursor.fetchone()[0]:
                lagging.append(alias)
    return lagging


# How often a wait for the replicas asks them where they are.
REPLICA_POLL_SECONDS = 0.01


def wait_for_replicas(position: str, *, timeout: float) -> list[str]:
    """Wait until every replica has replayed the WAL up to `position`.

    Return the replicas still behind after `timeout` seconds (none, usually).
    """
    deadline = time.monotonic() + timeout
    while (lagging := replicas_lagging(position)) and time.monotonic() < deadline:
        time.sleep(REPLICA_POLL_SECONDS)
    return lagging
