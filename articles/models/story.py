import enum
import hashlib
import operator
from typing import Self

from django.apps import apps
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from articles.exceptions import PublishBlocked
from articles.models.base import Timestamped
from articles.models.card import story_cards_in
from articles.models.category import Category
from articles.models.image import HeroImage
from articles.models.source import Source
from articles.sanitize import clean_body_html, html_to_text
from articles.urls_reversed import reverse_once


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


class StoryLanguageStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in-review", _("In review")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished")


class StoryPublicState(enum.Enum):
    """What a reader gets at a story's URL in one language."""

    LIVE = "live"
    # 200 in the site frame of that language, with the English text under a
    # notice: the story is public but not (yet) in the requested language.
    UNTRANSLATED = "untranslated"
    # 451: an accepted takedown request restricts it in this language.
    RESTRICTED = "restricted"
    GONE = "gone"  # 410: it was public and was taken down by the newsroom
    NOT_FOUND = "not-found"  # 404: it never was public (draft, scheduled)


# English is the source of record; every other language is a translation
# with its own publication state (StoryLanguage).
TRANSLATION_LANGUAGES = [
    (code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
]


def translation_published_field(language: str) -> str:
    """Name the column saying whether the story's `language` version is published.

    Kept by `articles.services.visibility.story_visibility_refresh` from the
    StoryLanguage rows, so that readers' queries need no subquery.
    """
    return "is_translation_published_" + language.replace("-", "_")


def restricted_field(language: str) -> str:
    """Name the column saying whether a restriction not lifted hides `language`."""
    return "is_restricted_" + language.replace("-", "_")


def restriction_expires_field(language: str) -> str:
    """Name the column holding when the restrictions hiding `language` expire.

    Empty while `restricted_field(language)` is set means: until lifted.
    """
    return "restriction_expires_at_" + language.replace("-", "_")


def translation_published(language: str) -> Exists:
    """Return "the story's `language` version is published", for a subquery.

    The rule itself, read from the StoryLanguage rows; readers' queries read
    the column `translation_published_field(language)` kept from it.
    """
    return Exists(
        StoryLanguage.objects.filter(
            story=OuterRef("pk"),
            language=language,
            status=StoryLanguageStatus.PUBLISHED,
        )
    )


def restriction_in_force(language: str) -> Exists:
    """Return "a restriction hides the story's text in `language` now".

    The rule itself, read from the StoryRestriction rows; readers' queries
    use `restricted_condition()`, which gives the same answer from the
    columns kept from them.
    """
    # Looked up, not imported: the restriction model refers to Story.
    restrictions = apps.get_model("articles", "StoryRestriction").objects
    return Exists(restrictions.in_force(language).filter(story=OuterRef("pk")))


def restricted_condition(language: str, now) -> Q:
    """Return "a restriction hides the story's text in `language` at `now`".

    Read from the story's own columns. Expiry is a time, not a write, so it
    is compared here, at query time, as `StoryRestriction.objects.in_force()`
    compares it.
    """
    expires_at = restriction_expires_field(language)
    return Q(**{restricted_field(language): True}) & (
        Q(**{f"{expires_at}__isnull": True}) | Q(**{f"{expires_at}__gt": now})
    )


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


# How `holds()` compares a column with a condition's value, by lookup.
COMPARISONS = {"exact": operator.eq, "lte": operator.le, "gt": operator.gt}


def holds(condition: Q, story) -> bool:
    """Say whether `condition` holds for `story`, from the columns it has loaded.

    The conditions above are the rule. Lists give them to the database;
    the story page, which loads one story whatever its state, evaluates them
    here on that story's row instead of compiling them into its query
    (which cost more than running it). A test proves both give the same
    answer. As in SQL, a comparison with NULL is never true; NOT, which
    would turn that unknown into true in Python, is refused, as is XOR.
    """
    if condition.negated or condition.connector not in (Q.AND, Q.OR):
        raise ValueError("holds() evaluates AND and OR, not NOT or XOR.")
    results = (
        holds(child, story) if isinstance(child, Q) else lookup_holds(story, *child)
        for child in condition.children
    )
    return all(results) if condition.connector == Q.AND else any(results)


def lookup_holds(story, lookup: str, value) -> bool:
    column, _, kind = lookup.partition("__")
    stored = getattr(story, column)
    if kind == "isnull":
        return (stored is None) is value
    return stored is not None and COMPARISONS[kind or "exact"](stored, value)


# The visibility columns (Story.visibility_field_names()), for the indexes
# that must cover `published()`.
VISIBILITY_INDEX_COLUMNS = [
    F("is_translation_published_zh_hans"),
    F("is_restricted_en"),
    F("restriction_expires_at_en"),
    F("is_restricted_zh_hans"),
    F("restriction_expires_at_zh_hans"),
]


def text_languages(language: str) -> list[str]:
    """Return the languages a page in `language` shows text in: its own, and
    English, which modeltranslation falls back to where a text is empty."""
    return list(dict.fromkeys([language, settings.LANGUAGE_CODE]))


def localized_columns(translated: dict[str, list[str]], languages) -> list[str]:
    """Name the columns of the translated fields in `languages`, for `only()`.

    `translated` maps a relation prefix ("" for the story, "category__"…)
    to field names. Never the field's own column: modeltranslation reads
    the language's column and ignores it.
    """
    return [
        prefix + build_localized_fieldname(name, language)
        for prefix, names in translated.items()
        for name in names
        for language in languages
    ]


class StoryQuerySet(models.QuerySet):
    def published(self, language: str) -> Self:
        """Return the stories a reader of `language` may see now.

        This is the one definition of "public": the home page, category pages
        and the story page start from it and never repeat the filter. Because
        it is decided at query time, a scheduled story appears at its
        `publish_at` with no job to run. A translation is listed only once
        its own version is published.

        It reads the columns `story_visibility_refresh()` keeps from the
        translation and restriction rows; `published_by_rule()` reads the
        rows themselves and returns the same stories at every moment (a test
        proves it over random stories).
        """
        now = timezone.now()
        queryset = self.filter(live_condition(now))
        if language != settings.LANGUAGE_CODE:
            queryset = queryset.filter(**{translation_published_field(language): True})
        return queryset.exclude(restricted_condition(language, now))

    def published_by_rule(self, language: str) -> Self:
        """Return what `published()` returns, from the rows that decide it.

        The rule as editors and legal staff state it: the story is live, its
        `language` version is published, and no restriction in force hides
        that language. Subqueries make it too slow for readers' pages.
        """
        queryset = self.filter(live_condition(timezone.now()))
        if language != settings.LANGUAGE_CODE:
            queryset = queryset.filter(translation_published(language))
        return queryset.exclude(restriction_in_force(language))

    def scheduled(self) -> Self:
        """Return published stories whose publication time is still to come."""
        return self.filter(status=StoryStatus.PUBLISHED, publish_at__gt=timezone.now())

    def ended(self) -> Self:
        """Return stories that were public and no longer are (410 Gone)."""
        return self.filter(gone_condition(timezone.now()))

    def with_page_data(self) -> Self:
        """Fetch a story's source, category and hero image with it, so that a
        list of whole stories (the feeds, the admin's preview) costs one
        query. The readers' pages read less: `cards()`,
        `with_story_page_data()`."""
        return self.select_related("source", "category", "hero_image")

    def cards(self, language: str) -> Self:
        """Return the stories as the `StoryCard`s of a list in `language`, in
        one query (articles/models/card.py).

        A card reads the few columns it shows as values: building a story,
        its source and category as models cost a list page a third of its
        time.
        """
        iterable = story_cards_in(language)
        # Columns named as they are, in this order: modeltranslation's
        # rewriting would reorder them and apply its own fallback.
        queryset = self.rewrite(False).values_list(*iterable.columns())
        # As values_list() itself does: the iterable turns rows into cards.
        queryset._iterable_class = iterable
        return queryset

    def with_story_page_data(self, language: str) -> Self:
        """Fetch only what the story page in `language` shows, in one query.

        The page (templates/jinja2/articles/story_detail.html, its sharing
        tags and JSON-LD, and the withdrawn and restricted notices) shows the text in
        `language` or, untranslated, in English: not the other copies of
        each translated column (bodies among them), nor the columns only
        staff see, which the page compiled, converted and set for nothing.
        Nor the category: the page takes it from its header's
        (`StoryDetailView.get_object()`), which it reads anyway.
        """
        return self.select_related("source", "hero_image").only(
            "slug",
            "updated_at",
            "original_url",
            "original_published_at",
            "is_noindex",
            "revised_at",
            "withdrawn_at",
            "credit_count",
            *self.model.public_state_field_names(),
            "category",
            "hero_image__is_hidden",
            "hero_image__renditions",
            "hero_image__social",
            "hero_image__licence",
            "hero_image__licence_url",
            *localized_columns(
                {
                    "": ["title", "summary", "body", "byline", "withdrawal_note"],
                    "source__": ["name", "attribution_template"],
                    "hero_image__": ["alt_text", "caption", "credit"],
                },
                text_languages(language),
            ),
        )

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
    # What readers see of a story once it has been public: edits to these are
    # held as PendingChanges until an editor publishes them. The publishing
    # fields (status, times, withdrawal) act at once.
    HELD_TEXT = ["title", "summary", "body", "byline"]
    HELD_FIELDS = [
        *(
            build_localized_fieldname(name, language)
            for name in HELD_TEXT
            for language in settings.MODELTRANSLATION_LANGUAGES
        ),
        "category",
        "source",
        "original_url",
        "original_published_at",
        "hero_image",
        "is_noindex",
    ]

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
            "Headings, paragraphs, bold and italic, links, lists, quotes and "
            "tables. Text pasted from elsewhere keeps only these; anything "
            "else is removed on save."
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
    is_noindex = models.BooleanField(
        _("hide from search engines"),
        default=False,
        help_text=_(
            "Tick for a near-verbatim copy of the original: the page asks "
            "search engines not to index it and is left out of the sitemaps. "
            "Readers still see it in lists and feeds."
        ),
    )
    # What the StoryLanguage and StoryRestriction rows say about readers'
    # access, kept by articles.services.visibility.story_visibility_refresh()
    # so that `published()` and the story page need no subquery. One column
    # per language in settings.LANGUAGES; a new language needs its own.
    is_translation_published_zh_hans = models.BooleanField(
        _("Chinese version published"), default=False, editable=False
    )
    is_restricted_en = models.BooleanField(
        _("English text restricted"), default=False, editable=False
    )
    is_restricted_zh_hans = models.BooleanField(
        _("Chinese text restricted"), default=False, editable=False
    )
    restriction_expires_at_en = models.DateTimeField(
        _("English restriction expires"), null=True, editable=False
    )
    restriction_expires_at_zh_hans = models.DateTimeField(
        _("Chinese restriction expires"), null=True, editable=False
    )
    # How many StoryCredit rows the story has, kept by
    # articles.services.credits.story_credits_replace(), their one writer:
    # the story page reads the credits only when there are some.
    credit_count = models.PositiveSmallIntegerField(
        _("other outlets credited"), default=0, editable=False
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
        permissions = [
            ("publish_story", _("Can publish and unpublish stories")),
            ("translate_story", _("Can translate stories")),
        ]
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
            # trailing columns make it cover the whole `published()` test, so
            # counting a list's pages reads only the index (on SQLite the long
            # body would otherwise be read to reach the columns after it).
            models.Index(
                F("publish_at").desc(),
                F("id").desc(),
                F("unpublish_at"),
                F("status"),
                *VISIBILITY_INDEX_COLUMNS,
                name="story_live_latest",
                condition=Q(status=StoryStatus.PUBLISHED),
            ),
            models.Index(
                F("category"),
                F("publish_at").desc(),
                F("id").desc(),
                F("unpublish_at"),
                F("status"),
                *VISIBILITY_INDEX_COLUMNS,
                name="story_live_by_category",
                condition=Q(status=StoryStatus.PUBLISHED),
            ),
            # Search: each match's story is looked up by id and tested
            # against `published()` and the search's filters. On SQLite this
            # index answers that alone (the search names it: INDEXED BY),
            # where the row would be read to its end, past the long bodies,
            # to reach the visibility columns.
            models.Index(
                F("id"),
                F("status"),
                F("publish_at"),
                F("unpublish_at"),
                *VISIBILITY_INDEX_COLUMNS,
                F("category"),
                name="story_visibility_by_id",
            ),
            models.Index(
                "source",
                F("publish_at").desc(),
                name="story_published_by_source",
                condition=Q(status=StoryStatus.PUBLISHED),
            ),
        ]

    # The category the row had when it was read (see `from_db`): a story
    # that moves is purged from the list it left (`story_change_keys`).
    loaded_category_id = None

    def __str__(self):
        return self.title

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        story = super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        story.loaded_category_id = story.__dict__.get("category_id")
        return story

    def save(self, *args, **kwargs):
        self.refresh_derived_fields()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse_once("articles:story-detail", slug=self.slug)

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
        """Return what stops the English story from being published, by field.

        Attribution is the rule: a story names its source, links to the
        original and carries the source's attribution line, or it stays a
        draft. The English columns are read explicitly, whatever language is
        active (the admin also runs in Chinese).
        """
        errors = {}
        if self.source is None:
            errors["source"] = _(
                "Choose the source; a story cannot be published without one."
            )
        elif self.source.is_blocked:
            errors["source"] = _(
                "%(source)s is blocked; its stories cannot be published."
            ) % {"source": self.source.name_en}
        elif not self.source.attribution_template_en:
            errors["source"] = _(
                "%(source)s has no attribution line. Add one to the source "
                "before publishing its stories."
            ) % {"source": self.source.name_en}
        if (
            self.source is not None
            and not self.original_url
            and not self.source.is_own_newsroom
        ):
            errors["original_url"] = _(
                "Give the address of the original article: readers must be "
                "able to check the source."
            )
        # The other outlets credited beside the source (StoryCredit): their
        # attribution rules apply too. A new story has none yet.
        credits = self.credits.select_related("source") if self.pk else []
        credit_errors = [
            message for credit in credits for message in credit.publishing_errors()
        ]
        if credit_errors:
            errors[NON_FIELD_ERRORS] = credit_errors
        if self.category is None:
            errors["category"] = _(
                "Choose a category; it decides where the story is listed."
            )
        if not (self.summary_en or "").strip():
            errors["summary_en"] = _(
                "Write a summary; lists and search results show it."
            )
        if not html_to_text(self.body_en or ""):
            errors["body_en"] = _("The body is empty.")
        if self.hero_image is not None and not self.hero_image.credit:
            errors["hero_image"] = _(
                "The hero image has no credit. Add the photographer and agency "
                "to the image, or remove it from the story."
            )
        elif self.hero_image is not None and not self.hero_image.renditions:
            errors["hero_image"] = _(
                "The hero image has no renditions yet, so pages cannot show "
                "it. Upload the picture again, or remove it from the story."
            )
        return errors

    @property
    def attribution_line(self) -> str:
        """The source's line crediting it, in the active language.

        {source} marks where the source's name goes.
        """
        return self.source.attribution_template if self.source else ""

    def fetch_credits(self) -> None:
        """Read the other outlets credited (StoryCredit) with their sources.

        For the story page, before it renders: one query, and none when
        `credit_count` says the story credits no other outlet. What the
        attribution and the JSON-LD show of a credit; the source's other
        columns are its terms, for editors.
        """
        if not self.credit_count:
            return
        credits = self.credits.model.objects.select_related("source").only(
            "story",
            "url",
            "published_at",
            *(
                build_localized_fieldname("source__name", language)
                for language in settings.MODELTRANSLATION_LANGUAGES
            ),
        )
        models.prefetch_related_objects(
            [self], models.Prefetch("credits", queryset=credits)
        )

    def credits_shown(self):
        """Return the other outlets credited beside the source (StoryCredit).

        As read by `fetch_credits()`; none, without a query, when
        `credit_count` says there are none.
        """
        return self.credits.all() if self.credit_count else []

    @property
    def visible_hero_image(self) -> HeroImage | None:
        """The hero image readers see: none while a takedown hides it."""
        if self.hero_image is None or self.hero_image.is_hidden:
            return None
        return self.hero_image

    @property
    def has_been_public(self) -> bool:
        """Whether readers may have seen the story (and linked to its URL)."""
        return (
            self.first_published_at is not None
            and self.first_published_at <= timezone.now()
        )

    @cached_property
    def visibility_moment(self):
        """The moment this story's flags below are decided for.

        Fixed when first read, so that the flags of one page agree with each
        other even when a publication time passes during the request.
        """
        return timezone.now()

    @cached_property
    def is_live(self) -> bool:
        """Whether readers may see the story (`live_condition`)."""
        return holds(live_condition(self.visibility_moment), self)

    @cached_property
    def is_gone(self) -> bool:
        """Whether the story was public and no longer is (`gone_condition`)."""
        return holds(gone_condition(self.visibility_moment), self)

    @cached_property
    def restricted_languages(self) -> frozenset[str]:
        """The languages a takedown restriction hides the story's text in."""
        return frozenset(
            language
            for language, _name in settings.LANGUAGES
            if holds(restricted_condition(language, self.visibility_moment), self)
        )

    @property
    def live_languages(self) -> list[str]:
        """The languages readers may see this story in now, English first."""
        if not self.is_live:
            return []
        return [
            language
            for language, _name in settings.LANGUAGES
            if (
                language == settings.LANGUAGE_CODE
                or getattr(self, translation_published_field(language))
            )
            and not self.is_restricted_in(language)
        ]

    def is_restricted_in(self, language: str) -> bool:
        """Whether a takedown restriction hides the story's text in `language`."""
        return language in self.restricted_languages

    def public_state(self, language: str) -> StoryPublicState:
        """Say what a reader of `language` gets at this story's URL.

        Reads the columns of `Story.public_state_field_names()`.
        """
        if not (self.is_live or self.is_gone):
            return StoryPublicState.NOT_FOUND
        if self.is_restricted_in(language):
            return StoryPublicState.RESTRICTED
        if self.is_live:
            if language in self.live_languages:
                return StoryPublicState.LIVE
            if self.is_restricted_in(settings.LANGUAGE_CODE):
                # The fallback would show the restricted English text.
                return StoryPublicState.RESTRICTED
            return StoryPublicState.UNTRANSLATED
        return StoryPublicState.GONE

    def refresh_derived_fields(self):
        """Derive the columns that follow from this row's own values.

        Called by `save()`; bulk loaders that skip `save()` call it themselves.
        """
        self.clean_bodies()
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

    def clean_bodies(self):
        """Pass the body in every language through the one HTML cleaner."""
        for language in settings.MODELTRANSLATION_LANGUAGES:
            field_name = build_localized_fieldname("body", language)
            if getattr(self, field_name):
                setattr(self, field_name, clean_body_html(getattr(self, field_name)))

    @property
    def pending_changes_or_none(self):
        """The story's PendingChanges, or None (a query unless fetched)."""
        if self.pk is None:
            return None
        try:
            return self.pending_changes
        except ObjectDoesNotExist:
            return None

    @property
    def holds_changes(self) -> bool:
        """Whether edits wait as pending changes instead of going live.

        A story holds them once readers may have seen it: while live, and
        also when withdrawn or expired, so a reinstatement shows nothing
        unreviewed.
        """
        return self.has_been_public

    def set_withdrawal_time(self):
        """Stamp the withdrawal when it happens; clear it on reinstatement."""
        if self.status != StoryStatus.WITHDRAWN:
            self.withdrawn_at = None
        elif self.withdrawn_at is None:
            self.withdrawn_at = timezone.now()

    @classmethod
    def english_field_names(cls) -> list[str]:
        """Name every column editors write, except the translations'.

        Leaves out the translations' columns (title_zh_hans, …), the
        visibility columns, which only `story_visibility_refresh()` writes,
        and the credits' count, which only `story_credits_replace()` writes.
        """
        kept_by_services = [*cls.visibility_field_names(), "credit_count"]
        return [
            field.name
            for field in cls._meta.concrete_fields
            if not field.primary_key
            and field.name not in kept_by_services
            and getattr(field, "language", settings.LANGUAGE_CODE)
            == settings.LANGUAGE_CODE
        ]

    @classmethod
    def public_state_field_names(cls) -> list[str]:
        """Name the columns `public_state()` and `live_languages` read."""
        return [
            "status",
            "publish_at",
            "unpublish_at",
            "first_published_at",
            *cls.visibility_field_names(),
        ]

    @staticmethod
    def visibility_field_names() -> list[str]:
        """Name the columns kept from the translation and restriction rows."""
        return [
            *(
                translation_published_field(language)
                for language, _name in TRANSLATION_LANGUAGES
            ),
            *(
                name(language)
                for language, _name in settings.LANGUAGES
                for name in (restricted_field, restriction_expires_field)
            ),
        ]

    def english_source_text(self) -> dict:
        """Return the English text a translation is made from, by field."""
        text = {
            "title": self.title_en or "",
            "summary": self.summary_en or "",
            "body": self.body_en or "",
        }
        if self.hero_image is not None:
            text["alt_text"] = self.hero_image.alt_text_en or ""
            text["caption"] = self.hero_image.caption_en or ""
        return text

    def compute_en_source_hash(self) -> str:
        """Return the SHA-256 of the English text; it changes with any edit."""
        text = "\x1f".join(
            f"{name}\x1e{value}" for name, value in self.english_source_text().items()
        )
        return hashlib.sha256(text.encode()).hexdigest()


class StoryLanguage(Timestamped):
    """The publication state of one translation of a story.

    Its own row, not a translated BooleanField: modeltranslation falls back
    to English on read, so an unset Chinese flag would read as the English
    one, and the state needs its reviewer, time and the English it was made
    from. English itself is governed by `Story.status`.
    """

    story = models.ForeignKey(
        Story, models.CASCADE, related_name="languages", verbose_name=_("story")
    )
    language = models.CharField(
        _("language"), max_length=10, choices=TRANSLATION_LANGUAGES
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=StoryLanguageStatus,
        default=StoryLanguageStatus.DRAFT,
    )
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("translated by"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # The story's en_source_hash, and its English text, when the translation
    # was last submitted or approved: a different hash now means the English
    # changed since, and the snapshot shows how.
    source_hash = models.CharField(_("English text hash"), max_length=64, blank=True)
    source_snapshot = models.JSONField(_("English text approved"), default=dict)

    class Meta:
        verbose_name = _("story translation")
        verbose_name_plural = _("story translations")
        constraints = [
            models.UniqueConstraint(
                fields=["story", "language"], name="story_language_one_per_language"
            ),
            models.CheckConstraint(
                condition=Q(status__in=StoryLanguageStatus.values),
                name="story_language_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=StoryLanguageStatus.PUBLISHED)
                | Q(published_at__isnull=False),
                name="story_language_published_has_time",
            ),
        ]
        indexes = [models.Index(fields=["language", "status"])]

    def __str__(self):
        return f"{self.story} ({self.get_language_display()})"

    @property
    def is_out_of_date(self) -> bool:
        """Whether the English changed since this translation was approved."""
        return bool(self.source_hash) and self.source_hash != self.story.en_source_hash


class StoryCredit(models.Model):
    """Another outlet that reported the same story, credited beside the source.

    Kept by whoever knows the outlets (the feeds app, when it clusters
    their items), through `articles.services.credits.story_credits_replace()`,
    which keeps `Story.credit_count` with them: the story page reads these
    rows and nothing of the feeds.
    """

    story = models.ForeignKey(
        Story, models.CASCADE, related_name="credits", verbose_name=_("story")
    )
    source = models.ForeignKey(
        Source, models.PROTECT, related_name="+", verbose_name=_("source")
    )
    url = models.URLField(_("original URL"), max_length=1000)
    title = models.CharField(_("headline"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("original publication time"), null=True)

    class Meta:
        ordering = ["published_at", "pk"]
        verbose_name = _("story credit")
        verbose_name_plural = _("story credits")
        constraints = [
            models.UniqueConstraint(
                fields=["story", "source"], name="story_credit_one_per_source"
            )
        ]

    def __str__(self):
        return f"{self.story_id}: {self.source_id}"

    def publishing_errors(self, language: str = settings.LANGUAGE_CODE) -> list:
        """Return what stops a story crediting this outlet from being
        published in `language`: the attribution rules of its own source."""
        source = self.source
        if source.is_blocked:
            return [
                _(
                    "%(source)s, credited as also reporting this story, is "
                    "blocked. Split its item off the story's cluster (Feeds → "
                    "Feed items) before publishing."
                )
                % {"source": source.name_en}
            ]
        if not getattr(
            source, build_localized_fieldname("attribution_template", language)
        ):
            return [
                _(
                    "%(source)s, credited as also reporting this story, has no "
                    "attribution line in this language. Add one to the source "
                    "before publishing."
                )
                % {"source": source.name_en}
            ]
        return []
