from django.core.management.base import BaseCommand, CommandError

from ingest.clusters import feed_item_facts_refresh
from ingest.models import FeedItem


class Command(BaseCommand):
    help = (
        "Store the facts of feed items that have none, read from their summary "
        "and text as at ingest, in batches. Items stored before story "
        "clustering by facts have none, so new items never join them: run "
        "this once after upgrading. Safe to run again: items with facts are "
        "left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=500,
            help="Items read at a time (default 500).",
        )

    def handle(self, *args, batch_size, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        items = (
            FeedItem.objects.without_facts()
            .only("pk", "summary", "content", "published_at", "fetched_at")
            .order_by("pk")
        )
        read = with_facts = 0
        last_pk = 0
        # By ids, one batch at a time: memory holds one batch, however many
        # items there are, and an item whose text has no facts is read once.
        while batch := list(items.filter(pk__gt=last_pk)[:batch_size]):
            for item in batch:
                if feed_item_facts_refresh(item=item):
                    with_facts += 1
            read += len(batch)
            last_pk = batch[-1].pk
            self.stdout.write(f"{read} items read")
        self.stdout.write(
            self.style.SUCCESS(
                f"{read} items had no facts: {with_facts} have facts now, "
                f"{read - with_facts} have none in their text."
            )
        )
