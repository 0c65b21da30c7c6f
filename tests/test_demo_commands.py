from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.demo import seed
from articles.models import (
    Category,
    HeroImage,
    HeroImageLicence,
    Source,
    SourceKind,
    SourceUsageTerms,
    Story,
    StoryStatus,
    WithdrawalReason,
)

pytestmark = pytest.mark.django_db

SEED_HERO_ALT_TEXT = (
    "A breathtaking view of the Gaustatoppen transmitter tower against a blue sky, "
    "ideal for travel and nature enthusiasts."
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
        "categories": Category.objects.count(),
        "sources": Source.objects.count(),
        "hero images": HeroImage.objects.count(),
    }


def test_load_demo_publishes_the_seed_story_faithfully(media_root):
    output = run("load_demo")

    story = Story.objects.published().get(slug=seed.SLUG)
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
    assert "31 stories created" in output


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
    assert Story.objects.published().count() == 26
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

    output = run("load_demo")

    assert table_counts() == counts
    assert Story.objects.get(slug=seed.SLUG).updated_at == seed_story.updated_at
    assert "0 stories created, 31 already there" in output


def test_generate_stories_creates_long_published_stories(media_root):
    output = run("generate_stories", "--count", "20", "--seed", "1")

    stories = Story.objects.filter(slug__startswith="bench-1-").select_related(
        "source", "category"
    )
    assert stories.count() == 20
    assert Story.objects.published().filter(slug__startswith="bench-1-").count() == 20
    for story in stories:
        assert 15_000 <= len(story.body) <= 25_000, story.slug
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
