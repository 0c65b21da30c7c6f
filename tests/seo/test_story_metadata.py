"""What a story page tells search engines and social sites: JSON-LD, Open Graph,
Twitter cards and robots."""

import json
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import CategoryFactory, HeroImageFactory, StoryFactory

pytestmark = pytest.mark.django_db


class HeadReader(HTMLParser):
    """Collect a page's JSON-LD blocks and its <meta> tags, as a crawler does."""

    def __init__(self):
        super().__init__()
        self.json_ld = []
        self.meta = {}
        self.in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self.in_json_ld = True
            self.json_ld.append("")
        if tag == "meta" and "content" in attrs:
            key = attrs.get("property") or attrs.get("name")
            self.meta.setdefault(key, []).append(attrs["content"])

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_json_ld = False

    def handle_data(self, data):
        if self.in_json_ld:
            self.json_ld[-1] += data


def read_head(response) -> HeadReader:
    reader = HeadReader()
    reader.feed(response.content.decode())
    return reader


def news_article(response) -> dict:
    (block,) = read_head(response).json_ld
    return json.loads(block)


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://news.example"
    return settings.SITE_URL


@pytest.fixture
def summit(site_url):
    return StoryFactory(
        published=True,
        translated=True,
        slug="summit",
        title_en="Leaders meet in The Hague",
        summary_en="Money and trust in question.",
        byline="Jane Doe and John Roe",
        publish_at=datetime(2026, 11, 24, 20, 30, tzinfo=UTC),
        category=CategoryFactory(slug="world", name_en="World", name_zh_hans="世界"),
        source__name_en="The New York Times",
        original_url="https://www.nytimes.com/2026/11/24/world/summit.html",
        hero_image=HeroImageFactory(),
    )


def test_english_story_page_has_news_article_json_ld(client, summit):
    data = news_article(client.get("/story/summit/"))

    url = "https://news.example/story/summit/"
    hero = summit.hero_image
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Leaders meet in The Hague"
    assert data["description"] == "Money and trust in question."
    assert data["inLanguage"] == "en"
    assert data["url"] == url
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert data["image"] == [
        f"https://news.example/media/{hero.social['name']}",
        f"https://news.example/media/{hero.renditions_as('jpg')[-1]['name']}",
    ]
    assert data["datePublished"] == "2026-11-24T20:30:00+00:00"
    assert data["dateModified"] == "2026-11-24T20:30:00+00:00"
    assert data["author"] == [
        {"@type": "Person", "name": "Jane Doe"},
        {"@type": "Person", "name": "John Roe"},
    ]
    assert data["publisher"] == {
        "@type": "Organization",
        "name": "World Brief",
        "url": "https://news.example/",
    }
    assert data["isBasedOn"] == summit.original_url
    assert data["articleSection"] == "World"


def test_chinese_story_page_has_chinese_json_ld_in_beijing_time(client, summit):
    data = news_article(client.get("/zh-hans/story/summit/"))

    url = "https://news.example/zh-hans/story/summit/"
    assert data["headline"] == summit.title_zh_hans
    assert data["description"] == "领导人会面，讨论资金与信任。"
    assert data["inLanguage"] == "zh-Hans"
    assert data["url"] == url
    assert data["mainEntityOfPage"]["@id"] == url
    assert data["articleSection"] == "世界"
    # The same instant, given with the offset of the page's time zone.
    assert data["datePublished"] == "2026-11-25T04:30:00+08:00"
    assert data["isBasedOn"] == summit.original_url
    assert len(data["image"]) == 2


def test_revised_story_gives_its_revision_as_date_modified(client, summit):
    summit.body_en = "<p>A corrected first paragraph.</p>"
    summit.save()
    summit.refresh_from_db()

    data = news_article(client.get("/story/summit/"))

    assert summit.revised_at is not None
    assert datetime.fromisoformat(data["dateModified"]) == summit.revised_at.replace(
        microsecond=0
    )
    assert data["datePublished"] == "2026-11-24T20:30:00+00:00"


def test_story_without_byline_names_the_source_as_author(client, site_url):
    StoryFactory(published=True, slug="wire", byline="", source__name_en="Reuters")

    data = news_article(client.get("/story/wire/"))

    assert data["author"] == [{"@type": "Organization", "name": "Reuters"}]
    assert "image" not in data


def test_json_ld_cannot_be_closed_by_story_text(client, site_url):
    hostile = '</script><script>alert("x")</script> & <!--'
    StoryFactory(published=True, slug="hostile", title_en=hostile)

    response = client.get("/story/hostile/")

    html = response.content.decode()
    assert html.count("<script") == 1
    assert "\\u003C/script\\u003E" in html
    assert news_article(response)["headline"] == hostile


def test_story_page_has_open_graph_and_twitter_tags(client, summit):
    meta = read_head(client.get("/story/summit/")).meta

    social = f"https://news.example/media/{summit.hero_image.social['name']}"
    assert meta["og:type"] == ["article"]
    assert meta["og:site_name"] == ["World Brief"]
    assert meta["og:title"] == ["Leaders meet in The Hague"]
    assert meta["og:description"] == ["Money and trust in question."]
    assert meta["og:url"] == ["https://news.example/story/summit/"]
    assert meta["og:locale"] == ["en_US"]
    assert meta["og:locale:alternate"] == ["zh_CN"]
    assert meta["og:image"] == [social]
    assert meta["article:published_time"] == ["2026-11-24T20:30:00+00:00"]
    assert meta["article:section"] == ["World"]
    assert meta["twitter:card"] == ["summary_large_image"]
    assert meta["twitter:title"] == ["Leaders meet in The Hague"]
    assert meta["twitter:description"] == ["Money and trust in question."]
    assert meta["twitter:image"] == [social]
    assert meta["twitter:image:alt"] == [summit.hero_image.alt_text_en]
    assert "robots" not in meta


def test_chinese_story_page_has_chinese_open_graph_tags(client, summit):
    meta = read_head(client.get("/zh-hans/story/summit/")).meta

    assert meta["og:title"] == [summit.title_zh_hans]
    assert meta["og:url"] == ["https://news.example/zh-hans/story/summit/"]
    assert meta["og:locale"] == ["zh_CN"]
    assert meta["og:locale:alternate"] == ["en_US"]
    assert meta["article:section"] == ["世界"]


def test_story_without_picture_gets_a_summary_card(client, site_url):
    StoryFactory(published=True, slug="plain")

    meta = read_head(client.get("/story/plain/")).meta

    assert meta["twitter:card"] == ["summary"]
    assert "og:image" not in meta


def test_untranslated_fallback_shares_the_english_page_without_json_ld(
    client, site_url
):
    StoryFactory(published=True, slug="summit", title_en="English headline")

    head = read_head(client.get("/zh-hans/story/summit/"))

    # Noindex and canonically English: the English page carries the
    # structured data; a shared link still previews, pointing there.
    assert head.json_ld == []
    assert head.meta["robots"] == ["noindex"]
    assert head.meta["og:url"] == ["https://news.example/story/summit/"]
    assert head.meta["og:title"] == ["English headline"]
    assert head.meta["og:locale"] == ["en_US"]


def test_preview_has_no_structured_data_or_sharing_tags(editor_client, site_url):
    StoryFactory(scheduled=True, slug="later")

    head = read_head(editor_client.get("/story/later/"))

    assert head.json_ld == []
    assert "og:title" not in head.meta
    assert head.meta["robots"] == ["noindex"]


def test_withdrawn_story_page_has_no_structured_data(client, site_url):
    StoryFactory(withdrawn=True, slug="gone")

    response = client.get("/story/gone/")

    assert response.status_code == 410
    assertNotContains(response, "application/ld+json", status_code=410)
    assertNotContains(response, "og:type", status_code=410)


@pytest.mark.parametrize("path", ["/story/copy/", "/zh-hans/story/copy/"])
def test_noindex_story_asks_search_engines_not_to_index_it(client, site_url, path):
    StoryFactory(published=True, translated=True, slug="copy", is_noindex=True)

    response = client.get(path)

    assertContains(response, '<meta name="robots" content="noindex">', count=1)


def test_editor_sets_noindex_in_the_story_admin(editor_client):
    story = StoryFactory(published=True)

    response = editor_client.get(f"/admin/articles/story/{story.pk}/change/")

    assertContains(response, 'name="is_noindex"')


def test_story_page_with_metadata_stays_within_its_query_budget(
    client, summit, django_assert_num_queries
):
    client.cookies["sessionid"] = "bypasses-the-page-cache"

    # The story with its relations and the navigation (it credits no outlet).
    with django_assert_num_queries(2):
        response = client.get("/zh-hans/story/summit/")

    assert news_article(response)["headline"] == summit.title_zh_hans


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("Jane Doe", ["Jane Doe"]),
        ("Jane Doe, John Roe and Ann Anders", ["Jane Doe", "John Roe", "Ann Anders"]),
        ("Jane Doe & John Roe", ["Jane Doe", "John Roe"]),
        ("张三、李四", ["张三", "李四"]),
        ("和静", ["和静"]),
    ],
)
def test_byline_names_each_person_as_an_author(client, site_url, byline, names):
    StoryFactory(published=True, slug="bylined", byline=byline)

    data = news_article(client.get("/story/bylined/"))

    assert data["author"] == [{"@type": "Person", "name": name} for name in names]
