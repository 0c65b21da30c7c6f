import time

from django.core.management.base import BaseCommand, CommandError

from articles.models import Story, StorySearch
from articles.search.backends import rebuild_index
from articles.search.indexing import story_search_rebuild


class Command(BaseCommand):
    help = (
        "Re-index every story for search, in batches. Safe to run at any time "
        "and as often as wanted: each story's rows are replaced."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=500,
            help="Stories per transaction (default 500).",
        )

    def handle(self, *args, batch_size, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        story_ids = list(Story.objects.order_by("pk").values_list("pk", flat=True))
        started = time.monotonic()
        rows = 0
        for start in range(0, len(story_ids), batch_size):
            batch = story_ids[start : start + batch_size]
            rows += story_search_rebuild(story_ids=batch)
            done = start + len(batch)
            elapsed = time.monotonic() - started
            self.stdout.write(f"{done}/{len(story_ids)} stories ({elapsed:.1f} s)")
        # Rows of stories deleted since are gone by cascade; this repairs an
        # FTS5 table edited by hand (PostgreSQL indexes need nothing).
        rebuild_index()
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(story_ids)} stories indexed: {rows} language versions, "
                f"{StorySearch.objects.count()} rows in the index."
            )
        )
