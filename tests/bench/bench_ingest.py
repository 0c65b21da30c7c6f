"""Benchmark ingestion: `make bench-ingest` (not collected by pytest).

Measures, on a fresh test database (SQLite unless DATABASE_URL says
otherwise), how many feed entries per second `ingest_feeds` imports from 20
local feeds of 100 entries each, and how long the duplicate look-up takes per
entry against 100,000 stored feed items. Prints a table and never fails on
absolute numbers.
"""

import os
import random
import statistics
import sys
import tempfile
import threading
import time
from datetime import timedelta
from io import StringIO

FEEDS = 20
ENTRIES_PER_FEED = 100
STORED_ITEMS = 100_000
LOOKUPS = 1_000
TARGET_MS = 10.0


def configure():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aggregator.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ["TASKS_BACKEND"] = "immediate"
    os.environ["INGEST_ALLOW_PRIVATE_HOSTS"] = "True"
    os.environ["LOG_LEVEL"] = "WARNING"
    import django
    from django.conf import settings

    django.setup()
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        # A file, as in production, not the in-memory test database.
        database["TEST"]["NAME"] = os.path.join(tempfile.mkdtemp(), "bench.sqlite3")


def words(rng, vocabulary, count):
    return " ".join(rng.choice(vocabulary) for _ in range(count))


def serve_feeds(rng):
    from tests.ingest.conftest import FeedServer, rss

    vocabulary = [
        "".join(
            rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9))
        )
        for _ in range(5000)
    ]
    server = FeedServer()
    threading.Thread(target=server.httpd.serve_forever, daemon=True).start()
    urls = []
    for feed in range(FEEDS):
        items = [
            {
                "title": words(rng, vocabulary, 9),
                "link": f"https://source{feed}.example/story/{entry}?utm_source=rss",
                "guid": f"{feed}-{entry}",
                "description": words(rng, vocabulary, 40),
                "content:encoded": "".join(
                    f"<p>{words(rng, vocabulary, 60)}</p>" for _ in range(5)
                ),
            }
            for entry in range(ENTRIES_PER_FEED)
        ]
        urls.append(server.serve(f"/feed{feed}.xml", rss(items)))
    return server, urls


def bench_throughput(rng):
    from django.core.management import call_command

    from articles.models import Category, Source
    from ingest.models import Feed, FeedItem

    server, urls = serve_feeds(rng)
    category = Category.objects.create(name="Bench", slug="bench")
    for number, url in enumerate(urls):
        source = Source.objects.create(name=f"Bench source {number}", slug=f"b{number}")
        Feed.objects.create(source=source, url=url, default_category=category)
    started = time.perf_counter()
    call_command("ingest_feeds", stdout=StringIO())
    elapsed = time.perf_counter() - started
    server.httpd.shutdown()
    imported = FeedItem.objects.count()
    return imported, elapsed


def store_items(rng):
    from django.utils import timezone

    from ingest import simhash
    from ingest.models import DuplicateCluster, Feed, FeedItem

    feed = Feed.objects.first()
    now = timezone.now()
    clusters = DuplicateCluster.objects.bulk_create(
        DuplicateCluster(item_count=1, source_count=1) for _ in range(1000)
    )
    batch = []
    for number in range(STORED_ITEMS):
        value = rng.getrandbits(64) - 2**63
        bands = simhash.bands(value)
        batch.append(
            FeedItem(
                feed=feed,
                guid=f"stored-{number}",
                url=f"https://archive.example/{number}",
                canonical_url=f"https://archive.example/{number}",
                title=f"Stored item {number}",
                content_hash=f"{rng.getrandbits(256):064x}",
                simhash=value,
                band0=bands[0],
                band1=bands[1],
                band2=bands[2],
                band3=bands[3],
                cluster=clusters[number % len(clusters)],
                # Spread over a fortnight: half fall outside the 7-day window.
                fetched_at=now - timedelta(minutes=rng.randint(0, 14 * 24 * 60)),
            )
        )
        if len(batch) == 5000:
            FeedItem.objects.bulk_create(batch)
            batch = []
    FeedItem.objects.bulk_create(batch)


def bench_lookup(rng):
    from django.utils import timezone

    from ingest.models import NEAR_DUPLICATE_WINDOW
    from ingest.services import find_duplicate

    since = timezone.now() - NEAR_DUPLICATE_WINDOW
    timings = []
    for number in range(LOOKUPS):
        started = time.perf_counter()
        find_duplicate(
            canonical_url=f"https://new.example/{number}",
            content_hash=f"{rng.getrandbits(256):064x}",
            fingerprint=rng.getrandbits(64) - 2**63,
            since=since,
        )
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return (
        statistics.mean(timings),
        timings[len(timings) // 2],
        timings[int(len(timings) * 0.99)],
    )


def report(line):
    sys.stdout.write(line + "\n")


def main():
    configure()
    from django.db import connection

    # Seeded, so that every run measures the same data; nothing here is secret.
    rng = random.Random(7)  # noqa: S311
    test_name = connection.creation.create_test_db(verbosity=0)
    try:
        imported, elapsed = bench_throughput(rng)
        store_items(rng)
        from ingest.models import FeedItem

        stored = FeedItem.objects.count()
        mean, median, p99 = bench_lookup(rng)
    finally:
        connection.creation.destroy_test_db(test_name, verbosity=0)
    vendor = connection.vendor
    report(f"Ingestion benchmark on {vendor}")
    report(
        f"  throughput: {imported} entries from {FEEDS} feeds in {elapsed:.2f} s "
        f"= {imported / elapsed:.0f} entries/s (fetch, parse, dedup, draft story)"
    )
    report(
        f"  duplicate look-up against {stored} stored items ({LOOKUPS} look-ups): "
        f"mean {mean:.2f} ms, median {median:.2f} ms, p99 {p99:.2f} ms "
        f"(target < {TARGET_MS:.0f} ms: {'met' if p99 < TARGET_MS else 'MISSED'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
