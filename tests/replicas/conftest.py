"""A replica for the tests: a second connection to the test database.

Django's test mirrors work the same way (TEST MIRROR); the tests commit
(transaction=True) so that the second connection sees their rows.
"""

import pytest
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica1"


@pytest.fixture(scope="module", autouse=True)
def replica_connection(django_db_setup, django_db_blocker):
    """Add the replica's alias: a second connection to the test database.

    Module-scoped, so it exists before each test's database access is
    checked against the aliases the test names.
    """
    connections.settings[REPLICA] = {
        **connections.settings[DEFAULT_DB_ALIAS],
        "TEST": {**connections.settings[DEFAULT_DB_ALIAS]["TEST"], "MIRROR": "default"},
    }
    yield
    with django_db_blocker.unblock():
        connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


@pytest.fixture
def replica(settings):
    """Send anonymous readers' public pages to the replica."""
    settings.DATABASE_REPLICAS = [REPLICA]
    return REPLICA
