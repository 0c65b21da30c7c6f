import enum
import hashlib
from typing import Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from articles.exceptions import PublishBlocked
from articles.models.base import Timestamped
from articles.models.category import Category
from articles.models.image import HeroImage
from articles.models.source import Source, validate_attribution_template
from articles.sanitize import clean_body_html


class StoryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class WithdrawalReason(models.TextChoices):
    CORRECTION = "correction", _("Correction")
    DUPLICATE = "duplicate", _("Duplicate")
    LEGAL_ADVICE = "legal", _("Legal advice")
    SOURCE_REQUEST = "source", _("Source request")
    OTHER = "other", _("Other")


class StoryPublicState(enum.Enum):
    """What a reader gets at a story's URL."""

    LIVE = "live"
    GONE = "gone"  # 410: it was public and was taken down by the newsroom
    NOT_FOUND = "not-found"  # 404: it never was public (draft, scheduled)


def live_condition(now) -> Q:
    """Return the condition for "a reader may see this story at `now`"."""
    return Q(status=StoryStatus.PUBLISHED, publish_at__lte=now) & (
        Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=now)
    )


def gone_condition(now) -> Q:
    """Return the condition for "this story was public and is no longer"."""
    return Q(status=StoryStatus.WITHDRAWN, first_published_at__lte=now) | Q(
        status=StoryStatus.PUBLISHED, publish_at__lte=now, unpublish_at__lte=now
    )


class StoryQuerySet(models.QuerySet):
    def published(self) -> Self:
        """Return the stories a reader may see now.

        This is the one definition of "public": the home page, category pages
        and the story page start from it and never repeat the filter. Because
        it is decided at query time, a scheduled story appears at its
        `publish_at` with no job to run.
        """
        return self.filter(live_condition(timezone.now()))

    def scheduled(self) -> Self:
        """Return published stories whose publication time is still to come."""
        return self.filter(status=StoryStatus.PUBLISHED, publish_at__gt=timezone.now())

    def ended(self) -> Self:
        """Return stories that were public and no longer are (410 Gone)."""
        return self.filter(gone_condition(timezone.now()))

    def with_visibility(self) -> Self:
        """Annotate `is_live` and `is_gone`, read by `Story.public_state`.

        The story page loads any story by slug with these annotations, so it
        can answer 200, 404 or 410 from one query, by the same rule as
        `published()`.
        """
        now = timezone.now()
        return self.annotate(
            is_live=ExpressionWrapper(live_condition(now), output_field=BooleanField()),
            is_gone=ExpressionWrapper(gone_condition(now), output_field=BooleanField()),
        )

    def with_page_data(self) -> Self:
        """Fetch what a story card or page shows, so a list costs one query."""
        return self.select_related("source", "category", "hero_image")

    def free_slug(self, title: str) -> str:
        """Return a slug for `title` that no story uses yet ("-2" on collision)."""
        base = slugify(title)[:190].strip("-") or "story"
        taken = set(self.filter(slug__startswith=base).values_list("slug", flat=True))
        slug, number = base, 2
        while slug in taken:
            slug = f"{base}-{number}"
            number += 1
        return slug

    def latest_first(self) -> Self:
        return self.order_by("-publish_at", "-id")


class Story(Timestamped):
    title = models.CharField(_("headline"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_(
            "The story's address: /story/<slug>/. Lower-case letters, digits "
            "and hyphens. It cannot change once the story has been published, "
            "because links to it would break."
        ),
    )
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_(
            "The standfirst, in our own words, at most 300 characters. "
            "Shown in lists and under the headline. Required to publish."
        ),
    )
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_(
            "HTML. Paragraphs, headings, lists, quotes, links and tables are "
            "kept; scripts, styles and anything else are removed on save."
        ),
    )
    byline = models.CharField(
        _("byline"),
        max_length=200,
        blank=True,
        help_text=_("The original author(s), e.g. “Jane Doe and John Roe”."),
    )
    category = models.ForeignKey(
        Category,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="stories",
        verbose_name=_("category"),
    )
    source = models.ForeignKey(
        Source,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="stories",
        verbose_name=_("source"),
        help_text=_("Whose reporting this is. Required to publish."),
    )
    original_url = models.URLField(
        _("original URL"),
        max_length=500,
        blank=True,
        help_text=_(
            "The address of the article we republish; the attribution links "
            "to it. Required to publish, except for our own newsroom's work."
        ),
    )
    original_published_at = models.DateTimeField(
        _("original publication time"), null=True, blank=True
    )
    attribution = models.CharField(
        _("attribution line"),
        max_length=200,
        blank=True,
        validators=[validate_attribution_template],
        help_text=_(
            "Leave empty to use the source's line. If set, it must contain "
            "{source}, which becomes the publisher's name linked to the original."
        ),
    )
    hero_image = models.ForeignKey(
        HeroImage,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="stories",
        verbose_name=_("hero image"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=StoryStatus,
        default=StoryStatus.DRAFT,
        help_text=_(
            "Published stories are public from the publication time on; "
            "withdrawn stories answer “410 Gone” with the withdrawal note."
        ),
    )
    publish_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_(
            "Readers see the story from this time on. Set a future time to "
            "schedule it; leave empty to publish now."
        ),
    )
    unpublish_at = models.DateTimeField(
        _("unpublication time"),
        null=True,
        blank=True,
        help_text=_("Optional: the story leaves the site at this time."),
    )
    first_published_at = models.DateTimeField(
        _("first published"), null=True, editable=False
    )
    revised_at = models.DateTimeField(
        _("revised"),
        null=True,
        editable=False,
        help_text=_("Last change to the text after publication, shown as “Updated”."),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, editable=False)
    withdrawal_reason = models.CharField(
        _("withdrawal reason"), max_length=10, choices=WithdrawalReason, blank=True
    )
    withdrawal_note = models.TextField(
        _("withdrawal note"),
        blank=True,
        help_text=_("Public: shown to readers who follow a link to a withdrawn story."),
    )
    # SHA-256 of the English text; a change after publication is a revision.
    en_source_hash = models.CharField(
        _("English text hash"), max_length=64, editable=False, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("updated by"),
    )

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        permissions = [("publish_story", _("Can publish and unpublish stories"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=StoryStatus.values), name="story_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=StoryStatus.PUBLISHED)
                | Q(
                    publish_at__isnull=False,
                    source__isnull=False,
                    category__isnull=False,
                ),
                name="story_published_has_time_source_category",
                violation_error_message=_(
                    "A published story needs a publication time, a source and "
                    "a category."
                ),
            ),
            models.CheckConstraint(
                condition=Q(unpublish_at__isnull=True)
                | Q(publish_at__isnull=False, unpublish_at__gt=F("publish_at")),
                name="story_unpublish_after_publish",
                violation_error_message=_(
                    "The unpublication time must come after the publication time."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status=StoryStatus.WITHDRAWN)
                | Q(withdrawn_at__isnull=False),
                name="story_withdrawn_has_time",
            ),
        ]
        indexes = [
            # The home page and feeds: newest public stories first. The
            # trailing columns make it cover the whole "is it live" test, so
            # counting a list's pages reads only the index (on SQLite the long
            # body would otherwise be read to reach unpublish_at).
            models.Index(
                F("publish_at").desc(),
                F("id").desc(),
                F("unpublish_at"),
                F("status"),
                name="story_live_latest",
                condition=Q(status=StoryStatus.PUBLISHED),
            ),
            models.Index(
                F("category"),
                F("publish_at").desc(),
                F("id").desc(),
                F("unpublish_at"),
                F("status"),
                name="story_live_by_category",
                condition=Q(status=StoryStatus.PUBLISHED),
            ),
            models.Index(
                "source",
                F("publish_at").desc(),
                name="story_published_by_source",
                condition=Q(status=StoryStatus.PUBLISHED),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.refresh_derived_fields()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:story-detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        for field_name in ("publish_at", "unpublish_at", "original_published_at"):
            value = getattr(self, field_name)
            if value is not None and timezone.is_naive(value):
                errors[field_name] = _(
                    "This time has no time zone; give it with one, e.g. "
                    "2026-11-25 09:00+00:00."
                )
        if self.status == StoryStatus.WITHDRAWN and not self.withdrawal_reason:
            errors["withdrawal_reason"] = _("Say why the story is withdrawn.")
        self.set_withdrawal_time()
        if errors:
            raise ValidationError(errors)
        if self.status == StoryStatus.PUBLISHED:
            if self.publish_at is None:
                # An empty publication time on a published story means "now".
                self.publish_at = timezone.now()
            publishing_errors = self.publishing_errors()
            if publishing_errors:
                raise PublishBlocked(publishing_errors)
        if (
            self.unpublish_at is not None
            and self.publish_at is not None
            and self.unpublish_at <= self.publish_at
        ):
            raise ValidationError(
                {
                    "unpublish_at": _(
                        "The unpublication time must come after the publication time."
                    )
                }
            )

    def publishing_errors(self) -> dict:
        """Return what stops this story from being published, by field.

        Attribution is the rule: a story names its source, links to the
        original and carries an attribution line, or it stays a draft.
        """
        errors = {}
        if self.source is None:
            errors["source"] = _(
                "Choose the source; a story cannot be published without one."
            )
        elif self.source.is_blocked:
            errors["source"] = _(
                "%(source)s is blocked; its stories cannot be published."
            ) % {"source": self.source.name}
        else:
            if not self.original_url and not self.source.is_own_newsroom:
                errors["original_url"] = _(
                    "Give the address of the original article: readers must be "
                    "able to check the source."
                )
            if not self.attribution_line:
                errors["attribution"] = _(
                    "Neither this story nor %(source)s has an attribution line. "
                    "Write one here, or on the source."
                ) % {"source": self.source.name}
        if self.category is None:
            errors["category"] = _(
                "Choose a category; it decides where the story is listed."
            )
        if not self.summary.strip():
            errors["summary"] = _("Write a summary; lists and search results show it.")
        if not strip_tags(self.body).strip():
            errors["body"] = _("The body is empty.")
        if self.hero_image is not None and not self.hero_image.credit:
            errors["hero_image"] = _(
                "The hero image has no credit. Add the photographer and agency "
                "to the image, or remove it from the story."
            )
        return errors

    @property
    def attribution_line(self) -> str:
        """The line crediting the source, with {source} where its name goes."""
        if self.attribution:
            return self.attribution
        return self.source.attribution_template if self.source else ""

    @property
    def has_been_public(self) -> bool:
        """Whether readers may have seen the story (and linked to its URL)."""
        return (
            self.first_published_at is not None
            and self.first_published_at <= timezone.now()
        )

    @property
    def public_state(self) -> StoryPublicState:
        """Read the annotations of `StoryQuerySet.with_visibility()`."""
        if self.is_live:
            return StoryPublicState.LIVE
        if self.is_gone:
            return StoryPublicState.GONE
        return StoryPublicState.NOT_FOUND

    def refresh_derived_fields(self):
        """Derive the columns that follow from this row's own values.

        Called by `save()`; bulk loaders that skip `save()` call it themselves.
        """
        self.body = clean_body_html(self.body)
        now = timezone.now()
        source_hash = self.compute_en_source_hash()
        is_public_already = self.has_been_public
        if (
            is_public_already
            and self.en_source_hash
            and source_hash != self.en_source_hash
        ):
            self.revised_at = now
        self.en_source_hash = source_hash
        if self.status == StoryStatus.PUBLISHED and not is_public_already:
            # Until readers have seen it, rescheduling moves the first
            # publication time with it.
            self.first_published_at = self.publish_at
        self.set_withdrawal_time()

    def set_withdrawal_time(self):
        """Stamp the withdrawal when it happens; clear it on reinstatement."""
        if self.status != StoryStatus.WITHDRAWN:
            self.withdrawn_at = None
        elif self.withdrawn_at is None:
            self.withdrawn_at = timezone.now()

    def compute_en_source_hash(self) -> str:
        text = "\x1f".join([self.title, self.summary, self.body])
        return hashlib.sha256(text.encode()).hexdigest()
