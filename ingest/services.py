"""Writes for feed ingestion: polling a feed and importing its entries.

`feed_poll` fetches and parses outside any transaction (network time must
not hold database locks), then imports each entry in its own transaction
through `feed_item_ingest`, so that a bad entry is skipped whole and never
leaves half a story behind.
"""

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.text import Truncator

from articles.sanitize import html_to_text
from ingest import facts, simhash
from ingest.clusters import (
    cluster_update,
    clusters_join,
    fact_weights,
    feed_item_facts_store,
    item_facts,
    matching_items,
    story_create_from_entry,
)
from ingest.fetch import FetchError, fetch_feed
from ingest.models import NEAR_DUPLICATE_WINDOW, DuplicateCluster, Feed, FeedItem
from ingest.parse import Entry, ParseError, parse_feed

logger = logging.getLogger("ingest")

# How far ahead of our clock an entry's date may be and still be believed:
# the publisher's clock may run a little fast.
CLOCK_SKEW_ALLOWANCE = timedelta(minutes=15)


class IngestOutcome(StrEnum):
    CREATED = "created"  # a new draft story
    CLUSTERED = "clustered"  # a duplicate of a known story: no new draft
    UPDATED = "updated"  # known entry, changed upstream
    UNCHANGED = "unchanged"  # known entry, same text


@dataclass
class PollResult:
    """What one poll of one feed did, for the command and the admin."""

    feed_id: int
    status: str = "ok"  # "ok", "not-modified", "skipped" or "failed"
    error: str = ""
    warning: str = ""  # what was wrong with a feed that could be read
    outcomes: dict[str, int] = field(default_factory=dict)
    skipped_entries: int = 0

    def summary(self) -> str:
        if self.status in ("failed", "skipped"):
            return f"{self.status}: {self.error}"
        if self.status == "not-modified":
            text = "not modified"
        else:
            text = ", ".join(
                f"{self.outcomes.get(outcome, 0)} {outcome}"
                for outcome in IngestOutcome
            )
        if self.skipped_entries:
            text += f", {self.skipped_entries} skipped"
        if self.warning:
            text += f". {self.warning}"
        return text


def feed_poll(*, feed: Feed) -> PollResult:
    """Fetch `feed`, import its new entries and record the feed's health.

    Call it outside a transaction: the fetch may take seconds.

    Never raises for a fetch, parse or entry failure: the failure is stored
    in `last_error`, `consecutive_failures` grows and the next poll backs
    off; HTTP 410 makes the feed inactive. Entries that fail are skipped and
    named in `last_error`; the others are imported. A feed that is broken but
    readable is imported as far as it could be read, and `last_warning` says
    what is wrong with it until it is read without a problem. A feed moved
    by permanent redirects gets its new address (`feed_move`), and
    `last_warning` says so.
    """
    now = timezone.now()
    result = PollResult(feed_id=feed.pk)
    if feed.source.is_blocked:
        result.status, result.error = "skipped", f"{feed.source.name} is blocked."
        feed.last_polled_at, feed.last_error = now, result.error
        feed.next_poll_at = feed.next_poll_after(now)
        feed.save(update_fields=["last_polled_at", "last_error", "next_poll_at"])
        return result
    try:
        fetched = fetch_feed(feed.url, etag=feed.etag, last_modified=feed.last_modified)
        if fetched.is_not_modified:
            result.status = "not-modified"
            # The copy read before is unchanged, and so is what was wrong with it.
            entries, warning = [], feed.last_warning
        else:
            parsed = parse_feed(
                fetched.content, url=fetched.url, content_type=fetched.content_type
            )
            entries, warning = parsed.entries, parsed.warning
    except (FetchError, ParseError) as error:
        feed_record_failure(feed=feed, error=error, now=now)
        result.status, result.error = "failed", feed.last_error
        return result

    errors = []
    # One transaction for the poll, one savepoint per entry: a bad entry
    # rolls back alone, and the poll costs one commit instead of one per
    # entry (a disk flush each on PostgreSQL).
    with transaction.atomic():
        for entry in entries:
            try:
                outcome = feed_item_ingest(feed=feed, entry=entry, fetched_at=now)
            except (ValidationError, DatabaseError, ValueError) as error:
                reason = (
                    " ".join(error.messages)
                    if isinstance(error, ValidationError)
                    else str(error)
                )
                logger.warning(
                    "Skipped entry %s of feed %s: %s", entry.guid, feed.pk, reason
                )
                errors.append(f"“{entry.title or entry.guid}”: {reason}")
                result.skipped_entries += 1
            else:
                result.outcomes[outcome] = result.outcomes.get(outcome, 0) + 1

    address = feed.url
    if fetched.moved_to:
        note = feed_move(feed=feed, url=fetched.moved_to)
        warning = f"{note} {warning}".strip()
    result.warning = feed.last_warning = warning
    feed.last_polled_at = feed.last_success_at = now
    feed.last_http_status = fetched.status
    if not fetched.is_not_modified:
        feed.etag, feed.last_modified = fetched.etag, fetched.last_modified
    feed.consecutive_failures = 0
    feed.last_error = (
        Truncator(f"{len(errors)} entries skipped: " + "; ".join(errors)).chars(2000)
        if errors
        else ""
    )
    feed.next_poll_at = feed.next_poll_after(now)
    # Only the poller's own columns, and the address if it moved: an editor
    # may have changed the feed while it was being fetched.
    update_fields = [
        "last_polled_at",
        "last_success_at",
        "last_http_status",
        "etag",
        "last_modified",
        "consecutive_failures",
        "last_error",
        "last_warning",
        "next_poll_at",
    ]
    if feed.url != address:
        update_fields.append("url")
    feed.save(update_fields=update_fields)
    logger.log(
        logging.WARNING if result.warning else logging.INFO,
        "Polled feed %s: %s",
        feed.pk,
        result.summary(),
    )
    return result


def feed_move(*, feed: Feed, url: str) -> str:
    """Give `feed` the address `url`, where permanent redirects lead, and
    return a note saying what was done, for editors. The caller saves.

    The address is kept if `url` is not https where it was (never downgrade
    a feed to plain http), or is not an address a feed may have (too long,
    another feed's).
    """
    previous = feed.url
    if urlsplit(previous).scheme == "https" and urlsplit(url).scheme != "https":
        return (
            f"The feed has moved permanently to {url}, which is not https: its "
            "address was kept."
        )
    feed.url = url
    try:
        feed.full_clean(
            exclude=[field.name for field in Feed._meta.fields if field.name != "url"],
            validate_constraints=False,
        )
    except ValidationError as error:
        feed.url = previous
        return (
            f"The feed has moved permanently to {url}, but its address was kept: "
            + " ".join(error.messages)
        )
    return (
        f"The feed has moved permanently from {previous} to {url}: its address "
        "was updated."
    )


def feed_record_failure(*, feed: Feed, error: Exception, now: datetime) -> Feed:
    """Store why `feed` failed and back off its next poll.

    HTTP 410 Gone deactivates the feed: the publisher says it will not return.
    """
    status = getattr(error, "status", None)
    feed.consecutive_failures += 1
    feed.last_polled_at = now
    feed.last_http_status = status
    feed.last_error = str(error)
    feed.next_poll_at = feed.next_poll_after(now)
    # Only the poller's own columns: an editor may have changed the feed
    # while it was being fetched.
    update_fields = [
        "consecutive_failures",
        "last_polled_at",
        "last_http_status",
        "last_error",
        "next_poll_at",
    ]
    if status == 410:
        feed.is_active = False
        feed.last_error += " The feed is gone for good, so it was deactivated."
        update_fields.append("is_active")
    feed.save(update_fields=update_fields)
    logger.warning("Feed %s failed: %s", feed.pk, feed.last_error)
    return feed


@transaction.atomic
def feed_item_ingest(*, feed: Feed, entry: Entry, fetched_at: datetime) -> str:
    """Record one feed entry and return what became of it (IngestOutcome).

    In order: a known GUID of this feed updates its item and, if the text
    changed and a story exists, flags the item for editors (the story is
    never edited automatically); the same canonical URL or content hash in
    any feed, a SimHash within distance 3 among the last 7 days' items, or
    a write-up of the same event (shared facts, `ingest.clusters`) joins
    that item's cluster and creates no story; anything else starts a
    cluster with a new draft story.

    An entry dated later than `fetched_at`, by more than
    CLOCK_SKEW_ALLOWANCE, has a wrong date: it is recorded as published at
    `fetched_at`, and its item is flagged `dated_in_future`.
    """
    dated_in_future = (
        entry.published_at is not None
        and entry.published_at > fetched_at + CLOCK_SKEW_ALLOWANCE
    )
    if dated_in_future:
        entry = replace(entry, published_at=fetched_at)
    fields = {
        "url": entry.url[:1000],
        "canonical_url": entry.canonical_url[:1000],
        "title": entry.title,
        "summary": entry.summary,
        "content": entry.content,
        "author": entry.author,
        "published_at": entry.published_at,
        "dated_in_future": dated_in_future,
        "image_url": entry.image_url,
        **fingerprint_fields(entry),
    }
    found = item_facts(
        summary=entry.summary,
        text=html_to_text(entry.content),
        reported_at=entry.published_at or fetched_at,
    )
    weights = fact_weights(found)
    known = (
        FeedItem.objects.select_for_update().filter(feed=feed, guid=entry.guid).first()
    )
    if known is not None:
        if known.content_hash == fields["content_hash"]:
            return IngestOutcome.UNCHANGED
        for name, value in fields.items():
            setattr(known, name, value)
        if known.story_id is not None:
            known.has_upstream_change = True
        known.save()
        # Later items are compared with what the source says now; the item
        # stays in its cluster, which editors may have shaped by hand.
        feed_item_facts_store(item=known, found=found)
        return IngestOutcome.UPDATED

    match = find_duplicate(
        canonical_url=fields["canonical_url"],
        content_hash=fields["content_hash"],
        fingerprint=fields["simhash"],
        since=fetched_at - NEAR_DUPLICATE_WINDOW,
    )
    item = FeedItem(feed=feed, guid=entry.guid, fetched_at=fetched_at, **fields)
    cluster_ids = [match.cluster_id] if match is not None else []
    cluster_ids += [
        candidate.cluster_id
        for candidate in matching_items(
            weights=weights,
            total=sum(weights.values()),
            figures=facts.figure_count(found),
            reported_at=item.reported_at,
            source_id=feed.source_id,
        )
    ]
    if cluster_ids:
        item.cluster_id = clusters_join(cluster_ids=cluster_ids)
        outcome = IngestOutcome.CLUSTERED
    else:
        item.cluster = DuplicateCluster.objects.create()
        item.story = story_create_from_entry(feed=feed, entry=entry)
        outcome = IngestOutcome.CREATED
    item.save()
    feed_item_facts_store(item=item, found=found)
    cluster_update(cluster_id=item.cluster_id)
    return outcome


BAND_FIELDS = [f"band{number}" for number in range(simhash.BANDS)]


def fingerprint_fields(entry: Entry) -> dict:
    """Return the FeedItem columns that find duplicates of `entry`'s text.

    The hash of the text, and its SimHash whole and in bands.
    """
    fingerprint = simhash.simhash(entry.text)
    return {
        "content_hash": entry.content_hash,
        "simhash": fingerprint,
        **dict(zip(BAND_FIELDS, simhash.bands(fingerprint), strict=True)),
    }


def find_duplicate(
    *, canonical_url: str, content_hash: str, fingerprint: int, since: datetime
) -> FeedItem | None:
    """Return an earlier item reporting the same story, or None.

    Same canonical URL first, then the same text, then the nearest SimHash
    within `simhash.MAX_DISTANCE` among items fetched since `since`.
    """
    if canonical_url:
        item = FeedItem.objects.filter(canonical_url=canonical_url).first()
        if item is not None:
            return item
    item = FeedItem.objects.filter(content_hash=content_hash).first()
    if item is not None:
        return item
    candidates = FeedItem.objects.near_duplicate_candidates(
        simhash.bands(fingerprint), since
    ).only("pk", "simhash", "cluster_id")
    nearest = min(
        candidates,
        key=lambda candidate: simhash.distance(candidate.simhash, fingerprint),
        default=None,
    )
    if (
        nearest is not None
        and simhash.distance(nearest.simhash, fingerprint) <= simhash.MAX_DISTANCE
    ):
        return nearest
    return None


@transaction.atomic
def feeds_claim_due(*, now: datetime | None = None) -> list[int]:
    """Return the ids of the feeds due for polling, and hold them off.

    Each claimed feed's next poll moves one interval ahead, so a second copy
    of the periodic command (or a slow worker) does not queue it twice; the
    poll itself sets the real next time.
    """
    now = now or timezone.now()
    feeds = list(
        Feed.objects.due(now)
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("next_poll_at")
    )
    for feed in feeds:
        feed.next_poll_at = feed.next_poll_after(now)
        feed.save(update_fields=["next_poll_at"])
    return [feed.pk for feed in feeds]


@transaction.atomic
def feed_item_acknowledge_change(*, item: FeedItem) -> FeedItem:
    """Clear the "changed at the source" flag once an editor has compared."""
    item.has_upstream_change = False
    item.save(update_fields=["has_upstream_change", "updated_at"])
    return item
