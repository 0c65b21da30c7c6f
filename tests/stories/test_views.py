from datetime import datetime, timedelta

import pytest
from django.core.paginator import EmptyPage
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import HeroImageLicence, Story, StoryCredit
from articles.services.credits import story_credits_replace
from articles.views.stories import NewerOlderPaginator, story_page_stories
from tests.factories import (
    CategoryFactory,
    HeroImageFactory,
    SourceFactory,
    StoryFactory,
    restrict_story,
)

pytestmark = pytest.mark.django_db

DISCLAIMER = (
    "This content is aggregated from public sources online. Please verify "
    "information independently. If you believe your rights have been infringed, "
)


@pytest.fixture
def seed_like_story():
    return StoryFactory(
        published=True,
        title_en="High Stakes in The Hague: NATO Navigates Trump’s Return",
        slug="high-stakes-in-the-hague",
        summary_en="NATO leaders meet in The Hague.",
        body_en="<p>As global leaders converge in The Hague today.</p>",
        byline="Jane Doe",
        source=SourceFactory(name_en="The New York Times"),
        original_url="https://www.nytimes.com/2025/06/24/world/nato-summit.html",
        original_published_at=datetime(2025, 6, 24, 6, 0, tzinfo=timezone.UTC),
        hero_image=HeroImageFactory(
            alt_text_en="The Gaustatoppen transmitter tower against a blue sky.",
            caption_en="The tower on Gaustatoppen.",
            credit="Jane Roe / Example Agency",
        ),
    )


def test_story_page_shows_every_part_of_the_seed_page(client, seed_like_story):
    response = client.get("/story/high-stakes-in-the-hague/")

    assert response.status_code == 200
    html = response.content.decode()
    # The headline once as the page heading (the scrape repeated it three times).
    assert html.count("<h1") == 1
    assertContains(response, "High Stakes in The Hague: NATO Navigates Trump’s Return")
    assertContains(
        response, 'alt="The Gaustatoppen transmitter tower against a blue sky."'
    )
    assertContains(response, "The tower on Gaustatoppen.")
    assertContains(response, "Photo: Jane Roe / Example Agency")
    assertContains(response, "NATO leaders meet in The Hague.")
    assertContains(response, "<p>As global leaders converge in The Hague today.</p>")
    assertContains(
        response,
        'As reported by <a href="https://www.nytimes.com/2025/06/24/world/'
        'nato-summit.html" rel="noopener" class="attribution-source">'
        "The New York Times</a>",
        html=False,
    )
    assertContains(response, "By Jane Doe")
    assertContains(response, "Published <time datetime=")
    assertContains(response, DISCLAIMER)
    assertContains(
        response, '<a href="/takedown/?story=high-stakes-in-the-hague">contact us for'
    )


def test_story_page_escapes_text_fields(client):
    StoryFactory(published=True, slug="x", title_en="<script>alert(1)</script>")

    response = client.get("/story/x/")

    assertNotContains(response, "<script>alert(1)</script>")
    assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")


def test_revised_story_shows_the_update_time(client):
    story = StoryFactory(published=True)
    story.body = "<p>Corrected.</p>"
    story.save()

    response = client.get(story.get_absolute_url())

    assertContains(response, "Updated <time datetime=")


def test_story_pages_share_one_kept_queryset_and_read_their_own_story(client):
    StoryFactory(published=True, slug="harbour", title_en="Harbour shut")
    StoryFactory(published=True, slug="bridge", title_en="Bridge opens")

    first = client.get("/story/harbour/")
    second = client.get("/story/bridge/")

    assertContains(first, "Harbour shut")
    assertContains(second, "Bridge opens")
    assertNotContains(second, "Harbour shut")
    # The queryset kept for the language is a recipe, never evaluated.
    assert story_page_stories("en")._result_cache is None


@pytest.mark.parametrize("state", [{}, {"scheduled": True}])
def test_draft_and_scheduled_stories_answer_404(client, state):
    story = StoryFactory(**state)

    response = client.get(story.get_absolute_url())

    assert response.status_code == 404
    assertContains(response, "Page not found", status_code=404)


def test_unknown_story_answers_404(client):
    assert client.get("/story/no-such-story/").status_code == 404


def test_withdrawn_story_answers_410_with_its_note(client):
    story = StoryFactory(withdrawn=True, title_en="A story with wrong figures")

    response = client.get(story.get_absolute_url())

    assertContains(response, "A story with wrong figures", status_code=410)
    assertContains(response, "Withdrawn: the figures were wrong.", status_code=410)
    assertContains(response, '<meta name="robots" content="noindex">', status_code=410)
    assertNotContains(response, "The first paragraph.", status_code=410)


def test_expired_story_answers_410(client):
    now = timezone.now()
    story = StoryFactory(
        published=True,
        publish_at=now - timedelta(days=2),
        unpublish_at=now - timedelta(days=1),
    )

    assert client.get(story.get_absolute_url()).status_code == 410


def test_editor_previews_a_draft_with_the_public_template(editor_client):
    story = StoryFactory(title_en="Draft headline")

    response = editor_client.get(story.get_absolute_url())

    assertContains(response, "Preview: readers cannot see this story yet.")
    assertContains(response, "Draft headline")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_scheduled_publishing_needs_no_job(client, time_machine):
    time_machine.move_to(datetime(2026, 11, 25, 8, 0, tzinfo=timezone.UTC))
    story = StoryFactory(
        status="published",
        publish_at=datetime(2026, 11, 25, 9, 0, tzinfo=timezone.UTC),
        title_en="Embargoed until nine",
    )
    assert client.get(story.get_absolute_url()).status_code == 404
    assertNotContains(client.get("/"), "Embargoed until nine")

    time_machine.move_to(datetime(2026, 11, 25, 9, 0, 1, tzinfo=timezone.UTC))

    assert client.get(story.get_absolute_url()).status_code == 200
    assertContains(client.get("/"), "Embargoed until nine")


def test_home_lists_only_public_stories_newest_first(client):
    now = timezone.now()
    StoryFactory(published=True, title_en="Older", publish_at=now - timedelta(hours=2))
    StoryFactory(published=True, title_en="Newer", publish_at=now - timedelta(hours=1))
    StoryFactory(title_en="A draft")
    StoryFactory(scheduled=True, title_en="Scheduled")
    StoryFactory(withdrawn=True, title_en="Withdrawn")

    response = client.get("/")

    html = response.content.decode()
    assert html.index("Newer") < html.index("Older")
    for hidden in ("A draft", "Scheduled", "Withdrawn"):
        assertNotContains(response, hidden)


def test_home_with_no_stories_says_so(client):
    assertContains(client.get("/"), "No stories have been published here yet.")


def test_home_is_paginated(client):
    now = timezone.now()
    for number in range(25):
        StoryFactory(
            published=True,
            title_en=f"Numbered story {number:02}",
            publish_at=now - timedelta(minutes=number + 1),
        )

    first = client.get("/")
    second = client.get("/?page=2")

    assertContains(first, "Numbered story 00")
    assertNotContains(first, "Numbered story 24")
    assertContains(first, '<span class="pagination__current">Page 1</span>', html=True)
    assertContains(first, '<a rel="next" href="?page=2">Older stories</a>', html=True)
    assertNotContains(first, 'rel="prev"')
    assertContains(second, "Numbered story 24")
    assertContains(second, '<a rel="prev" href="?page=1">Newer stories</a>', html=True)
    assertNotContains(second, 'rel="next"')
    assertContains(client.get("/?page=last"), "Numbered story 24")
    assert client.get("/?page=3").status_code == 404
    assert client.get("/?page=0").status_code == 404
    assert client.get("/?page=abc").status_code == 404


def test_a_list_that_fills_its_last_page_exactly_links_no_older_page(client):
    StoryFactory.create_batch(40, published=True)

    second = client.get("/?page=2")

    assert len(second.context_data["stories"]) == 20
    assertNotContains(second, 'rel="next"')
    assert client.get("/?page=3").status_code == 404


def test_lists_stop_at_their_last_browsable_page():
    StoryFactory.create_batch(3, published=True)
    paginator = NewerOlderPaginator(
        Story.objects.published("en").latest_first(), per_page=1
    )
    paginator.max_pages = 2

    last = paginator.page(2)

    # "?page=last" counts up to the cap only.
    assert paginator.num_pages == 2
    assert last.has_older
    assert not last.has_next()
    with pytest.raises(EmptyPage):
        paginator.page(3)


def test_chinese_pages_are_numbered_in_chinese(client):
    for _ in range(21):
        StoryFactory(published=True, translated=True)

    response = client.get("/zh-hans/")

    assertContains(response, "第 1 页")
    assertContains(response, "较早的报道")


def test_category_page_lists_its_stories(client):
    world = CategoryFactory(
        name_en="World", slug="world", description="Beyond borders."
    )
    StoryFactory(published=True, category=world, title_en="In the world")
    StoryFactory(published=True, title_en="Elsewhere")

    response = client.get("/category/world/")

    assertContains(response, '<h1 class="page-title">World</h1>', html=True)
    assertContains(response, "Beyond borders.")
    assertContains(response, "In the world")
    assertNotContains(response, "Elsewhere")
    assertContains(response, 'aria-current="page"', count=1)
    # Only its own page marks a category as the current one.
    story = StoryFactory(published=True, category=world)
    for path in ("/", story.get_absolute_url()):
        assertNotContains(client.get(path), 'aria-current="page"')


def test_unknown_category_answers_404(client):
    assert client.get("/category/nowhere/").status_code == 404


@pytest.mark.parametrize("count", [5, 50])
def test_home_query_budget_does_not_grow_with_stories(
    client, django_assert_num_queries, count
):
    categories = CategoryFactory.create_batch(3)
    sources = SourceFactory.create_batch(3)
    image = HeroImageFactory()
    for number in range(count):
        StoryFactory(
            published=True,
            category=categories[number % 3],
            source=sources[number % 3],
            hero_image=image if number % 2 else None,
        )

    # Navigation, and the page of stories with their relations: no count.
    with django_assert_num_queries(2):
        response = client.get("/")

    assert len(response.context_data["stories"]) == min(count, 20)


@pytest.mark.parametrize("count", [5, 50])
def test_category_query_budget_does_not_grow_with_stories(
    client, django_assert_num_queries, count
):
    category = CategoryFactory(slug="world")
    StoryFactory.create_batch(
        count, published=True, category=category, hero_image=HeroImageFactory()
    )

    with django_assert_num_queries(2):
        response = client.get("/category/world/")

    assert len(response.context_data["stories"]) == min(count, 20)


@pytest.mark.parametrize("count", [5, 50])
def test_story_query_budget(client, django_assert_num_queries, count):
    CategoryFactory.create_batch(count)
    story = StoryFactory(published=True, hero_image=HeroImageFactory())

    # The story with its relations and the navigation: a story that credits
    # no other outlet skips reading its credits.
    with django_assert_num_queries(2):
        response = client.get(story.get_absolute_url())

    assert response.status_code == 200


@pytest.mark.parametrize("translated", [True, False])
@pytest.mark.parametrize("path_prefix", ["", "/zh-hans"])
def test_story_query_budget_with_every_part_shown(
    client, django_assert_num_queries, path_prefix, translated
):
    story = StoryFactory(
        published=True,
        translated=translated,
        byline_zh_hans="李明",
        hero_image=HeroImageFactory(
            caption_zh_hans="高斯塔山，挪威。",
            credit_zh_hans="简·多伊 / 示例通讯社",
            licence=HeroImageLicence.CC_BY,
            licence_url="https://creativecommons.org/licenses/by/4.0/",
        ),
        original_published_at=timezone.now() - timedelta(days=1),
    )
    story_credits_replace(
        story=story,
        credits=[
            StoryCredit(
                story=story,
                source=SourceFactory(name_en=f"Outlet {number}"),
                url=f"https://outlet{number}.example/story",
            )
            for number in (1, 2)
        ],
    )

    # The story, its credits with their sources (whatever their names fall
    # back to), the navigation; the page reads no column its query left out
    # (English text on an untranslated Chinese page included).
    with django_assert_num_queries(3):
        response = client.get(path_prefix + story.get_absolute_url())

    assertContains(response, "https://outlet2.example/story")
    assertContains(response, "Outlet 1")
    assertContains(response, "creativecommons.org/licenses/by/4.0/")


@pytest.mark.parametrize("path_prefix", ["", "/zh-hans"])
def test_withdrawn_story_query_budget(client, django_assert_num_queries, path_prefix):
    story = StoryFactory(withdrawn=True, translated=True)

    # The story and the navigation.
    with django_assert_num_queries(2):
        response = client.get(path_prefix + story.get_absolute_url())

    assertContains(response, "Withdrawn: the figures were wrong.", status_code=410)


@pytest.mark.parametrize("path_prefix", ["", "/zh-hans"])
def test_restricted_story_query_budget(client, django_assert_num_queries, path_prefix):
    story = StoryFactory(published=True, translated=True)
    restriction = restrict_story(story)

    # The story, the restriction for the notice, the navigation: the notice
    # reads no column the story's query left out.
    with django_assert_num_queries(3):
        response = client.get(path_prefix + story.get_absolute_url())

    assertContains(response, restriction.reference, status_code=451)


def test_public_pages_do_not_touch_the_session(client):
    story = StoryFactory(published=True)

    for url in ("/", story.get_absolute_url(), story.category.get_absolute_url()):
        response = client.get(url)
        assert "Cookie" not in response.get("Vary", ""), url
        assert not response.cookies, url


def test_removal_page_names_the_story_and_the_rights_desk(client, settings):
    settings.TAKEDOWN_AGENT_NAME = "Rights Desk, World Brief"
    settings.TAKEDOWN_AGENT_EMAIL = "rights@worldbrief.example"
    StoryFactory(published=True, slug="the-story", title_en="The story in question")

    response = client.get(reverse("takedowns:takedown") + "?story=the-story")

    assertContains(response, "The story in question")
    assertContains(response, "Rights Desk, World Brief")
    assertContains(response, "mailto:rights@worldbrief.example")


def test_removal_page_without_a_story(client):
    response = client.get("/takedown/?story=unknown")

    assert response.status_code == 200
    assertNotContains(response, "You are asking about")
