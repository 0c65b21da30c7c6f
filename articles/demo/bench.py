"""Stories in bulk for benchmarks: many, long, public, and repeatable.

Story number `index` of seed `seed` is drawn from its own generator, so it is
the same whatever `--count` and `--category` are, and its slug
`bench-<seed>-<index>-<headline>` says which it is: a second run skips the
stories that exist. Rows go in with `bulk_create`, which skips `save()`, so
each story calls `refresh_derived_fields()` itself, and the new stories are
indexed for search in the same transaction. The stories are English-only
unless `chinese` is set: then each also has a published Chinese version
(drawn from its own generator, so the English is the same either way).
"""

import random
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.db import transaction
from django.utils.text import slugify

from articles.demo.catalogue import (
    CATEGORIES,
    SOURCE_ENTRIES,
    ensure_categories,
    ensure_sources,
    make_byline,
)
from articles.demo.pictures import draw_landscape, save_hero_image
from articles.demo.text import VOCABULARIES, ChineseNewsWriter, NewsWriter
from articles.models import (
    Category,
    HeroImage,
    HeroImageLicence,
    Source,
    SourceKind,
    Story,
    StoryLanguage,
    StoryLanguageStatus,
    StoryStatus,
)
from articles.search.indexing import story_search_rebuild

BODY_MIN_LENGTH = 15_000
BODY_MAX_LENGTH = 25_000
# Publication times are spread over this period before the run.
PUBLICATION_PERIOD = timedelta(days=365)
BENCH_PICTURE_CREDIT = "World Brief (benchmark illustration)"


def bench_slug_prefix(seed: int) -> str:
    """Return the start of every slug of `seed`'s stories ("bench-7-")."""
    return f"bench-{seed}-"


def existing_bench_indexes(seed: int) -> set[int]:
    """Return the indexes of `seed`'s stories already in the database."""
    prefix = bench_slug_prefix(seed)
    slugs = Story.objects.filter(slug__startswith=prefix).values_list("slug", flat=True)
    indexes = set()
    for slug in slugs:
        number = slug.removeprefix(prefix).split("-", 1)[0]
        if number.isdigit():
            indexes.add(int(number))
    return indexes


def ensure_bench_hero_images(*, seed: int, count: int) -> list[HeroImage]:
    """Return `count` pictures for `seed`'s stories, drawing those missing.

    A picture is found again by its English caption, which names seed and
    number.
    """
    hero_images = []
    for number in range(count):
        caption = f"Benchmark picture {number} of seed {seed}."
        hero_image = HeroImage.objects.filter(caption_en=caption).first()
        if hero_image is None:
            rng = random.Random(f"bench-picture:{seed}:{number}")  # noqa: S311
            hero_image = save_hero_image(
                picture=draw_landscape(rng),
                filename=f"bench-{seed}-{number}.jpg",
                caption=caption,
                credit=BENCH_PICTURE_CREDIT,
                licence=HeroImageLicence.OWN,
            )
        hero_images.append(hero_image)
    return hero_images


def build_bench_story(
    *,
    seed: int,
    index: int,
    now: datetime,
    categories: dict[str, Category],
    sources: dict[str, Source],
    category: Category | None = None,
    hero_images: Sequence[HeroImage] = (),
    body_length: tuple[int, int] = (BODY_MIN_LENGTH, BODY_MAX_LENGTH),
    chinese: bool = False,
) -> Story:
    """Return story `index` of `seed`, published, unsaved and validated.

    `category`, if given, replaces the drawn category; the text stays the
    same. `body_length` bounds the English body, in characters; with
    `chinese`, the Chinese columns are written too, with a body a fifth as
    long (a Chinese character carries about as much as an English word).
    Raise ValidationError if the story would not pass the publishing gate.
    """
    rng = random.Random(f"bench:{seed}:{index}")  # noqa: S311
    drawn_category = rng.choice(CATEGORIES)
    source_entry = SOURCE_ENTRIES[rng.choice(sorted(SOURCE_ENTRIES))]
    writer = NewsWriter(rng, VOCABULARIES[drawn_category.slug])
    title = writer.headline()
    summary = writer.summary()
    byline = make_byline(rng)
    body = writer.body_html(min_length=body_length[0], max_length=body_length[1])
    age = timedelta(seconds=rng.randint(60, int(PUBLICATION_PERIOD.total_seconds())))
    article_number = rng.getrandbits(40)
    publish_at = now - age
    original_url = source_entry.original_url(
        title=title, published_at=publish_at, number=article_number
    )
    slug = f"{bench_slug_prefix(seed)}{index}-{slugify(title)}"[:200].rstrip("-")
    story = Story(
        title_en=title,
        slug=slug,
        summary_en=summary,
        body_en=body,
        byline_en="" if source_entry.kind == SourceKind.OWN_NEWSROOM else byline,
        category=category or categories[drawn_category.slug],
        source=sources[source_entry.slug],
        original_url=original_url,
        original_published_at=publish_at - timedelta(hours=1) if original_url else None,
        hero_image=hero_images[index % len(hero_images)] if hero_images else None,
        status=StoryStatus.PUBLISHED,
        publish_at=publish_at,
    )
    if chinese:
        chinese_writer = ChineseNewsWriter(
            random.Random(f"bench-zh:{seed}:{index}")  # noqa: S311
        )
        story.title_zh_hans = chinese_writer.headline()
        story.summary_zh_hans = chinese_writer.summary()
        story.body_zh_hans = chinese_writer.body_html(
            min_length=body_length[0] // 5, max_length=body_length[1] // 5
        )
        # Published below in bulk, so the column the services keep is set here.
        story.is_translation_published_zh_hans = True
    # The database checks uniqueness, constraints and foreign keys on insert;
    # checking them here as well would cost several queries per story.
    story.full_clean(
        exclude=["category", "source", "hero_image"],
        validate_unique=False,
        validate_constraints=False,
    )
    story.refresh_derived_fields()
    return story


@transaction.atomic
def create_bench_stories(
    *,
    seed: int,
    indexes: list[int],
    now: datetime,
    category: Category | None = None,
    hero_images: Sequence[HeroImage] = (),
    body_length: tuple[int, int] = (BODY_MIN_LENGTH, BODY_MAX_LENGTH),
    chinese: bool = False,
) -> list[Story]:
    """Insert stories `indexes` of `seed` in one `bulk_create`, and index them.

    The caller skips indexes that exist (`existing_bench_indexes`); one that
    exists makes the insert fail with IntegrityError and roll back.
    """
    categories = ensure_categories()
    sources = ensure_sources()
    stories = [
        build_bench_story(
            seed=seed,
            index=index,
            now=now,
            categories=categories,
            sources=sources,
            category=category,
            hero_images=hero_images,
            body_length=body_length,
            chinese=chinese,
        )
        for index in indexes
    ]
    stories = Story.objects.bulk_create(stories)
    if chinese:
        StoryLanguage.objects.bulk_create(
            StoryLanguage(
                story=story,
                language="zh-hans",
                status=StoryLanguageStatus.PUBLISHED,
                published_at=story.publish_at,
                source_hash=story.en_source_hash,
            )
            for story in stories
        )
    story_search_rebuild(story_ids=[story.pk for story in stories])
    return stories
