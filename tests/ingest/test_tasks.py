"""The production path: ingest_feeds queues, the database worker polls."""

from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Story
from tests.factories import FeedFactory
from tests.ingest.conftest import rss

# A real transaction: the worker closes database connections between tasks,
# as it must in production, which would end the test's wrapping transaction.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_queued_poll_is_run_by_the_database_worker(feed_server, settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "ingest"],
        }
    }
    url = feed_server.serve("/w.xml", rss([{"title": "By the worker", "link": "/w"}]))
    FeedFactory(url=url)
    output = StringIO()

    call_command("ingest_feeds", stdout=output)
    assert "queued" in output.getvalue()
    assert not Story.objects.exists()

    call_command(
        "db_worker",
        "--batch",
        "--queue-name",
        "ingest",
        "--no-startup-delay",
        stdout=StringIO(),
        stderr=StringIO(),
    )

    assert Story.objects.get().title == "By the worker"
