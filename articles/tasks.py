"""Background work on django.tasks. Tasks take ids and call services."""

from django.tasks import task

from articles.models import Feed
from articles.services.ingest import feed_poll


@task(queue_name="ingest")
def poll_feed(feed_id: int) -> dict:
    """Poll one feed; return the poll's summary for the task result."""
    feed = Feed.objects.select_related("source").get(pk=feed_id)
    result = feed_poll(feed=feed)
    return {"status": result.status, "summary": result.summary()}
