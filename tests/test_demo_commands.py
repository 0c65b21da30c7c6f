from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from articles.demo import seed
from articles.demo.stories import plan_generated_stories
from articles.models import (
    Category,
    HeroImage,
    HeroImageLicence,
    Source,
    SourceKind,
    SourceUsageTerms,
    Story,
    StoryLanguage,
    StoryLanguageStatus,
    StoryStatus,
    WithdrawalReason,
)

pytestmark = pytest.mark.django_db

SEED_HERO_ALT_TEXT = (
    "A breathtaking view of the Gaustatoppen transmitter tower against a blue sky, "
    "ideal for travel and nature enthusiasts."
)
SEED_TITLE_ZH_HANS = "高风险的海牙峰会：北约应对特朗普回归与联盟重塑"
SEED_HERO_ALT_TEXT_ZH_HANS = (
    "高斯塔山（Gaustatoppen）发射塔在蓝天映衬下的壮丽景色，适合旅行和自然爱好者。"
)


@pytest.fixture
def media_root(settings, tmp_path):
    """Store pictures in a temporary directory, never in the repository's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def table_counts() -> dict[str, int]:
    return {
        "stories": Story.objects.count(),
        "story translations": StoryLanguage.objects.count(),
        "categories": Category.objects.count(),
        "sources": Source.objects.count(),
        "hero images": HeroImage.objects.count(),
    }


def home_page(client, language: str) -> str:
    with translation.override(language):
        url = reverse("articles:home")
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_load_demo_publishes_the_seed_story_faithfully(media_root):
    output = run("load_demo")

    story = Story.objects.published("en").get(slug=seed.SLUG)
    assert story.title == (
        "High Stakes in The Hague: NATO Navigates Trump’s Return and a Reshaping "
        "Alliance"
    )
    assert story.body.count("<p>") == 5
    assert (
        "<p>As global leaders converge in The Hague today for a pivotal NATO summit"
        in story.body
    )
    assert "As reported by The New York Times, this agreement aims" in story.body
    assert 0 < len(story.summary) <= 300
    assert story.summary not in story.body
    assert story.category.name == "World"
    assert story.source.name == "The New York Times"
    assert story.source.homepage_url == "https://www.nytimes.com/"
    assert story.source.attribution_template == "As reported by {source}"
    assert story.source.usage_terms == SourceUsageTerms.QUOTATION
    assert story.original_url.startswith("https://www.nytimes.com/2025/06/24/")
    assert story.byline
    assert story.publishing_errors() == {}
    assert "35 stories created" in output
    assert "In Chinese: 4 public (1 out of date) and 1 in review." in output


def test_load_demo_publishes_the_seed_story_in_chinese(media_root):
    run("load_demo")

    story = Story.objects.published("zh-hans").get(slug=seed.SLUG)
    assert story.title_zh_hans == SEED_TITLE_ZH_HANS
    assert story.hero_image.alt_text_zh_hans == SEED_HERO_ALT_TEXT_ZH_HANS
    assert story.hero_image.caption_zh_hans
    assert story.body_zh_hans.count("<p>") == 5
    assert story.body_zh_hans.startswith("<p>今天，全球领导人齐聚海牙")
    assert "据《纽约时报》报道，该协议旨在" in story.body_zh_hans
    assert 0 < len(story.summary_zh_hans) <= 300
    assert story.summary_zh_hans not in story.body_zh_hans
    # The English stays as scraped: the translation wrote only Chinese columns.
    assert story.title_en == seed.TITLE
    assert story.hero_image.alt_text_en == SEED_HERO_ALT_TEXT
    story_language = story.languages.get(language="zh-hans")
    assert story_language.status == StoryLanguageStatus.PUBLISHED
    assert story_language.published_at is not None
    assert not story_language.is_out_of_date


def test_seed_story_page_in_chinese_shows_the_translation(client, media_root):
    run("load_demo")
    story = Story.objects.get(slug=seed.SLUG)
    with translation.override("zh-hans"):
        url = story.get_absolute_url()

    response = client.get(url)

    assertContains(response, SEED_TITLE_ZH_HANS)
    assertContains(response, SEED_HERO_ALT_TEXT_ZH_HANS)
    # The source's Chinese attribution line, with its Chinese name linked.
    assertContains(response, 'class="attribution-source">纽约时报</a>报道')
    assertNotContains(response, "As reported by The New York Times")


def test_chinese_home_page_lists_only_stories_translated_and_published(
    client, media_root
):
    run("load_demo")
    english_only = (
        Story.objects.published("en")
        .filter(languages__isnull=True)
        .latest_first()
        .first()
    )
    in_review = StoryLanguage.objects.get(status=StoryLanguageStatus.IN_REVIEW)

    english_page = home_page(client, "en")
    chinese_page = home_page(client, "zh-hans")

    assert english_only.title_en in english_page
    assert SEED_TITLE_ZH_HANS in chinese_page
    assert english_only.title_en not in chinese_page
    assert in_review.story.title_zh_hans not in chinese_page


def test_generated_stories_stay_english_only(media_root):
    run("load_demo")
    slugs = [plan.slug for plan in plan_generated_stories()]

    generated = Story.objects.filter(slug__in=slugs)
    assert generated.count() == 30
    assert not StoryLanguage.objects.filter(story__in=generated).exists()
    assert not generated.filter(title_zh_hans__isnull=False).exists()
    assert not Story.objects.published("zh-hans").filter(slug__in=slugs).exists()
    assert Story.objects.published("en").filter(slug__in=slugs).count() == 25
    assert Story.objects.published("zh-hans").count() == 4


def test_load_demo_leaves_exactly_one_translation_out_of_date(media_root):
    run("load_demo")

    out_of_date = [
        story_language
        for story_language in StoryLanguage.objects.select_related("story")
        if story_language.is_out_of_date
    ]

    assert len(out_of_date) == 1
    story_language = out_of_date[0]
    story = story_language.story
    assert story_language.status == StoryLanguageStatus.PUBLISHED
    assert Story.objects.published("zh-hans").filter(pk=story.pk).exists()
    # The English was corrected after the Chinese was approved.
    assert "dropped 9% over the week" in story.body_en
    assert "dropped 12% over the week" in story_language.source_snapshot["body"]
    assert "下跌12%" in story.body_zh_hans
    assert story.revised_at is not None


def test_load_demo_leaves_one_translation_in_review(media_root):
    run("load_demo")

    story_language = StoryLanguage.objects.get(status=StoryLanguageStatus.IN_REVIEW)

    story = story_language.story
    assert story.title_zh_hans
    assert story_language.source_hash == story.en_source_hash
    assert Story.objects.published("en").filter(pk=story.pk).exists()
    assert not Story.objects.published("zh-hans").filter(pk=story.pk).exists()
    assert StoryLanguage.objects.count() == 5


def test_a_translated_demo_story_has_a_drawn_picture_in_both_languages(media_root):
    run("load_demo")

    hero_images = HeroImage.objects.filter(
        stories__languages__status=StoryLanguageStatus.PUBLISHED
    ).exclude(stories__slug=seed.SLUG)

    hero_image = hero_images.get()
    assert hero_image.alt_text_en.startswith("Illustration: ")
    assert hero_image.alt_text_zh_hans.startswith("插图：")
    assert hero_image.caption_en
    assert hero_image.caption_zh_hans
    assert (media_root / hero_image.renditions_as("jpg")[-1]["name"]).is_file()


def test_every_demo_category_and_source_has_a_chinese_name(media_root):
    run("load_demo")

    assert Category.objects.get(slug="world").name_zh_hans == "世界"
    for category in Category.objects.all():
        assert category.name_zh_hans, category.slug
        assert category.description_zh_hans, category.slug
    assert Source.objects.get(slug="reuters").name_zh_hans == "路透社"
    for source in Source.objects.all():
        assert source.name_zh_hans, source.slug
        assert "{source}" in source.attribution_template_zh_hans, source.slug


def test_load_demo_gives_the_seed_story_a_drawn_hero_image(media_root):
    run("load_demo")

    hero_image = Story.objects.get(slug=seed.SLUG).hero_image
    assert hero_image.alt_text == SEED_HERO_ALT_TEXT
    assert hero_image.credit
    assert hero_image.caption
    assert hero_image.licence == HeroImageLicence.OWN
    assert (hero_image.master_width, hero_image.master_height) == (1600, 900)
    assert [r["width"] for r in hero_image.renditions_as("jpg")] == [480, 960, 1600]
    stored = media_root / hero_image.renditions_as("jpg")[-1]["name"]
    assert stored.read_bytes()[:2] == b"\xff\xd8"  # a JPEG


def test_seed_story_page_shows_the_story_and_its_picture(client, media_root):
    run("load_demo")
    story = Story.objects.get(slug=seed.SLUG)

    response = client.get(story.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert "Trump’s Return and a Reshaping Alliance" in page
    assert SEED_HERO_ALT_TEXT in page
    assert "As reported by The New York Times" in page


def test_load_demo_covers_every_publication_state(media_root):
    run("load_demo")

    assert Story.objects.scheduled().count() == 2
    assert Story.objects.filter(status=StoryStatus.DRAFT).count() == 2
    withdrawn = Story.objects.get(status=StoryStatus.WITHDRAWN)
    assert withdrawn.withdrawal_reason == WithdrawalReason.SOURCE_REQUEST
    assert withdrawn.withdrawal_note
    assert withdrawn.first_published_at is not None
    assert Story.objects.ended().get() == withdrawn
    assert Story.objects.published("en").count() == 30
    assert Category.objects.count() == 6
    assert Source.objects.filter(kind=SourceKind.OWN_NEWSROOM).count() == 1
    assert HeroImage.objects.count() > 5


def test_every_demo_story_is_valid_and_public_ones_are_attributed(media_root):
    run("load_demo")

    for story in Story.objects.select_related("source", "category", "hero_image"):
        story.full_clean()
        if story.status == StoryStatus.PUBLISHED:
            assert story.publishing_errors() == {}, story.title
            assert story.attribution_line
    for source in Source.objects.all():
        source.full_clean()


def test_load_demo_twice_changes_nothing(media_root):
    run("load_demo")
    counts = table_counts()
    seed_story = Story.objects.get(slug=seed.SLUG)
    translations = list(
        StoryLanguage.objects.order_by("pk").values_list(
            "status", "source_hash", "updated_at"
        )
    )

    output = run("load_demo")

    assert table_counts() == counts
    assert Story.objects.get(slug=seed.SLUG).updated_at == seed_story.updated_at
    assert (
        list(
            StoryLanguage.objects.order_by("pk").values_list(
                "status", "source_hash", "updated_at"
            )
        )
        == translations
    )
    assert "0 stories created, 35 already there" in output


def test_generate_stories_creates_long_published_stories(media_root):
    output = run("generate_stories", "--count", "20", "--seed", "1")

    stories = Story.objects.filter(slug__startswith="bench-1-").select_related(
        "source", "category"
    )
    assert stories.count() == 20
    assert (
        Story.objects.published("en").filter(slug__startswith="bench-1-").count() == 20
    )
    for story in stories:
        assert 15_000 <= len(story.body_en) <= 25_000, story.slug
        assert story.title_zh_hans is None
        assert story.body.startswith("<p>")
        assert story.first_published_at == story.publish_at
        assert story.en_source_hash
        story.full_clean()
    assert "20 stories created for seed 1" in output


def test_generate_stories_twice_with_the_same_seed_creates_nothing_new(media_root):
    run("generate_stories", "--count", "20", "--seed", "1")
    first = list(Story.objects.order_by("slug").values_list("slug", "title", "body"))

    output = run("generate_stories", "--count", "20", "--seed", "1")

    assert Story.objects.count() == 20
    assert "nothing created" in output
    assert (
        list(Story.objects.order_by("slug").values_list("slug", "title", "body"))
        == first
    )


def test_generate_stories_repeats_the_same_text_for_the_same_seed(media_root):
    run("generate_stories", "--count", "20", "--seed", "1")
    first = list(Story.objects.order_by("slug").values_list("slug", "title", "body"))
    Story.objects.all().delete()

    run("generate_stories", "--count", "20", "--seed", "1")

    again = list(Story.objects.order_by("slug").values_list("slug", "title", "body"))
    assert again == first


def test_generate_stories_with_another_seed_adds_distinct_stories(media_root):
    run("generate_stories", "--count", "20", "--seed", "1")

    run("generate_stories", "--count", "20", "--seed", "2")

    assert Story.objects.count() == 40
    assert Story.objects.filter(slug__startswith="bench-2-").count() == 20


def test_generate_stories_extends_a_smaller_run(media_root):
    run("generate_stories", "--count", "10", "--seed", "3")

    output = run("generate_stories", "--count", "30", "--seed", "3")

    assert Story.objects.count() == 30
    assert "20 stories created for seed 3, 10 already there" in output


def test_generate_stories_files_in_the_given_category_with_pictures(media_root):
    run(
        "generate_stories",
        "--count", "12",
        "--seed", "4",
        "--category", "sport",
        "--hero-images", "2",
        "--batch-size", "5",
    )  # fmt: skip

    sport = Category.objects.get(slug="sport")
    assert sport.stories.count() == 12
    assert HeroImage.objects.count() == 2
    assert Story.objects.filter(hero_image__isnull=False).count() == 12
    for hero_image in HeroImage.objects.all():
        assert (media_root / hero_image.social["name"]).is_file()
        assert hero_image.credit


def test_generate_stories_refuses_a_count_below_one(media_root):
    with pytest.raises(CommandError):
        run("generate_stories", "--count", "0")
    assert Story.objects.count() == 0
