from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Story
from articles.seo import page_languages
from articles.views.stories import SearchView
from takedowns.services import (
    takedown_request_accept,
    takedown_request_acknowledge,
)
from tests.factories import (
    CategoryFactory,
    HeroImageFactory,
    StoryFactory,
    StoryLanguageFactory,
    TakedownRequestFactory,
)
from tests.search.helpers import chinese_story, indexed, search_titles

pytestmark = pytest.mark.django_db


def test_english_query_matches_other_word_forms(client):
    indexed(StoryFactory(published=True, title_en="Leaders gather for the summits"))
    indexed(StoryFactory(published=True, title_en="Rain in the north"))

    assert search_titles(client, "/search/?q=summit") == [
        "Leaders gather for the summits"
    ]
    assert search_titles(client, "/search/?q=SUMMITS") == [
        "Leaders gather for the summits"
    ]


@pytest.mark.parametrize("query", ["北约", "峰会"])
def test_chinese_two_character_query_finds_chinese_stories(client, query):
    story = chinese_story(title_en="Allies meet", title_zh_hans="北约峰会在海牙开幕")
    chinese_story(title_zh_hans="股市收盘上涨")

    response = client.get(f"/zh-hans/search/?q={query}")

    assert [s.pk for s in response.context_data["stories"]] == [story.pk]
    assertContains(response, f"<mark>{query}</mark>")
    assertContains(response, f'href="/zh-hans/story/{story.slug}/"')


def test_chinese_text_is_not_found_from_the_english_page(client):
    chinese_story(title_zh_hans="北约峰会")

    assert search_titles(client, "/search/?q=北约") == []


def test_headline_match_ranks_above_body_only_match(client):
    body_only = indexed(
        StoryFactory(
            published=True,
            title_en="Ministers talk",
            body_en="<p>They discussed the summit at length.</p>",
            publish_at=timezone.now() - timedelta(minutes=5),
        )
    )
    headline = indexed(
        StoryFactory(
            published=True,
            title_en="A summit in Oslo",
            publish_at=timezone.now() - timedelta(days=3),
        )
    )

    response = client.get("/search/?q=summit")

    assert [s.pk for s in response.context_data["stories"]] == [
        headline.pk,
        body_only.pk,
    ]


def test_equal_matches_come_newest_first(client):
    older = indexed(
        StoryFactory(
            published=True,
            title_en="Summit one",
            publish_at=timezone.now() - timedelta(days=2),
        )
    )
    newer = indexed(
        StoryFactory(
            published=True,
            title_en="Summit two",
            publish_at=timezone.now() - timedelta(days=1),
        )
    )

    response = client.get("/search/?q=summit")

    assert [s.pk for s in response.context_data["stories"]] == [newer.pk, older.pk]


@pytest.mark.parametrize(
    "state",
    [
        {},  # a draft
        {"scheduled": True},
        {"withdrawn": True},
        {
            "published": True,
            "unpublish_at": timezone.now() - timedelta(minutes=1),
            "publish_at": timezone.now() - timedelta(days=1),
        },
    ],
    ids=["draft", "scheduled", "withdrawn", "expired"],
)
def test_stories_readers_cannot_see_are_never_found(client, state):
    indexed(StoryFactory(title_en="Secret summit", translated=True, **state))

    for path in ("/search/?q=summit", "/zh-hans/search/?q=中文标题"):
        response = client.get(path)
        assert list(response.context_data["stories"]) == [], path


def test_untranslated_story_is_not_found_in_chinese(client):
    draft = indexed(StoryFactory(published=True, title_zh_hans="北约草稿"))
    StoryLanguageFactory(story=draft, status="in-review")
    indexed(StoryFactory(published=True, title_zh_hans="北约未发布"))

    response = client.get("/zh-hans/search/?q=北约")

    assert list(response.context_data["stories"]) == []
    assertNotContains(response, "北约草稿")
    # The English version is public, and found in English.
    assert len(search_titles(client, "/search/?q=story")) == 2


def test_category_filter(client):
    world = CategoryFactory(slug="world")
    sport = CategoryFactory(slug="sport")
    indexed(StoryFactory(published=True, title_en="World summit", category=world))
    indexed(StoryFactory(published=True, title_en="Sport summit", category=sport))

    assert search_titles(client, "/search/?q=summit&category=sport") == ["Sport summit"]
    assert len(search_titles(client, "/search/?q=summit&category=")) == 2


def test_date_filters_include_both_days(client):
    for day in (1, 2, 3, 4):
        indexed(
            StoryFactory(
                published=True,
                title_en=f"Summit day {day}",
                publish_at=datetime(2026, 11, day, 12, tzinfo=timezone.UTC),
            )
        )

    titles = search_titles(client, "/search/?q=summit&from=2026-11-02&to=2026-11-03")
    assert titles == ["Summit day 3", "Summit day 2"]
    assert search_titles(client, "/search/?q=summit&from=2026-11-04") == [
        "Summit day 4"
    ]
    assert search_titles(client, "/search/?q=summit&to=2026-11-01") == ["Summit day 1"]


def test_reversed_dates_are_refused_with_a_message(client):
    indexed(StoryFactory(published=True, title_en="Summit"))

    response = client.get("/search/?q=summit&from=2026-11-05&to=2026-11-01")

    assertContains(response, "must not be after")
    assert list(response.context_data["stories"]) == []


def summit_stories(count: int) -> None:
    """Index `count` stories titled "Summit 0", "Summit 1"…, newest first."""
    for number in range(count):
        indexed(
            StoryFactory(
                published=True,
                title_en=f"Summit {number}",
                publish_at=timezone.now() - timedelta(hours=number + 1),
            )
        )


def test_results_are_paginated_twenty_a_page(client):
    summit_stories(25)

    first = client.get("/search/?q=summit&category=")
    second = client.get("/search/?q=summit&category=&page=2")

    assert len(first.context_data["stories"]) == 20
    assertContains(first, "25 stories match")
    assertContains(first, 'href="?q=summit&amp;category=&amp;page=2"')
    assert [s.title for s in second.context_data["stories"]] == [
        f"Summit {number}" for number in range(20, 25)
    ]
    assert client.get("/search/?q=summit&page=3").status_code == 404


def test_past_the_cap_the_count_says_more_and_the_pages_end(client, monkeypatch):
    # Three pages' worth at most; one story more matches.
    monkeypatch.setattr(SearchView, "result_cap", 60)
    summit_stories(61)

    first = client.get("/search/?q=summit")

    assertContains(first, "More than 60 stories match")
    assertContains(first, "Page 1 of 3")
    assert client.get("/search/?q=summit&page=3").status_code == 200
    assert client.get("/search/?q=summit&page=4").status_code == 404


def test_matches_are_highlighted_and_everything_else_escaped(client):
    indexed(
        StoryFactory(
            published=True,
            title_en="<script>alert('summit')</script> Summits & talks",
            summary_en="Nothing to see.",
            body_en="<p>Far away, the summit opened with <b>speeches</b>.</p>",
        )
    )

    response = client.get("/search/?q=summit")

    content = response.content.decode()
    assert "<script>alert" not in content
    assertContains(
        response,
        "&lt;script&gt;alert(&#x27;<mark>summit</mark>&#x27;)&lt;/script&gt; "
        "<mark>Summits</mark> &amp; talks",
    )
    assertContains(response, "Far away, the <mark>summit</mark> opened with speeches.")


def test_empty_query_asks_for_words(client):
    indexed(StoryFactory(published=True))

    for path in ("/search/", "/search/?q=", "/search/?q=+%21%2C"):
        response = client.get(path)
        assertContains(response, "Type a word or two")
        assert list(response.context_data["stories"]) == []


def test_no_results_says_so(client):
    indexed(StoryFactory(published=True, title_en="Summit"))

    response = client.get("/search/?q=volcano")

    assertContains(response, "No stories match “volcano”.")


@pytest.mark.parametrize("path", ["/search/?q=summit", "/zh-hans/search/?q=中文"])
def test_search_page_is_noindex_and_not_cached(client, path):
    StoryFactory(published=True, translated=True, title_en="Summit")

    response = client.get(path)

    assertContains(response, '<meta name="robots" content="noindex">')
    assertNotContains(response, 'rel="alternate" hreflang')
    assert set(response["Cache-Control"].split(", ")) == {"private", "max-age=0"}
    assert list(response.context_data["stories"]) == []
    indexed(Story.objects.get())
    # A page-cached search would still show no result.
    assert len(client.get(path).context_data["stories"]) == 1


def test_header_has_a_labelled_search_box(client):
    response = client.get("/zh-hans/")

    assertContains(
        response,
        '<form class="site-search" role="search" method="get" '
        'action="/zh-hans/search/">',
    )
    assertContains(response, 'for="site-search-query"')
    assertContains(response, 'id="site-search-query"')


@pytest.mark.parametrize("count", [5, 50])
def test_search_query_budget(client, django_assert_num_queries, count):
    for _ in range(count):
        indexed(
            StoryFactory(published=True, translated=True, hero_image=HeroImageFactory())
        )

    # Categories, the ranked ids (which give the count), the page's stories.
    with django_assert_num_queries(3):
        response = client.get("/zh-hans/search/?q=中文")

    assert len(response.context_data["stories"]) == min(count, 20)
    category = Story.objects.first().category.slug
    # The categories were read by the first page: until a purge, no more.
    with django_assert_num_queries(2):
        response = client.get(f"/search/?q=story&category={category}&from=2026-01-01")
    assert len(response.context_data["stories"]) == 1


def test_restricted_story_is_never_found(client):
    story = indexed(StoryFactory(published=True, title_en="Summit photo story"))
    assert search_titles(client, "/search/?q=summit") == ["Summit photo story"]
    takedown_request = takedown_request_acknowledge(
        takedown_request=TakedownRequestFactory(stories=[story]), by=None
    )

    takedown_request_accept(takedown_request=takedown_request, by=None)

    assert search_titles(client, "/search/?q=summit") == []


@pytest.mark.parametrize(
    ("path", "switch"),
    [
        ("/search/?q=summit", "/zh-hans/search/?q=summit"),
        ("/zh-hans/search/?q=北约", "/search/?q=%E5%8C%97%E7%BA%A6"),
    ],
)
def test_switching_language_keeps_the_search(client, path, switch):
    response = client.get(path)

    assertContains(response, f'<a class="language-switch" href="{switch}"')
    # Only the switch carries the query: the canonical URL names the page.
    request = response.wsgi_request
    languages = page_languages(request.path, query=request.GET.urlencode())
    assert "?" not in languages.canonical_url


def test_a_story_about_the_summit_outranks_a_passing_mention(client):
    # The summit is in the summary, as an editor writes it, and throughout a
    # long body; the other story mentions it once in a short body.
    about = " ".join(["Delegations arrived and talks went on into the night."] * 30)
    indexed(
        StoryFactory(
            published=True,
            title_en="Leaders meet in The Hague",
            summary_en="The two-day summit opens with a deal on defence spending.",
            body_en=f"<p>{about}</p><p>The summit ends on Thursday.</p>",
            publish_at=timezone.now() - timedelta(days=1),
        )
    )
    indexed(
        StoryFactory(
            published=True,
            title_en="Markets steady",
            summary_en="Shares were flat.",
            body_en="<p>Traders waited for the summit.</p>",
        )
    )

    assert search_titles(client, "/search/?q=summit") == [
        "Leaders meet in The Hague",
        "Markets steady",
    ]


def test_a_chinese_story_about_the_summit_outranks_a_passing_mention(client):
    about = "代表团陆续抵达，会谈持续到深夜。" * 30
    chinese_story(
        title_zh_hans="各国领导人在海牙会晤",
        summary_zh_hans="为期两天的峰会开幕，各方就国防开支达成协议。",
        body_zh_hans=f"<p>{about}</p><p>峰会周四闭幕。</p>",
        publish_at=timezone.now() - timedelta(days=1),
    )
    chinese_story(
        title_zh_hans="股市平稳",
        summary_zh_hans="股价持平。",
        body_zh_hans="<p>交易员等待峰会结果。</p>",
    )

    assert search_titles(client, "/zh-hans/search/?q=峰会") == [
        "各国领导人在海牙会晤",
        "股市平稳",
    ]
