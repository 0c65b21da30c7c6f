"""Benchmark story clustering: `make bench-dedup` (not collected by pytest).

On a fresh test database (SQLite unless DATABASE_URL says otherwise):

1. ingests the labelled set (tests/dedup_set) through `feed_item_ingest` and
   prints pairwise precision, recall and F1 against its labels;
2. stores --count synthetic items (default 10,000) with facts drawn as news
   facts are (a few names and figures are everywhere, most are rare), spread
   over the days an aggregator of 1,000 items a day would take, gathers
   planner statistics as production's autovacuum would, and times the
   look-up of each labelled item's matches among them: p50 and p95.

Prints a table and never fails on absolute numbers: the floors are held by
tests/ingest/test_clustering_quality.py.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta

ITEMS_PER_DAY = 1_000
FACTS_PER_ITEM = 25
VOCABULARY = 200_000
TARGET_MS = 10.0


def configure():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aggregator.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ["LOG_LEVEL"] = "WARNING"
    import django
    from django.conf import settings

    django.setup()
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        # A file, as in production, not the in-memory test database.
        database["TEST"]["NAME"] = os.path.join(tempfile.mkdtemp(), "bench.sqlite3")


def measure_quality(items):
    from tests.ingest.dedup_measure import ingest_items, pairwise_scores

    started = time.perf_counter()
    predicted = ingest_items(items)
    elapsed = time.perf_counter() - started
    scores = pairwise_scores([item["cluster"] for item in items], predicted)
    return scores, elapsed


def store_items(rng, count, middle, real_keys):
    """Store `count` items around `middle`, with FACTS_PER_ITEM facts each.

    Most facts are drawn from a synthetic vocabulary, Zipf-like: fact k with
    weight 1/k, so a few are in many items and most in a few. A fifth are
    the labelled set's own facts, so that its look-ups meet stored items
    sharing them, as a new item meets the archive's.
    """
    from itertools import accumulate

    from django.db import connection, transaction

    from ingest.models import DuplicateCluster, Feed, FeedItem

    feed = Feed.objects.first()
    cluster = DuplicateCluster.objects.create()
    days = max(count / ITEMS_PER_DAY, 1)
    cumulative = list(accumulate(1 / rank for rank in range(1, VOCABULARY + 1)))
    real_keys = sorted(real_keys)
    synthetic = FACTS_PER_ITEM * 4 // 5
    for start in range(0, count, 2_000):
        batch = []
        for number in range(start, min(start + 2_000, count)):
            reported_at = middle + timedelta(
                minutes=rng.uniform(-days / 2, days / 2) * 24 * 60
            )
            batch.append(
                FeedItem(
                    feed=feed,
                    guid=f"stored-{number}",
                    url=f"https://archive.example/{number}",
                    title=f"Stored item {number}",
                    content_hash=f"{number:064x}",
                    simhash=0,
                    band0=0,
                    band1=0,
                    band2=0,
                    band3=0,
                    cluster=cluster,
                    fetched_at=reported_at,
                    published_at=reported_at,
                    fact_weight=FACTS_PER_ITEM * 3,
                )
            )
        item_facts = []
        for item in batch:
            keys = {
                # Negative small numbers: never a real fact's hash.
                key - VOCABULARY
                for key in rng.choices(
                    range(VOCABULARY), cum_weights=cumulative, k=synthetic
                )
            }
            keys.update(rng.sample(real_keys, FACTS_PER_ITEM - synthetic))
            found = [(key, rng.choice((1, 2, 3, 4)), key % 3 == 0) for key in keys]
            item.fact_figures = sum(is_figure for _, _, is_figure in found)
            item_facts.append(found)
        FeedItem.objects.bulk_create(batch)
        rows = []
        for item, found in zip(batch, item_facts, strict=True):
            reported_at = connection.ops.adapt_datetimefield_value(item.published_at)
            rows.extend(
                (item.pk, key, weight, is_figure, reported_at)
                for key, weight, is_figure in found
            )
        # Plain executemany: model instances for millions of rows would make
        # the filling, not the look-up, the slow part of the benchmark. One
        # transaction, not one (and one disk flush) per row.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO ingest_feeditemfact "
                "(item_id, key, weight, is_figure, reported_at) "
                "VALUES (%s, %s, %s, %s, %s)",
                rows,
            )


def labelled_facts(item):
    from datetime import datetime

    from articles.sanitize import html_to_text
    from ingest.clusters import item_facts

    return item_facts(
        summary=item["summary"],
        text=html_to_text(item["body"]),
        reported_at=datetime.fromisoformat(item["published"]),
    )


def time_lookups(items):
    """Time the look-up of each labelled item (its facts, then its matches);
    return p50 and p95 in ms."""
    from datetime import datetime

    from ingest import facts
    from ingest.clusters import fact_weights, matching_items

    timings = []
    for item in items:
        reported_at = datetime.fromisoformat(item["published"])
        started = time.perf_counter()
        found = labelled_facts(item)
        weights = fact_weights(found)
        matching_items(
            weights=weights,
            total=sum(weights.values()),
            figures=facts.figure_count(found),
            reported_at=reported_at,
        )
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95)]


def report(line):
    sys.stdout.write(line + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    options = parser.parse_args()
    configure()
    from datetime import datetime

    from django.db import connection

    from ingest.clusters import fact_weights
    from ingest.models import FeedItem
    from tests.dedup_set import load_items

    items = load_items()
    # Seeded, so that every run measures the same data; nothing here is secret.
    rng = random.Random(16)  # noqa: S311
    test_name = connection.creation.create_test_db(verbosity=0)
    try:
        (precision, recall, f1), elapsed = measure_quality(items)
        middle = datetime.fromisoformat(items[len(items) // 2]["published"])
        started = time.perf_counter()
        real_keys = {
            key for item in items for key in fact_weights(labelled_facts(item))
        }
        store_items(rng, options.count, middle, real_keys)
        # Planner statistics, as a production database has them; on
        # PostgreSQL also the visibility map that autovacuum keeps, without
        # which the look-up's index-only scan still reads every fact it finds.
        with connection.cursor() as cursor:
            cursor.execute(
                "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
            )
        filled = time.perf_counter() - started
        stored = FeedItem.objects.count()
        p50, p95 = time_lookups(items)
    finally:
        connection.creation.destroy_test_db(test_name, verbosity=0)
    report(f"Clustering benchmark on {connection.vendor}")
    report(
        f"  labelled set: {len(items)} items, precision {precision:.3f}, "
        f"recall {recall:.3f}, F1 {f1:.3f} (ingested in {elapsed:.1f} s)"
    )
    report(
        f"  look-up among {stored} stored items (filled in {filled:.0f} s), "
        f"{len(items)} look-ups: p50 {p50:.2f} ms, p95 {p95:.2f} ms "
        f"(target p50 <= {TARGET_MS:.0f} ms: "
        f"{'met' if p50 <= TARGET_MS else 'MISSED'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
