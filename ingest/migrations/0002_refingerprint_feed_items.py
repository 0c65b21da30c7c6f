"""Make the fingerprints of stored feed items again, from their stored text.

The text duplicate detection compares now keeps HTML blocks apart
("<p>a</p><p>b</p>" reads "a b", no longer "ab"), so the content hash and
SimHash of an entry with paragraphs differ from the ones stored for it. Left
as they were, the next poll would take every such entry still in its feed
for an upstream change and flag its story, and the same text arriving in
another feed would no longer match. An item stores the text they are made
from (title, summary, sanitised content), so they are made again here, as
`feed_item_ingest` makes them. The stored title and summary were read the
old way, though: an entry whose headline or summary HTML itself had blocks
still comes back once as updated, with the spaces added.
"""

from django.db import migrations

from ingest.parse import Entry
from ingest.services import fingerprint_fields

BATCH_SIZE = 500
FINGERPRINT_FIELDS = ["content_hash", "simhash", "band0", "band1", "band2", "band3"]


def refingerprint_feed_items(apps, schema_editor):
    FeedItem = apps.get_model("ingest", "FeedItem")
    # By batches of ids rather than one open cursor: SQLite does not isolate
    # a cursor from writes to the table it reads.
    ids = list(FeedItem.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH_SIZE):
        items = list(FeedItem.objects.filter(pk__in=ids[start : start + BATCH_SIZE]))
        for item in items:
            entry = Entry(
                guid=item.guid,
                url=item.url,
                title=item.title,
                summary=item.summary,
                content=item.content,
                author=item.author,
                published_at=item.published_at,
                image_url=item.image_url,
            )
            for name, value in fingerprint_fields(entry).items():
                setattr(item, name, value)
        FeedItem.objects.bulk_update(items, FINGERPRINT_FIELDS)


class Migration(migrations.Migration):

    dependencies = [
        ("ingest", "0001_initial"),
    ]

    operations = [
        # Backwards the fingerprints stay as they are: the old way of reading
        # the text is gone, so there is nothing to make them again with.
        migrations.RunPython(refingerprint_feed_items, migrations.RunPython.noop),
    ]
