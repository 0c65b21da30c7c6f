from django.core.management.base import BaseCommand, CommandError
from django.tasks import TaskResultStatus

from ingest.models import Feed
from ingest.services import feeds_claim_due
from ingest.tasks import poll_feed


class Command(BaseCommand):
    help = (
        "Queue a poll of every feed that is due (run it every 5 minutes), or "
        "of one feed with --feed. The worker (manage.py db_worker) polls them; "
        "with TASKS_BACKEND=immediate they are polled here and now."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--feed",
            type=int,
            metavar="ID",
            help="Poll this feed now, even if it is not due or is inactive.",
        )

    def handle(self, *args, feed, **options):
        if feed is not None:
            if not Feed.objects.filter(pk=feed).exists():
                raise CommandError(f"There is no feed with id {feed}.")
            feed_ids = [feed]
        else:
            feed_ids = feeds_claim_due()
        for feed_id in feed_ids:
            result = poll_feed.enqueue(feed_id=feed_id)
            if result.status == TaskResultStatus.SUCCESSFUL:
                self.stdout.write(f"Feed {feed_id}: {result.return_value['summary']}")
            elif result.status == TaskResultStatus.FAILED:
                # The task logged the traceback; the other feeds go on.
                self.stderr.write(f"Feed {feed_id}: the poll failed unexpectedly.")
            else:
                self.stdout.write(f"Feed {feed_id}: queued")
        self.stdout.write(
            self.style.SUCCESS(f"{len(feed_ids)} feeds polled or queued.")
        )
