"""Migration 0002: stored items get the fingerprints the next poll makes."""

import hashlib
from importlib import import_module
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from ingest import simhash
from ingest.models import FeedItem
from ingest.services import BAND_FIELDS
from tests.factories import FeedFactory
from tests.ingest.conftest import rss

pytestmark = pytest.mark.django_db

migration = import_module("ingest.migrations.0002_refingerprint_feed_items")


def ingest(*args):
    stdout = StringIO()
    call_command("ingest_feeds", *args, stdout=stdout)
    return stdout.getvalue()


def test_an_item_fingerprinted_the_old_way_is_unchanged_at_the_next_poll(
    feed_server,
):
    entry = {
        "title": "Storm nears the coast",
        "link": "https://a.example/storm",
        "guid": "storm-1",
        "description": "Winds rose overnight.",
        "content:encoded": "<p>Winds rose overnight.</p><p>Schools closed.</p>",
    }
    url = feed_server.serve("/storm.xml", rss([entry]))
    feed = FeedFactory(url=url)
    ingest()
    fresh = FeedItem.objects.values(*migration.FINGERPRINT_FIELDS).get()
    # Stored before blocks were kept apart, the paragraphs ran together.
    old_text = "Storm nears the coast\nWinds rose overnight.\n"
    old_text += "Winds rose overnight.Schools closed."
    old_fingerprint = simhash.simhash(old_text)
    FeedItem.objects.update(
        content_hash=hashlib.sha256(
            " ".join(old_text.casefold().split()).encode()
        ).hexdigest(),
        simhash=old_fingerprint,
        **dict(zip(BAND_FIELDS, simhash.bands(old_fingerprint), strict=True)),
    )
    assert FeedItem.objects.get().content_hash != fresh["content_hash"]

    migration.refingerprint_feed_items(apps, None)

    assert FeedItem.objects.values(*migration.FINGERPRINT_FIELDS).get() == fresh
    assert "1 unchanged" in ingest("--feed", str(feed.pk))
    assert not FeedItem.objects.get().has_upstream_change
