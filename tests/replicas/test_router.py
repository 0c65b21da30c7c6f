"""Which database each request reads from, with a replica configured.

Real replication is tested on the rig (tests/cluster).
"""

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.test.utils import CaptureQueriesContext

from articles.models import Story
from articles.replicas import ReplicaRouter, request_replica
from tests.factories import StoryFactory
from tests.replicas.conftest import REPLICA

# serialized_rollback: the roles the migrations made outlive the flush.
pytestmark = pytest.mark.django_db(
    transaction=True, serialized_rollback=True, databases=[DEFAULT_DB_ALIAS, REPLICA]
)


def queries_on_each_database(client, method, path, **options):
    """Return the response and the queries it ran on the primary and replica."""
    with (
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        response = getattr(client, method)(path, **options)
    return response, len(primary), len(replica)


def test_anonymous_story_page_is_read_from_the_replica(client, replica):
    story = StoryFactory(published=True, title_en="Harbour reopens")

    response, on_primary, on_replica = queries_on_each_database(
        client, "get", story.get_absolute_url()
    )

    assert response.status_code == 200
    assert "Harbour reopens" in response.content.decode()
    assert on_replica > 0
    assert on_primary == 0


def test_anonymous_home_page_is_read_from_the_replica(client, replica):
    StoryFactory(published=True, title_en="Harbour reopens")

    response, on_primary, on_replica = queries_on_each_database(client, "get", "/")

    assert "Harbour reopens" in response.content.decode()
    assert (on_primary, on_replica > 0) == (0, True)


def test_staff_read_the_primary(editor_client, replica):
    story = StoryFactory(published=True, title_en="Harbour reopens")

    response, on_primary, on_replica = queries_on_each_database(
        editor_client, "get", story.get_absolute_url()
    )

    assert "Harbour reopens" in response.content.decode()
    assert on_primary > 0
    assert on_replica == 0


def test_forms_read_the_primary(client, replica):
    story = StoryFactory(published=True, slug="harbour")

    response, on_primary, on_replica = queries_on_each_database(
        client, "get", f"/takedown/?story={story.slug}"
    )

    assert response.status_code == 200
    assert on_primary > 0
    assert on_replica == 0


def test_admin_reads_the_primary(editor_client, replica):
    StoryFactory(published=True, title_en="Harbour reopens")

    response, on_primary, on_replica = queries_on_each_database(
        editor_client, "get", "/admin/articles/story/"
    )

    assert "Harbour reopens" in response.content.decode()
    assert on_primary > 0
    assert on_replica == 0


def test_a_request_reads_its_own_writes_from_the_primary(replica):
    router = ReplicaRouter()
    token = request_replica.set(REPLICA)
    try:
        assert router.db_for_read(Story) == REPLICA
        assert router.db_for_write(Story) == DEFAULT_DB_ALIAS
        assert router.db_for_read(Story) is None
    finally:
        request_replica.reset(token)


def test_no_request_reads_a_replica_after_it_ends(client, replica):
    story = StoryFactory(published=True)
    client.get(story.get_absolute_url())

    assert request_replica.get() is None


def test_replicas_are_never_migrated(replica):
    router = ReplicaRouter()

    assert router.allow_migrate(REPLICA, "articles") is False
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "articles") is True


def test_without_replicas_everything_reads_the_primary(client, settings):
    settings.DATABASE_REPLICAS = []
    story = StoryFactory(published=True)

    with CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary:
        client.get(story.get_absolute_url())

    assert len(primary) > 0


@pytest.fixture
def stopped_replica(replica):
    """Point the replica's connection at a server that is not there."""
    connection = connections[REPLICA]
    saved = dict(connection.settings_dict)
    if connection.vendor == "postgresql":
        connection.settings_dict["PORT"] = "1"  # Nothing listens on port 1.
    else:
        connection.settings_dict["NAME"] = "/nonexistent/replica.sqlite3"
    # After the change: SQLite keeps a connection to an in-memory database.
    connection.close()
    yield REPLICA
    connection.close()
    connection.settings_dict.update(saved)


def test_a_stopped_replica_leaves_readers_on_the_primary(client, stopped_replica):
    story = StoryFactory(published=True, title_en="Harbour reopens")

    with CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary:
        response = client.get(story.get_absolute_url())

    assert "Harbour reopens" in response.content.decode()
    assert len(primary) > 0
