"""Purges with replicas: sent once every replica has replayed the change.

A replica that lags, and the second purge it gets, are tested on the rig
(tests/cluster), where replay can be held.
"""

import pytest
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from articles.pagecache.pages import SEQUENCE_KEY, start_sequence
from articles.pagecache.purge import purge_on_commit
from articles.replicas import (
    primary_wal_position,
    replicas_lagging,
    wait_for_replicas,
)
from tests.replicas.conftest import REPLICA

pytestmark = [
    pytest.mark.django_db(
        transaction=True,
        serialized_rollback=True,
        databases=[DEFAULT_DB_ALIAS, REPLICA],
    ),
    pytest.mark.skipif(
        connections[DEFAULT_DB_ALIAS].vendor != "postgresql",
        reason="Replicas and WAL positions are PostgreSQL's",
    ),
]


def purges_for_one_change() -> int:
    """Return how many purges one committed change sends."""
    before = start_sequence()
    with transaction.atomic():
        purge_on_commit(["story-1"])
    return cache.get(SEQUENCE_KEY) - before


def test_a_change_the_replicas_have_is_purged_once(replica):
    assert purges_for_one_change() == 1


def test_without_replicas_a_change_is_purged_once(settings):
    settings.DATABASE_REPLICAS = []

    assert purges_for_one_change() == 1


def test_a_mirror_of_the_primary_never_lags(replica):
    assert replicas_lagging(primary_wal_position()) == []
    assert wait_for_replicas(primary_wal_position(), timeout=0) == []
