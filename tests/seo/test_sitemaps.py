"""Sitemaps and robots.txt, read as XML and text the way crawlers read them."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from tests.factories import (
    CategoryFactory,
    HeroImageFactory,
    StoryFactory,
    StoryLanguageFactory,
)
from tests.seo.xml import parse_xml

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML_LINK = "{http://www.w3.org/1999/xhtml}link"
IMAGE = "{http://www.google.com/schemas/sitemap-image/1.1}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://news.example"
    return settings.SITE_URL


def urlset(response) -> dict:
    """Return the sitemap's <url> elements by their <loc>."""
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    root = parse_xml(response.content)
    assert root.tag == f"{SITEMAP}urlset"
    urls = {}
    for url in root.findall(f"{SITEMAP}url"):
        location = url.findtext(f"{SITEMAP}loc")
        assert location not in urls, f"{location} listed twice"
        urls[location] = url
    return urls


def alternates(url) -> dict:
    return {link.get("hreflang"): link.get("href") for link in url.findall(XHTML_LINK)}


def test_index_lists_every_sitemap_under_site_url(client):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    root = parse_xml(response.content)
    assert root.tag == f"{SITEMAP}sitemapindex"
    sitemaps = root.findall(f"{SITEMAP}sitemap")
    assert [sitemap.findtext(f"{SITEMAP}loc") for sitemap in sitemaps] == [
        "https://news.example/sitemap-stories.xml",
        "https://news.example/sitemap-categories.xml",
        "https://news.example/sitemap-news.xml",
    ]


def test_sitemaps_use_site_url_whatever_the_host(client, settings):
    settings.ALLOWED_HOSTS = ["internal.example"]
    StoryFactory(published=True, slug="summit")

    response = client.get("/sitemap-stories.xml", HTTP_HOST="internal.example")

    assert list(urlset(response)) == ["https://news.example/story/summit/"]


def test_story_in_both_languages_has_alternates_for_both_and_x_default(client):
    StoryFactory(
        published=True,
        translated=True,
        slug="summit",
        publish_at=datetime(2026, 11, 24, 20, 30, tzinfo=timezone.UTC),
    )

    urls = urlset(client.get("/sitemap-stories.xml"))

    expected = {
        "en": "https://news.example/story/summit/",
        "zh-hans": "https://news.example/zh-hans/story/summit/",
        "x-default": "https://news.example/story/summit/",
    }
    assert set(urls) == {expected["en"], expected["zh-hans"]}
    for url in urls.values():
        assert alternates(url) == expected
        assert url.findtext(f"{SITEMAP}lastmod") == "2026-11-24T20:30:00+00:00"


def test_unpublished_translation_is_neither_listed_nor_an_alternate(
    client, hidden_stories
):
    urls = urlset(client.get("/sitemap-stories.xml"))

    english_only = {
        "en": "https://news.example/story/english-only/",
        "x-default": "https://news.example/story/english-only/",
    }
    in_review = {
        "en": "https://news.example/story/in-review/",
        "x-default": "https://news.example/story/in-review/",
    }
    assert set(urls) == {english_only["en"], in_review["en"]}
    assert alternates(urls[english_only["en"]]) == english_only
    assert alternates(urls[in_review["en"]]) == in_review


@pytest.mark.parametrize("path", ["/sitemap-stories.xml", "/sitemap-news.xml"])
def test_sitemaps_never_list_stories_readers_cannot_see(client, hidden_stories, path):
    content = client.get(path).content.decode()

    for slug in ("draft", "later", "gone"):
        assert f"/story/{slug}/" not in content
    assert "/zh-hans/story/" not in content


@pytest.mark.parametrize("path", ["/sitemap-stories.xml", "/sitemap-news.xml"])
def test_noindex_stories_are_left_out_of_the_sitemaps(client, path):
    StoryFactory(published=True, translated=True, slug="kept")
    StoryFactory(published=True, translated=True, slug="copy", is_noindex=True)

    urls = urlset(client.get(path))

    assert set(urls) == {
        "https://news.example/story/kept/",
        "https://news.example/zh-hans/story/kept/",
    }


def test_story_pictures_are_image_entries(client):
    hero_image = HeroImageFactory()
    StoryFactory(published=True, slug="pictured", hero_image=hero_image)
    StoryFactory(published=True, slug="plain")

    urls = urlset(client.get("/sitemap-stories.xml"))

    (image,) = urls["https://news.example/story/pictured/"].findall(f"{IMAGE}image")
    largest = hero_image.renditions_as("jpg")[-1]
    assert image.findtext(f"{IMAGE}loc") == (
        f"https://news.example/media/{largest['name']}"
    )
    assert urls["https://news.example/story/plain/"].findall(f"{IMAGE}image") == []


def test_category_sitemap_lists_every_category_in_both_languages(client):
    CategoryFactory(slug="world")

    urls = urlset(client.get("/sitemap-categories.xml"))

    assert set(urls) == {
        "https://news.example/category/world/",
        "https://news.example/zh-hans/category/world/",
    }
    assert alternates(urls["https://news.example/category/world/"]) == {
        "en": "https://news.example/category/world/",
        "zh-hans": "https://news.example/zh-hans/category/world/",
        "x-default": "https://news.example/category/world/",
    }


def test_news_sitemap_describes_each_language_version(client):
    StoryFactory(
        published=True,
        translated=True,
        slug="summit",
        title_en="Leaders & allies meet",
    )

    urls = urlset(client.get("/sitemap-news.xml"))

    english = urls["https://news.example/story/summit/"].find(f"{NEWS}news")
    chinese = urls["https://news.example/zh-hans/story/summit/"].find(f"{NEWS}news")
    assert english.findtext(f"{NEWS}publication/{NEWS}name") == "World Brief"
    assert english.findtext(f"{NEWS}publication/{NEWS}language") == "en"
    assert chinese.findtext(f"{NEWS}publication/{NEWS}language") == "zh-cn"
    assert english.findtext(f"{NEWS}title") == "Leaders & allies meet"
    assert chinese.findtext(f"{NEWS}title").startswith("中文标题")
    published = datetime.fromisoformat(english.findtext(f"{NEWS}publication_date"))
    assert published.tzinfo is not None
    assert timezone.now() - published < timedelta(hours=2)


def test_news_sitemap_holds_only_the_last_48_hours(client):
    now = timezone.now()
    StoryFactory(published=True, slug="fresh", publish_at=now - timedelta(hours=47))
    StoryFactory(published=True, slug="stale", publish_at=now - timedelta(hours=49))

    urls = urlset(client.get("/sitemap-news.xml"))

    assert set(urls) == {"https://news.example/story/fresh/"}


def test_news_sitemap_pages_hold_at_most_1000_articles(client, monkeypatch):
    monkeypatch.setattr("articles.sitemaps.NewsSitemap.limit", 2)
    StoryFactory.create_batch(3, published=True)

    first = urlset(client.get("/sitemap-news.xml"))
    second = urlset(client.get("/sitemap-news.xml?p=2"))
    index = client.get("/sitemap.xml").content.decode()

    assert len(first) == 2
    assert len(second) == 1
    assert "https://news.example/sitemap-news.xml?p=2" in index


def test_robots_txt_points_at_the_sitemaps_and_keeps_crawlers_out(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    for path in ("/admin/", "/zh-hans/admin/", "/search/", "/zh-hans/search/"):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: https://news.example/sitemap.xml" in lines
    assert "Sitemap: https://news.example/sitemap-news.xml" in lines


@pytest.mark.parametrize(
    "path",
    [
        "/robots.txt",
        "/sitemap.xml",
        "/sitemap-stories.xml",
        "/sitemap-categories.xml",
        "/sitemap-news.xml",
    ],
)
def test_sitemaps_are_page_cached_with_the_list_policy(
    client, django_assert_num_queries, path
):
    StoryFactory(published=True, translated=True)
    client.get(path)

    with django_assert_num_queries(0):
        response = client.get(path)

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=60"


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        ("/sitemap-stories.xml", 1),
        ("/sitemap-news.xml", 1),
        ("/sitemap-categories.xml", 1),
        # One per sitemap, to count its pages.
        ("/sitemap.xml", 3),
    ],
)
@pytest.mark.parametrize("count", [5, 50])
def test_sitemap_queries_do_not_grow_with_the_stories(
    client, django_assert_num_queries, path, queries, count
):
    hero_image = HeroImageFactory()
    stories = StoryFactory.create_batch(count, published=True, hero_image=hero_image)
    for story in stories[::2]:
        StoryLanguageFactory(story=story, published=True)
    CategoryFactory.create_batch(3)
    client.cookies["sessionid"] = "bypasses-the-page-cache"

    with django_assert_num_queries(queries):
        response = client.get(path)

    assert response.status_code == 200
    if path != "/sitemap.xml" and "categories" not in path:
        assert response.content.count(b"<loc>https://news.example/zh-hans/") == len(
            stories[::2]
        )
