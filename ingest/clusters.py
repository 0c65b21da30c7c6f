"""Writes to duplicate clusters: which items report the same story.

A cluster is one story told by one or several outlets. It has one draft
story, made from the first of its items to arrive; the story credits the
other outlets (`StoryCredit`), which these functions keep in step with the
cluster. Items join clusters when they are ingested (`cluster_for_item`);
editors split an item off (`feed_item_split`) or merge clusters by hand
(`duplicate_clusters_merge`).

Clusters are the connected groups of "same event" pairs (`ingest.facts`)
among items reported within INGEST_CLUSTER_WINDOW of each other: an item
that matches items of two clusters joins them into one. Since the pair rule
depends only on the two items, the clusters do not depend on the order in
which items arrive. Two items an editor has split apart are never joined
again by this rule.
"""

import logging
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Min, Q
from django.db.models.functions import Coalesce
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from articles.exceptions import PublishBlocked
from articles.models import Story, StoryCredit, StoryLanguage
from articles.sanitize import html_to_text
from articles.services.credits import story_credits_replace
from articles.services.story import (
    story_publish,
    story_save,
)
from ingest import facts
from ingest.models import (
    DuplicateCluster,
    Feed,
    FeedItem,
    FeedItemFact,
    FeedItemSeparation,
)
from ingest.parse import Entry

logger = logging.getLogger("ingest")

# At most this many items sharing facts are weighed per look-up, the ones
# sharing most: a story has a few write-ups, not hundreds.
MAX_CANDIDATES = 50


def item_facts(*, summary: str, text: str, reported_at: datetime) -> dict[str, int]:
    """Return the facts of an item whose body's plain text is `text`."""
    return facts.text_facts(f"{summary}\n{text}", reported_on=reported_at.date())


def matching_items(
    *,
    weights: dict[int, int],
    total: int,
    figures: int,
    reported_at: datetime,
    source_id: int | None = None,
) -> list[FeedItem]:
    """Return the stored items reporting the same event as facts `weights`.

    `weights` maps fact keys to weights, `total` is their sum and `figures`
    how many of them are figures or dates. Only items reported within
    INGEST_CLUSTER_WINDOW of `reported_at` are considered, and none from
    the source `source_id`: an outlet does not write up one event twice, so
    two of its items that look alike are a story and its follow-up.
    """
    if not weights:
        return []
    window = settings.INGEST_CLUSTER_WINDOW
    shared = {
        row["item"]: row
        for row in FeedItemFact.objects.shared_with(
            list(weights), start=reported_at - window, end=reported_at + window
        ).filter(shared_weight__gte=facts.MIN_SHARED_WEIGHT)[:MAX_CANDIDATES]
    }
    if not shared:
        return []
    candidates = (
        FeedItem.objects.filter(pk__in=shared)
        .exclude(feed__source=source_id)
        .only("pk", "cluster_id", "fact_weight", "fact_figures")
        # Unsorted: the items' default order would sort them for nothing.
        .order_by()
    )
    return [
        candidate
        for candidate in candidates
        if facts.same_event(
            shared_weight=shared[candidate.pk]["shared_weight"],
            shared_figures=shared[candidate.pk]["shared_figures"],
            weight=total,
            other_weight=candidate.fact_weight,
            figures=figures,
            other_figures=candidate.fact_figures,
        )
    ]


def feed_item_facts_store(*, item: FeedItem, found: dict[str, int]) -> None:
    """Store the facts `found` in a saved item, replacing any it had, with
    their total weight and count of figures and dates, which a look-up reads
    from the item's row rather than by counting its facts."""
    item.fact_weight = sum(found.values())
    item.fact_figures = facts.figure_count(found)
    FeedItem.objects.filter(pk=item.pk).update(
        fact_weight=item.fact_weight, fact_figures=item.fact_figures
    )
    FeedItemFact.objects.filter(item=item).delete()
    FeedItemFact.objects.bulk_create(
        FeedItemFact(
            item=item,
            key=facts.fact_key(fact),
            weight=weight,
            is_figure=facts.is_figure(fact),
            reported_at=item.reported_at,
        )
        for fact, weight in found.items()
    )


@transaction.atomic
def feed_item_facts_refresh(*, item: FeedItem) -> int:
    """Take a stored item's facts from its summary and text, as its entry's
    were at ingest, and store them; return how many were found."""
    found = item_facts(
        summary=item.summary,
        text=html_to_text(item.content),
        reported_at=item.reported_at,
    )
    feed_item_facts_store(item=item, found=found)
    return len(found)


def fact_weights(found: dict[str, int]) -> dict[int, int]:
    """Return `found` facts keyed by their stored hash."""
    return {facts.fact_key(fact): weight for fact, weight in found.items()}


def clusters_earliest_first(cluster_ids) -> list[int]:
    """Return the ids of clusters, the one whose first item was reported
    earliest first (then the oldest cluster): the stable rule that decides
    which cluster the others join."""
    return list(
        DuplicateCluster.objects.filter(pk__in=set(cluster_ids))
        .annotate(
            first_report=Min(Coalesce("items__published_at", "items__fetched_at"))
        )
        .order_by("first_report", "pk")
        .values_list("pk", flat=True)
    )


def clusters_join(*, cluster_ids: list[int]) -> int:
    """Join clusters an item has been found to bridge, and return the one
    kept: the earliest. A cluster is left out of the join if an editor split
    one of its items from one already in, or if its story has been public
    (a published story is never deleted by a machine)."""
    ordered = clusters_earliest_first(cluster_ids)
    kept, *others = ordered
    for other in others:
        if separated(kept, other) or story_has_been_public(other):
            continue
        cluster_absorb(into=kept, other=other)
    return kept


def separated(first_cluster: int, second_cluster: int) -> bool:
    """Say whether an editor split an item of one cluster from the other's."""
    first = FeedItem.objects.filter(cluster_id=first_cluster).values("pk")
    second = FeedItem.objects.filter(cluster_id=second_cluster).values("pk")
    return FeedItemSeparation.objects.filter(
        Q(item__in=first, other__in=second) | Q(item__in=second, other__in=first)
    ).exists()


def cluster_story(cluster_id: int) -> Story | None:
    """Return the story of a cluster: the draft its first item created."""
    item = (
        FeedItem.objects.filter(cluster_id=cluster_id, story__isnull=False)
        .select_related("story__source")
        .order_by("fetched_at", "pk")
        .first()
    )
    return item.story if item is not None else None


def story_has_been_public(cluster_id: int) -> bool:
    return FeedItem.objects.filter(
        cluster_id=cluster_id, story__first_published_at__isnull=False
    ).exists()


def cluster_absorb(*, into: int, other: int) -> None:
    """Move the items of cluster `other` into `into`; delete `other` and its
    draft, whose outlet `into`'s story now credits."""
    story = cluster_story(other)
    FeedItem.objects.filter(cluster_id=other).update(cluster_id=into, story=None)
    if story is not None:
        story.delete()
    DuplicateCluster.objects.filter(pk=other).delete()


def cluster_update(*, cluster_id: int) -> None:
    """Bring a cluster's counts and its story's credits in step with its items."""
    counts = FeedItem.objects.filter(cluster_id=cluster_id).aggregate(
        items=Count("pk"), sources=Count("feed__source", distinct=True)
    )
    DuplicateCluster.objects.filter(pk=cluster_id).update(
        item_count=counts["items"], source_count=counts["sources"]
    )
    story = cluster_story(cluster_id)
    if story is not None:
        story_credits_update(story=story, cluster_id=cluster_id)


def story_credits_update(*, story: Story, cluster_id: int) -> None:
    """Credit on `story` each other outlet of its cluster, by its first item.

    The story's own source is credited already, by its attribution line.
    """
    credits = {}
    items = (
        FeedItem.objects.filter(cluster_id=cluster_id)
        .exclude(feed__source=story.source_id)
        .select_related("feed")
        .order_by(Coalesce("published_at", "fetched_at"), "pk")
    )
    for item in items:
        if item.url and item.feed.source_id not in credits:
            credits[item.feed.source_id] = StoryCredit(
                story=story,
                source_id=item.feed.source_id,
                url=item.url,
                title=item.title[:500],
                published_at=item.published_at,
            )
    current = {
        (credit.source_id, credit.url, credit.title, credit.published_at)
        for credit in story.credits.all()
    }
    wanted = {
        (credit.source_id, credit.url, credit.title, credit.published_at)
        for credit in credits.values()
    }
    if current == wanted:
        return
    story_credits_replace(story=story, credits=list(credits.values()))


def story_create_from_entry(*, feed: Feed, entry: Entry) -> Story:
    """Create the draft story for a new entry, attributed to the feed's source.

    A source set to auto-publish summaries gets the story published at once
    with the summary as its body, if it passes the publishing gate; any other
    story waits as a draft for an editor.
    """
    source = feed.source
    title = entry.title or Truncator(entry.summary).chars(200) or entry.url[:200]
    body = entry.content
    if source.auto_publish_summaries:
        # Republish only what the source allows: the summary and the link.
        body = format_html("<p>{}</p>", entry.summary) if entry.summary else ""
    # The entry's text goes into the columns of the feed's language. A
    # Chinese feed's draft has no English yet: an editor writes it (the admin
    # form requires it) before the story can be published.
    text = {"title": title, "summary": entry.summary, "body": body}
    story = Story(
        **{
            build_localized_fieldname(name, feed.language): value
            for name, value in text.items()
        },
        slug=Story.objects.free_slug(title),
        byline_en=entry.author,
        category=feed.default_category,
        source=source,
        original_url=entry.canonical_url if len(entry.canonical_url) <= 500 else "",
        original_published_at=entry.published_at,
    )
    # Field validation catches what a feed can get wrong (a malformed URL);
    # the check constraints concern published stories, and the database
    # enforces them anyway, so their four extra queries per entry are skipped.
    # The headline is required in English (the bare name reads the English).
    english_missing = []
    if feed.language != settings.LANGUAGE_CODE:
        english_missing = ["title", "title_en"]
    story.full_clean(exclude=english_missing, validate_constraints=False)
    story_save(story=story, by=None)
    if feed.language != settings.LANGUAGE_CODE:
        # Listed as a Chinese draft in the story list and the Translate view.
        StoryLanguage.objects.create(story=story, language=feed.language)
        return story
    if source.auto_publish_summaries:
        try:
            story = story_publish(story=story, by=None)
        except PublishBlocked as error:
            logger.info("Imported story %s left as draft: %s", story.pk, error)
    return story


def entry_of(item: FeedItem) -> Entry:
    """Return the feed entry a stored item was made from."""
    return Entry(
        guid=item.guid,
        url=item.url,
        title=item.title,
        summary=item.summary,
        content=item.content,
        author=item.author,
        published_at=item.published_at,
        image_url=item.image_url,
    )


@transaction.atomic
def feed_item_split(*, item: FeedItem, by: AbstractBaseUser | None) -> FeedItem:
    """Take `item` out of its cluster into one of its own, for good.

    Each of the two clusters keeps or gets a draft: the story stays with the
    item that created it, and the other side gets a new draft from its
    earliest item. The item and the others are recorded as separated, so
    that no later item joins them again.
    """
    item = (
        FeedItem.objects.select_for_update()
        .select_related("feed__source")
        .get(pk=item.pk)
    )
    others = list(
        FeedItem.objects.filter(cluster_id=item.cluster_id)
        .exclude(pk=item.pk)
        .select_related("feed__source")
        .order_by(Coalesce("published_at", "fetched_at"), "pk")
    )
    if not others:
        raise ValidationError(
            _("“%(item)s” is the only item of its cluster; there is nothing to split.")
            % {"item": item},
            code="alone",
        )
    old_cluster = item.cluster_id
    item.cluster = DuplicateCluster.objects.create()
    if item.story_id is None:
        item.story = story_create_from_entry(feed=item.feed, entry=entry_of(item))
    item.save(update_fields=["cluster", "story", "updated_at"])
    if not any(other.story_id for other in others):
        first = others[0]
        first.story = story_create_from_entry(feed=first.feed, entry=entry_of(first))
        first.save(update_fields=["story", "updated_at"])
    FeedItemSeparation.objects.bulk_create(
        [
            FeedItemSeparation(
                item_id=min(item.pk, other.pk),
                other_id=max(item.pk, other.pk),
                created_by=by,
            )
            for other in others
        ],
        ignore_conflicts=True,
    )
    cluster_update(cluster_id=old_cluster)
    cluster_update(cluster_id=item.cluster_id)
    return item


@transaction.atomic
def duplicate_clusters_merge(
    *, clusters: list[DuplicateCluster], by: AbstractBaseUser | None
) -> DuplicateCluster:
    """Merge `clusters` into the earliest of them, whose story credits the rest.

    The other clusters' drafts are deleted. Refused, changing nothing, if
    one of those stories has been published: unpublish or withdraw it
    first. Items an editor split apart before may be merged again this way;
    the split is forgotten.
    """
    if len(clusters) < 2:
        raise ValidationError(_("Choose at least two clusters to merge."), code="one")
    kept, *others = clusters_earliest_first(cluster.pk for cluster in clusters)
    for other in others:
        if story_has_been_public(other):
            raise ValidationError(
                _(
                    "Cluster %(id)s has a story readers have seen; unpublish or "
                    "withdraw it before merging its cluster into another."
                )
                % {"id": other},
                code="public",
            )
    item_ids = list(
        FeedItem.objects.filter(cluster_id__in=[kept, *others]).values_list(
            "pk", flat=True
        )
    )
    FeedItemSeparation.objects.filter(item__in=item_ids, other__in=item_ids).delete()
    for other in others:
        cluster_absorb(into=kept, other=other)
    cluster_update(cluster_id=kept)
    return DuplicateCluster.objects.get(pk=kept)
