"""Clustering measured on the labelled set (tests/dedup_set).

Used by the test that holds the floors (test_clustering_quality.py) and by
`make bench-dedup`. Each item is ingested as it would arrive from its
outlet's feed, through `feed_item_ingest`, so what is measured is what runs.
"""

from datetime import datetime, timedelta
from itertools import combinations

from django.utils.text import slugify

from articles.models import Category, Source
from ingest.models import Feed, FeedItem
from ingest.parse import Entry
from ingest.services import feed_item_ingest


def feeds_for(items) -> dict:
    """Create a source and a feed for each outlet and language of `items`."""
    category, _created = Category.objects.get_or_create(
        slug="dedup-set", defaults={"name": "Dedup set"}
    )
    feeds = {}
    for item in items:
        key = (item["outlet"], item["language"])
        if key in feeds:
            continue
        source, _created = Source.objects.get_or_create(
            name=item["outlet"],
            defaults={"slug": slugify(item["outlet"], allow_unicode=True)[:100]},
        )
        feeds[key], _created = Feed.objects.get_or_create(
            url=f"https://{source.slug}.example/{item['language']}/feed.xml",
            defaults={
                "source": source,
                "language": item["language"],
                "default_category": category,
            },
        )
    return feeds


def ingest_items(items) -> list[int]:
    """Ingest `items` in the order given; return each one's cluster id."""
    feeds = feeds_for(items)
    for item in items:
        published = datetime.fromisoformat(item["published"])
        feed_item_ingest(
            feed=feeds[item["outlet"], item["language"]],
            entry=Entry(
                guid=item["link"],
                url=item["link"],
                title=item["title"],
                summary=item["summary"],
                content=item["body"],
                author="",
                published_at=published,
                image_url="",
            ),
            fetched_at=published + timedelta(minutes=30),
        )
    clusters = dict(FeedItem.objects.values_list("guid", "cluster_id"))
    return [clusters[item["link"]] for item in items]


def pairs(labels) -> set[tuple[int, int]]:
    """Return the index pairs that share a label."""
    return {
        (first, second)
        for first, second in combinations(range(len(labels)), 2)
        if labels[first] == labels[second]
    }


def pairwise_scores(truth, predicted) -> tuple[float, float, float]:
    """Return pairwise precision, recall and F1 of `predicted` clusters."""
    true_pairs, found_pairs = pairs(truth), pairs(predicted)
    correct = len(true_pairs & found_pairs)
    precision = correct / len(found_pairs) if found_pairs else 1.0
    recall = correct / len(true_pairs) if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if correct else 0.0
    return precision, recall, f1
