import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from articles.demo.bench import (
    BODY_MAX_LENGTH,
    BODY_MIN_LENGTH,
    create_bench_stories,
    ensure_bench_hero_images,
    existing_bench_indexes,
)
from articles.demo.catalogue import ensure_category
from articles.models import Story


class Command(BaseCommand):
    help = (
        "Create published stories with 15-25 KB bodies for benchmarks. The same "
        "--seed always gives the same stories; those that exist are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--count", type=int, default=1000, help="How many stories (default 1000)."
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=1,
            help="Decides the text; slugs start bench-<seed>- (default 1).",
        )
        parser.add_argument(
            "--category",
            help="File every new story in this category (a slug; created if "
            "missing) instead of spreading them over the demo categories.",
        )
        parser.add_argument(
            "--hero-images",
            type=int,
            default=0,
            help="Draw this many pictures and share them among the stories "
            "(default 0: no pictures).",
        )
        parser.add_argument(
            "--body-length",
            type=int,
            help="English body length in characters, give or take 1,000 "
            "(default: 15,000 to 25,000).",
        )
        parser.add_argument(
            "--chinese",
            action="store_true",
            help="Give every new story a published Chinese version too.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=500,
            help="Stories per INSERT transaction (default 500).",
        )

    def handle(
        self,
        *args,
        count,
        seed,
        category,
        hero_images,
        body_length,
        chinese,
        batch_size,
        **options,
    ):
        if count < 1 or seed < 0 or hero_images < 0 or batch_size < 1:
            raise CommandError(
                "--count and --batch-size must be at least 1; --seed and "
                "--hero-images must not be negative."
            )
        if body_length is not None and body_length < 1000:
            raise CommandError("--body-length must be at least 1000.")
        lengths = (BODY_MIN_LENGTH, BODY_MAX_LENGTH)
        if body_length is not None:
            # The writer needs a range wider than its longest paragraph.
            lengths = (body_length - 1000, body_length + 1000)
        existing = existing_bench_indexes(seed)
        missing = [index for index in range(count) if index not in existing]
        if not missing:
            self.stdout.write(
                f"All {count} stories of seed {seed} exist already; nothing created."
            )
            return
        try:
            chosen_category = ensure_category(category) if category else None
        except ValueError as error:
            raise CommandError(str(error)) from error
        pictures = ensure_bench_hero_images(seed=seed, count=hero_images)
        now = timezone.now()
        started = time.monotonic()
        created = 0
        for start in range(0, len(missing), batch_size):
            batch = missing[start : start + batch_size]
            create_bench_stories(
                seed=seed,
                indexes=batch,
                now=now,
                category=chosen_category,
                hero_images=pictures,
                body_length=lengths,
                chinese=chinese,
            )
            created += len(batch)
            elapsed = time.monotonic() - started
            self.stdout.write(f"{created}/{len(missing)} created ({elapsed:.1f} s)")
        self.stdout.write(
            self.style.SUCCESS(
                f"{created} stories created for seed {seed}, "
                f"{count - len(missing)} already there; "
                f"{Story.objects.count()} stories in the database."
            )
        )
