from datetime import datetime, timedelta
from typing import Self

from django.conf import settings
from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models.base import Timestamped
from articles.models.category import Category
from articles.models.source import Source
from articles.models.story import Story

MIN_POLL_INTERVAL_MINUTES = 5
# However often a feed fails, it is tried again at least once a day.
MAX_BACKOFF = timedelta(hours=24)
# Near-duplicates are looked for among items fetched this recently: news
# is republished within days, and the window keeps each look-up small.
NEAR_DUPLICATE_WINDOW = timedelta(days=7)


class FeedLanguage(models.TextChoices):
    ENGLISH = "en", _("English")
    SIMPLIFIED_CHINESE = "zh-hans", _("Simplified Chinese")


class FeedQuerySet(models.QuerySet):
    def due(self, now: datetime | None = None) -> Self:
        """Return the active feeds whose next poll time has come."""
        return self.filter(
            is_active=True,
            next_poll_at__lte=now or timezone.now(),
            source__is_blocked=False,
        )

    def failing(self) -> Self:
        """Return the feeds whose last poll failed."""
        return self.filter(consecutive_failures__gt=0)

    def with_warnings(self) -> Self:
        """Return the feeds whose last reading found something wrong."""
        return self.exclude(last_warning="")

    def healthy(self) -> Self:
        """Return the feeds neither failing nor with a warning."""
        return self.filter(consecutive_failures=0, last_warning="")


class Feed(Timestamped):
    """An RSS or Atom feed of one source, polled for new stories."""

    source = models.ForeignKey(
        Source,
        models.PROTECT,
        related_name="feeds",
        verbose_name=_("source"),
        help_text=_("Whose feed this is; imported stories are credited to it."),
    )
    url = models.URLField(
        _("feed URL"),
        max_length=500,
        unique=True,
        # The poller fetches http and https only; say so when the feed is saved.
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("The address of the RSS or Atom feed, not of the website."),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=FeedLanguage,
        default=FeedLanguage.ENGLISH,
        help_text=_("The language the feed is written in."),
    )
    default_category = models.ForeignKey(
        Category,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="feeds",
        verbose_name=_("default category"),
        help_text=_("Imported drafts start in this category; editors may change it."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_(
            "Inactive feeds are not polled. A feed the publisher has removed "
            "(HTTP 410 Gone) is made inactive automatically."
        ),
    )
    poll_interval_minutes = models.PositiveIntegerField(
        _("poll interval (minutes)"),
        default=30,
        validators=[MinValueValidator(MIN_POLL_INTERVAL_MINUTES)],
        help_text=_(
            "How often the feed is fetched, at least every 5 minutes. After "
            "failures the wait doubles each time, up to a day."
        ),
    )
    next_poll_at = models.DateTimeField(_("next poll"), default=timezone.now)
    etag = models.CharField(_("ETag"), max_length=500, blank=True, editable=False)
    last_modified = models.CharField(
        _("Last-Modified"), max_length=100, blank=True, editable=False
    )
    last_polled_at = models.DateTimeField(_("last polled"), null=True, editable=False)
    last_success_at = models.DateTimeField(_("last success"), null=True, editable=False)
    last_http_status = models.PositiveSmallIntegerField(
        _("last HTTP status"), null=True, editable=False
    )
    consecutive_failures = models.PositiveIntegerField(
        _("consecutive failures"), default=0, editable=False
    )
    last_error = models.TextField(_("last error"), blank=True, editable=False)
    last_warning = models.TextField(
        _("last warning"),
        blank=True,
        editable=False,
        help_text=_(
            "What the last poll had to report without failing: broken XML that "
            "could still be read (entries may then be missing or incomplete), "
            "or a permanent move to another address. Cleared when the feed is "
            "read without a problem."
        ),
    )

    objects = FeedQuerySet.as_manager()

    class Meta:
        db_table = "articles_feed"
        ordering = ["source__name", "url"]
        verbose_name = _("feed")
        verbose_name_plural = _("feeds")
        constraints = [
            models.CheckConstraint(
                condition=Q(poll_interval_minutes__gte=MIN_POLL_INTERVAL_MINUTES),
                name="feed_poll_interval_minimum",
            ),
            models.CheckConstraint(
                condition=Q(language__in=FeedLanguage.values),
                name="feed_language_valid",
            ),
        ]
        indexes = [models.Index(fields=["is_active", "next_poll_at"], name="feed_due")]

    def __str__(self):
        return f"{self.source.name}: {self.url}"

    def next_poll_after(self, now: datetime) -> datetime:
        """Return when to poll next: the interval, doubled per failure, ≤ 24 h."""
        wait = timedelta(minutes=self.poll_interval_minutes)
        # Cap the exponent first: 2 ** 1000 minutes overflows a timedelta.
        wait *= 2 ** min(self.consecutive_failures, 16)
        return now + min(wait, MAX_BACKOFF)


class DuplicateCluster(Timestamped):
    """Feed items that report the same story, from one or several sources."""

    item_count = models.PositiveIntegerField(_("items"), default=0, editable=False)
    source_count = models.PositiveIntegerField(_("sources"), default=0, editable=False)

    class Meta:
        db_table = "articles_duplicatecluster"
        ordering = ["-created_at"]
        verbose_name = _("duplicate cluster")
        verbose_name_plural = _("duplicate clusters")

    def __str__(self):
        return _("Cluster %(id)s: %(items)s items from %(sources)s sources") % {
            "id": self.pk,
            "items": self.item_count,
            "sources": self.source_count,
        }


class FeedItemQuerySet(models.QuerySet):
    def near_duplicate_candidates(self, bands: tuple[int, ...], since) -> Self:
        """Return recent items sharing at least one SimHash band with `bands`.

        Four indexed equality look-ups, never a scan: the caller measures the
        Hamming distance of the few candidates.
        """
        condition = Q()
        for number, value in enumerate(bands):
            condition |= Q(**{f"band{number}": value})
        return self.filter(condition, fetched_at__gte=since)

    def without_facts(self) -> Self:
        """Return the items with no stored facts: those stored before facts
        were (ingest migration 0005), and those whose text has none."""
        return self.exclude(Exists(FeedItemFact.objects.filter(item=OuterRef("pk"))))


class FeedItem(Timestamped):
    """One entry of a feed, as fetched, kept for reference and deduplication."""

    feed = models.ForeignKey(
        Feed, models.PROTECT, related_name="items", verbose_name=_("feed")
    )
    guid = models.CharField(_("GUID"), max_length=500)
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    canonical_url = models.CharField(_("canonical URL"), max_length=1000, blank=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    content = models.TextField(_("content"), blank=True)
    author = models.CharField(_("author"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    dated_in_future = models.BooleanField(
        _("dated in the future"),
        default=False,
        help_text=_(
            "The feed dated this entry later than it was fetched, so the date "
            "is wrong: it is recorded as published when it was fetched."
        ),
    )
    image_url = models.URLField(_("image URL"), max_length=1000, blank=True)
    content_hash = models.CharField(_("content hash"), max_length=64)
    simhash = models.BigIntegerField(_("SimHash"))
    band0 = models.PositiveIntegerField()
    band1 = models.PositiveIntegerField()
    band2 = models.PositiveIntegerField()
    band3 = models.PositiveIntegerField()
    cluster = models.ForeignKey(
        DuplicateCluster,
        models.PROTECT,
        related_name="items",
        verbose_name=_("duplicate cluster"),
    )
    story = models.ForeignKey(
        Story,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="feed_items",
        verbose_name=_("story"),
        help_text=_("The draft this item created, if it was the first of its cluster."),
    )
    fetched_at = models.DateTimeField(_("fetched"))
    fact_weight = models.PositiveIntegerField(
        _("weight of facts"),
        default=0,
        editable=False,
        help_text=_("The total weight of the item's facts (FeedItemFact)."),
    )
    fact_figures = models.PositiveIntegerField(
        _("figures and dates among facts"),
        default=0,
        editable=False,
        help_text=_("How many of the item's facts are figures or dates."),
    )
    has_upstream_change = models.BooleanField(
        _("changed at the source"),
        default=False,
        help_text=_(
            "The publisher changed this entry after its story was imported. "
            "The story is never changed automatically: compare and edit it."
        ),
    )

    objects = FeedItemQuerySet.as_manager()

    class Meta:
        db_table = "articles_feeditem"
        ordering = ["-fetched_at"]
        verbose_name = _("feed item")
        verbose_name_plural = _("feed items")
        constraints = [
            models.UniqueConstraint(
                fields=["feed", "guid"], name="feed_item_one_per_guid"
            ),
        ]
        indexes = [
            models.Index(fields=["canonical_url"], name="feed_item_canonical_url"),
            models.Index(fields=["content_hash"], name="feed_item_content_hash"),
            models.Index(fields=["band0", "fetched_at"], name="feed_item_band0"),
            models.Index(fields=["band1", "fetched_at"], name="feed_item_band1"),
            models.Index(fields=["band2", "fetched_at"], name="feed_item_band2"),
            models.Index(fields=["band3", "fetched_at"], name="feed_item_band3"),
        ]

    def __str__(self):
        return self.title or self.url or self.guid

    @property
    def reported_at(self) -> datetime:
        """When the source reported it: its own date, else when fetched."""
        return self.published_at or self.fetched_at


class FeedItemFactQuerySet(models.QuerySet):
    def shared_with(self, keys: list[int], *, start, end) -> Self:
        """Return, per item reported between `start` and `end` that has
        facts among `keys`, the `item` id, the `shared_weight` of those facts
        and how many of them are figures or dates (`shared_figures`),
        weightiest first.

        Read from the (key, reported_at, item, weight, is_figure) index
        alone: only the items with a fact in common are touched, never the
        archive.
        """
        return (
            self.filter(key__in=keys, reported_at__gte=start, reported_at__lte=end)
            .values("item")
            .annotate(
                shared_weight=models.Sum("weight"),
                # The item's column, which the index holds: counting the
                # facts' ids read each fact's row on PostgreSQL.
                shared_figures=models.Count("item", filter=Q(is_figure=True)),
            )
            .order_by("-shared_weight", "item")
        )


class FeedItemFact(models.Model):
    """A fact of a feed item's text (`ingest.facts`), for finding the other
    write-ups of the same event.

    Stored, not held in memory, so every worker and app server that ingests
    sees the same facts; the index on (key, reported_at) answers "which
    items reported in this window share these facts" from the index alone.
    """

    item = models.ForeignKey(
        FeedItem, models.CASCADE, related_name="facts", verbose_name=_("feed item")
    )
    key = models.BigIntegerField(_("fact"), help_text=_("A hash of the fact."))
    weight = models.PositiveSmallIntegerField(_("weight"))
    is_figure = models.BooleanField(
        _("figure or date"), help_text=_("A number or a day, not a name.")
    )
    # The item's reported_at, copied here so that the look-up needs no join.
    reported_at = models.DateTimeField(_("reported"))

    objects = FeedItemFactQuerySet.as_manager()

    class Meta:
        verbose_name = _("feed item fact")
        verbose_name_plural = _("feed item facts")
        constraints = [
            models.UniqueConstraint(fields=["item", "key"], name="feed_item_fact_once")
        ]
        indexes = [
            models.Index(
                fields=["key", "reported_at", "item", "weight", "is_figure"],
                name="feed_item_fact_lookup",
            )
        ]

    def __str__(self):
        return f"{self.item_id}: {self.key}"


class FeedItemSeparation(models.Model):
    """Two items an editor split apart: they are never clustered together."""

    item = models.ForeignKey(
        FeedItem, models.CASCADE, related_name="+", verbose_name=_("feed item")
    )
    other = models.ForeignKey(
        FeedItem, models.CASCADE, related_name="+", verbose_name=_("other feed item")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("feed item separation")
        verbose_name_plural = _("feed item separations")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "other"], name="feed_item_separation_once"
            ),
            # One row per pair: the lower id first.
            models.CheckConstraint(
                condition=Q(item__lt=models.F("other")),
                name="feed_item_separation_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.item_id} ≠ {self.other_id}"
