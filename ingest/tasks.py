"""Background work on django.tasks. Tasks take ids and call services."""

from django.tasks import task
from django.utils import timezone

from ingest.models import Feed
from ingest.services import feed_poll, feed_record_failure


@task(queue_name="ingest")
def poll_feed(feed_id: int) -> dict:
    """Poll one feed; return the poll's summary for the task result.

    An unexpected error (a bug, not a bad feed) is still recorded on the
    feed, so editors see it and the feed backs off, then re-raised so that
    the task fails with its traceback.
    """
    feed = Feed.objects.select_related("source").get(pk=feed_id)
    try:
        result = feed_poll(feed=feed)
    except Exception as error:
        feed.refresh_from_db()
        message = f"Unexpected error: {type(error).__name__}: {error}"
        feed_record_failure(feed=feed, error=Exception(message), now=timezone.now())
        raise
    return {
        "status": result.status,
        "summary": result.summary(),
        "warning": result.warning,
    }
