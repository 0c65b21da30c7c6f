"""The demo site's stories: the seed story, four bilingual ones and thirty generated.

`load_demo_content()` creates what is missing and leaves what exists, keyed
by slug, so loading twice changes nothing. Every story is validated with
`full_clean()` (the publishing gate included) before it is saved through
`story_save`, as an editor's would be. Chinese versions go through the
translation services (`articles.services.language`), as a translator's
would; the generated stories are English-only.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.demo import seed
from articles.demo.bilingual import BILINGUAL_STORIES, BilingualStoryEntry
from articles.demo.catalogue import (
    CATEGORIES,
    OWN_NEWSROOM_SLUG,
    SOURCE_ENTRIES,
    ensure_categories,
    ensure_sources,
    make_byline,
)
from articles.demo.pictures import (
    draw_landscape,
    draw_tower_on_mountain,
    save_hero_image,
)
from articles.demo.text import VOCABULARIES, NewsWriter
from articles.models import (
    Category,
    HeroImageLicence,
    Source,
    Story,
    StoryLanguageStatus,
    StoryStatus,
    WithdrawalReason,
)
from articles.services.language import (
    story_language_publish,
    story_language_save,
    story_language_submit,
)
from articles.services.story import story_save

# Changing the seed changes every generated story, and a database loaded
# before the change then gets thirty more.
DEMO_SEED = 20250624
GENERATED_STORY_COUNT = 30

# Which generated stories are not simply published, by index.
SCHEDULED_INDEXES = {4: timedelta(days=1), 17: timedelta(days=3)}
DRAFT_INDEXES = {9, 22}
# This draft lacks a summary and an original URL, so the admin shows an
# editor what the publishing gate asks for.
INCOMPLETE_DRAFT_INDEX = 22
WITHDRAWN_INDEX = 13

DEMO_PICTURE_CREDIT = "World Brief (illustration)"

CHINESE = "zh-hans"


@dataclass
class DemoLoadResult:
    """What `load_demo_content()` did, for the command's summary."""

    created: list[Story] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)  # slugs left as they were
    hero_images_created: int = 0


@dataclass(frozen=True)
class GeneratedStoryPlan:
    """One generated demo story, decided before the database is looked at."""

    index: int
    slug: str
    title: str
    summary: str
    body: str
    byline: str
    category_slug: str
    source_slug: str
    age: timedelta  # how long before loading it was (or will be) published
    status: str
    has_hero_image: bool
    picture_seed: str


def plan_generated_stories() -> list[GeneratedStoryPlan]:
    """Return the thirty generated demo stories, the same on every call."""
    plans = []
    used_slugs = {seed.SLUG} | {entry.slug for entry in BILINGUAL_STORIES}
    source_slugs = sorted(SOURCE_ENTRIES)
    for index in range(GENERATED_STORY_COUNT):
        rng = random.Random(f"demo:{DEMO_SEED}:{index}")  # noqa: S311
        category = CATEGORIES[index % len(CATEGORIES)]
        writer = NewsWriter(rng, VOCABULARIES[category.slug])
        title = writer.headline()
        while slugify(title) in used_slugs:
            title = writer.headline()
        used_slugs.add(slugify(title))
        if index in DRAFT_INDEXES:
            status = StoryStatus.DRAFT
        elif index == WITHDRAWN_INDEX:
            status = StoryStatus.WITHDRAWN
        else:
            status = StoryStatus.PUBLISHED
        if index in SCHEDULED_INDEXES:
            age = -SCHEDULED_INDEXES[index]
        else:
            # Spread over about two weeks, newest first by index.
            age = timedelta(hours=index * 11 + rng.randint(1, 9))
        plans.append(
            GeneratedStoryPlan(
                index=index,
                slug=slugify(title),
                title=title,
                summary="" if index == INCOMPLETE_DRAFT_INDEX else writer.summary(),
                body=writer.body_html(min_length=2500, max_length=6000),
                byline=make_byline(rng),
                category_slug=category.slug,
                source_slug=rng.choice(source_slugs),
                age=age,
                status=status,
                has_hero_image=index % 3 == 0,
                picture_seed=f"demo-picture:{DEMO_SEED}:{index}",
            )
        )
    return plans


@transaction.atomic
def load_demo_content(*, now: datetime | None = None) -> DemoLoadResult:
    """Create the demo categories, sources and stories that are missing.

    Existing rows are left untouched. Raise ValidationError if a story
    fails validation; the transaction then rolls back (picture files already
    written stay in media storage until `rebuild_renditions --delete-orphans`).
    """
    now = (now or timezone.now()).replace(second=0, microsecond=0)
    categories = ensure_categories()
    sources = ensure_sources()
    result = DemoLoadResult()
    load_seed_story(result, categories=categories, sources=sources, now=now)
    for entry in BILINGUAL_STORIES:
        load_bilingual_story(
            result, entry, categories=categories, sources=sources, now=now
        )
    for plan in plan_generated_stories():
        load_generated_story(
            result, plan, categories=categories, sources=sources, now=now
        )
    return result


def load_seed_story(
    result: DemoLoadResult,
    *,
    categories: dict[str, Category],
    sources: dict[str, Source],
    now: datetime,
):
    """Create the seed story and its stand-in picture, published in both languages."""
    if Story.objects.filter(slug=seed.SLUG).exists():
        result.existing.append(seed.SLUG)
        return
    hero_image = save_hero_image(
        picture=draw_tower_on_mountain(),
        filename="gaustatoppen-transmitter-tower.jpg",
        alt_text=seed.HERO_ALT_TEXT,
        caption=seed.HERO_CAPTION,
        credit=seed.HERO_CREDIT,
        licence=HeroImageLicence.OWN,
    )
    result.hero_images_created += 1
    story = Story(
        title_en=seed.TITLE,
        # free_slug gives seed.SLUG on an empty slot, which is how the next
        # load finds the story again.
        slug=Story.objects.free_slug(seed.TITLE),
        summary_en=seed.SUMMARY,
        body_en=seed.BODY_HTML,
        byline_en=seed.BYLINE,
        category=categories[seed.CATEGORY_SLUG],
        source=sources[seed.SOURCE_SLUG],
        original_url=seed.ORIGINAL_URL,
        original_published_at=seed.ORIGINAL_PUBLISHED_AT,
        hero_image=hero_image,
        status=StoryStatus.PUBLISHED,
        publish_at=now,
    )
    story.full_clean()
    story_save(story=story, by=None)
    story_language = story_language_save(
        story=story,
        language=CHINESE,
        text={
            "title": seed.TITLE_ZH_HANS,
            "summary": seed.SUMMARY_ZH_HANS,
            "body": seed.BODY_HTML_ZH_HANS,
            "byline": seed.BYLINE_ZH_HANS,
            "alt_text": seed.HERO_ALT_TEXT_ZH_HANS,
            "caption": seed.HERO_CAPTION_ZH_HANS,
            "credit": seed.HERO_CREDIT_ZH_HANS,
        },
        by=None,
    )
    story_language_publish(story_language=story_language, by=None)
    result.created.append(story)


def load_bilingual_story(
    result: DemoLoadResult,
    entry: BilingualStoryEntry,
    *,
    categories: dict[str, Category],
    sources: dict[str, Source],
    now: datetime,
):
    """Create one hand-written story in English, then its Chinese version.

    The Chinese version is published or submitted for review, as the entry
    says. An entry with a correction is then edited in English, so its
    Chinese version is out of date.
    """
    if Story.objects.filter(slug=entry.slug).exists():
        result.existing.append(entry.slug)
        return
    hero_image = None
    text = {
        "title": entry.title_zh_hans,
        "summary": entry.summary_zh_hans,
        "body": entry.body_zh_hans,
    }
    if entry.picture is not None:
        picture = draw_landscape(random.Random(entry.picture.seed))  # noqa: S311
        hero_image = save_hero_image(
            picture=picture,
            filename=f"{entry.slug[:60]}.jpg",
            caption=entry.picture.caption_en,
            credit=DEMO_PICTURE_CREDIT,
            licence=HeroImageLicence.OWN,
        )
        result.hero_images_created += 1
        text["alt_text"] = picture.alt_text_zh_hans
        text["caption"] = entry.picture.caption_zh_hans
    publish_at = now - entry.age
    original_url = SOURCE_ENTRIES[entry.source_slug].original_url(
        title=entry.title_en,
        published_at=publish_at,
        number=random.Random(entry.slug).getrandbits(40),  # noqa: S311
    )
    story = Story(
        title_en=entry.title_en,
        slug=Story.objects.free_slug(entry.title_en),
        summary_en=entry.summary_en,
        body_en=entry.body_en,
        byline_en=entry.byline,
        category=categories[entry.category_slug],
        source=sources[entry.source_slug],
        original_url=original_url,
        original_published_at=(
            publish_at - timedelta(hours=1) if original_url else None
        ),
        hero_image=hero_image,
        status=StoryStatus.PUBLISHED,
        publish_at=publish_at,
    )
    story.full_clean()
    story_save(story=story, by=None)
    story_language = story_language_save(
        story=story, language=CHINESE, text=text, by=None
    )
    if entry.chinese_status == StoryLanguageStatus.IN_REVIEW:
        story_language_submit(story_language=story_language, by=None)
    else:
        story_language_publish(story_language=story_language, by=None)
    if entry.correction is not None:
        # Reload: the translation service saved the Chinese columns on
        # another instance, and saving this one would write them back empty.
        story = Story.objects.get(pk=story.pk)
        correct_english_text(story, entry.correction.before, entry.correction.after)
    result.created.append(story)


def correct_english_text(story: Story, before: str, after: str):
    """Replace `before` with `after` in the English body, as an editor would."""
    if story.body_en.count(before) != 1:
        raise ValueError(f"{before!r} is not in {story.slug}'s body exactly once.")
    story.body_en = story.body_en.replace(before, after)
    story.full_clean()
    story_save(story=story, by=None)


def load_generated_story(
    result: DemoLoadResult,
    plan: GeneratedStoryPlan,
    *,
    categories: dict[str, Category],
    sources: dict[str, Source],
    now: datetime,
):
    """Create one planned story unless a story has its slug already."""
    if Story.objects.filter(slug=plan.slug).exists():
        result.existing.append(plan.slug)
        return
    hero_image = None
    if plan.has_hero_image:
        picture = draw_landscape(random.Random(plan.picture_seed))  # noqa: S311
        hero_image = save_hero_image(
            picture=picture,
            filename=f"{plan.slug[:60]}.jpg",
            credit=DEMO_PICTURE_CREDIT,
            licence=HeroImageLicence.OWN,
        )
        result.hero_images_created += 1
    publish_at = now - plan.age
    source_entry = SOURCE_ENTRIES[plan.source_slug]
    original_url = ""
    if plan.index != INCOMPLETE_DRAFT_INDEX:
        original_url = source_entry.original_url(
            title=plan.title,
            published_at=publish_at,
            number=random.Random(plan.slug).getrandbits(40),  # noqa: S311
        )
    story = Story(
        title_en=plan.title,
        slug=Story.objects.free_slug(plan.title),
        summary_en=plan.summary,
        body_en=plan.body,
        byline_en="" if plan.source_slug == OWN_NEWSROOM_SLUG else plan.byline,
        category=categories[plan.category_slug],
        source=sources[plan.source_slug],
        original_url=original_url,
        original_published_at=(
            publish_at - timedelta(hours=2) if original_url else None
        ),
        hero_image=hero_image,
        # A withdrawn story was published first: save it so, then withdraw.
        status=(
            StoryStatus.PUBLISHED
            if plan.status == StoryStatus.WITHDRAWN
            else plan.status
        ),
        publish_at=None if plan.status == StoryStatus.DRAFT else publish_at,
    )
    story.full_clean()
    story_save(story=story, by=None)
    if plan.status == StoryStatus.WITHDRAWN:
        withdraw_story(story, source_name=source_entry.name_en)
    result.created.append(story)


def withdraw_story(story: Story, *, source_name: str):
    """Withdraw a published demo story at its source's request."""
    story.status = StoryStatus.WITHDRAWN
    story.withdrawal_reason = WithdrawalReason.SOURCE_REQUEST
    story.withdrawal_note_en = (
        f"This story was withdrawn at the request of {source_name}, which has "
        "since corrected its original report."
    )
    story.full_clean()
    story_save(story=story, by=None)
