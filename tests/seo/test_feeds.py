"""RSS 2.0 and Atom feeds, read as XML the way feed readers read them."""

import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from django.utils import timezone

from tests.factories import CategoryFactory, HeroImageFactory, StoryFactory
from tests.seo.xml import parse_xml

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"

RSS_PATHS = ["/feed/", "/zh-hans/feed/", "/category/world/feed/"]
ATOM_PATHS = ["/feed/atom/", "/zh-hans/feed/atom/", "/category/world/feed/atom/"]


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://news.example"
    return settings.SITE_URL


@pytest.fixture
def summit(site_url):
    """A story in both languages with everything an item can show."""
    return StoryFactory(
        published=True,
        translated=True,
        slug="summit",
        title_en="Leaders meet in The Hague",
        summary_en="Money & trust <in> question.",
        byline="Jane Doe and John Roe",
        publish_at=datetime(2026, 11, 24, 20, 30, tzinfo=UTC),
        category=CategoryFactory(slug="world", name_en="World", name_zh_hans="世界"),
        source__name_en="The New York Times",
        source__name_zh_hans="纽约时报",
        source__homepage_url="https://www.nytimes.com/",
        original_url="https://www.nytimes.com/2026/11/24/world/summit.html",
        hero_image=HeroImageFactory(),
    )


def parse_rss(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    root = parse_xml(response.content)
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    (channel,) = root.findall("channel")
    return channel


def parse_atom(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = parse_xml(response.content)
    assert root.tag == f"{ATOM}feed"
    return root


@pytest.mark.parametrize("path", RSS_PATHS)
def test_rss_feed_has_the_channel_elements_rss_2_requires(client, summit, path):
    channel = parse_rss(client.get(path))

    # RSS 2.0: title, link and description are required in a channel.
    assert channel.findtext("title").startswith("World Brief")
    assert channel.findtext("link").startswith("https://news.example/")
    assert channel.findtext("description")
    self_link = channel.find(f"{ATOM}link")
    assert self_link.get("rel") == "self"
    assert self_link.get("href") == "https://news.example" + path
    # RSS 2.0: an item needs a title or a description; ours have both.
    (item,) = channel.findall("item")
    assert item.findtext("title")
    assert item.findtext("description")


def test_rss_item_carries_link_date_author_category_and_attribution(client, summit):
    channel = parse_rss(client.get("/feed/"))

    assert channel.findtext("language") == "en"
    (item,) = channel.findall("item")
    assert item.findtext("title") == "Leaders meet in The Hague"
    assert item.findtext("link") == "https://news.example/story/summit/"
    assert item.findtext("guid") == "https://news.example/story/summit/"
    assert parsedate_to_datetime(item.findtext("pubDate")) == summit.first_published_at
    assert item.findtext(DC_CREATOR) == "Jane Doe and John Roe"
    assert item.findtext("category") == "World"
    source = item.find("source")
    assert source.text == "The New York Times"
    assert source.get("url") == "https://www.nytimes.com/"
    # The description is HTML: the summary, escaped, and the attribution
    # line linked to the original article.
    description = item.findtext("description")
    assert "<p>Money &amp; trust &lt;in&gt; question.</p>" in description
    assert (
        'As reported by <a href="https://www.nytimes.com/2026/11/24/world/summit.html"'
        in description
    )
    assert "The New York Times</a>" in description
    assert "Photo: Jane Doe / Example Agency" in description
    enclosure = item.find("enclosure")
    assert enclosure.get("type") == "image/jpeg"
    assert enclosure.get("url").startswith("https://news.example/media/heroes/")
    assert int(enclosure.get("length")) > 0


def test_chinese_rss_feed_is_in_chinese(client, summit):
    channel = parse_rss(client.get("/zh-hans/feed/"))

    assert channel.findtext("language") == "zh-Hans"
    assert channel.findtext("link") == "https://news.example/zh-hans/"
    (item,) = channel.findall("item")
    assert item.findtext("title") == summit.title_zh_hans
    assert item.findtext("link") == "https://news.example/zh-hans/story/summit/"
    assert item.findtext("category") == "世界"
    assert item.find("source").text == "纽约时报"
    description = item.findtext("description")
    assert "领导人会面，讨论资金与信任。" in description
    assert "据<a href=" in description
    assert "纽约时报</a>报道" in description


@pytest.mark.parametrize("path", ATOM_PATHS)
def test_atom_feed_has_the_elements_rfc_4287_requires(client, summit, path):
    feed = parse_atom(client.get(path))

    # RFC 4287 §4.1.1: id, title and updated; a self link is recommended.
    assert feed.findtext(f"{ATOM}id").startswith("https://news.example/")
    assert feed.findtext(f"{ATOM}title").startswith("World Brief")
    assert datetime.fromisoformat(feed.findtext(f"{ATOM}updated")).tzinfo
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"] == "https://news.example" + path
    # §4.1.2: every entry has id, title, updated, and a link or content.
    (entry,) = feed.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}id").startswith("https://news.example/")
    assert entry.findtext(f"{ATOM}title")
    assert datetime.fromisoformat(entry.findtext(f"{ATOM}updated")).tzinfo
    assert entry.find(f"{ATOM}summary").get("type") == "html"


def test_atom_entry_links_the_original_and_names_the_authors(client, summit):
    feed = parse_atom(client.get("/feed/atom/"))

    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    (entry,) = feed.findall(f"{ATOM}entry")
    links = {link.get("rel"): link for link in entry.findall(f"{ATOM}link")}
    assert links["alternate"].get("href") == "https://news.example/story/summit/"
    assert links["via"].get("href") == summit.original_url
    assert links["enclosure"].get("type") == "image/jpeg"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Jane Doe and John Roe"
    assert entry.find(f"{ATOM}category").get("term") == "World"
    assert datetime.fromisoformat(entry.findtext(f"{ATOM}published")) == (
        summit.first_published_at
    )
    assert "The New York Times</a>" in entry.findtext(f"{ATOM}summary")


def test_item_without_byline_credits_the_source(client, site_url):
    StoryFactory(published=True, byline="", source__name_en="Reuters")

    (item,) = parse_rss(client.get("/feed/")).findall("item")

    assert item.findtext(DC_CREATOR) == "Reuters"


@pytest.mark.parametrize("path", RSS_PATHS[:2] + ["/zh-hans/category/world/feed/"])
def test_feeds_never_list_stories_readers_cannot_see(
    client, site_url, hidden_stories, path
):
    world = CategoryFactory(slug="world")
    for story in hidden_stories.values():
        story.category = world
        story.save()

    titles = [
        item.findtext("title") for item in parse_rss(client.get(path)).findall("item")
    ]

    if path.startswith("/zh-hans/"):
        assert titles == []
    else:
        assert sorted(titles) == ["Chinese in review", "English only"]


def test_atom_feeds_never_list_stories_readers_cannot_see(
    client, site_url, hidden_stories
):
    english = parse_atom(client.get("/feed/atom/"))
    chinese = parse_atom(client.get("/zh-hans/feed/atom/"))

    assert sorted(
        entry.findtext(f"{ATOM}title") for entry in english.findall(f"{ATOM}entry")
    ) == ["Chinese in review", "English only"]
    assert chinese.findall(f"{ATOM}entry") == []


def test_category_feed_lists_only_that_category(client, site_url):
    world = CategoryFactory(slug="world")
    StoryFactory(published=True, category=world, title_en="In the world")
    StoryFactory(published=True, title_en="Elsewhere")

    titles = [
        item.findtext("title")
        for item in parse_rss(client.get("/category/world/feed/")).findall("item")
    ]

    assert titles == ["In the world"]


def test_unknown_category_feed_is_404(client):
    assert client.get("/category/nowhere/feed/").status_code == 404


def test_feed_lists_the_latest_50_newest_first(client, site_url):
    now = timezone.now()
    for hours in range(55):
        StoryFactory(
            published=True,
            title_en=f"Hours ago: {hours}",
            publish_at=now - timedelta(hours=hours + 1),
        )

    titles = [
        item.findtext("title")
        for item in parse_rss(client.get("/feed/")).findall("item")
    ]

    assert titles == [f"Hours ago: {hours}" for hours in range(50)]


def test_noindex_stories_stay_in_feeds(client, site_url):
    StoryFactory(published=True, is_noindex=True, title_en="Near-verbatim copy")

    (item,) = parse_rss(client.get("/feed/")).findall("item")

    assert item.findtext("title") == "Near-verbatim copy"


def test_feeds_are_page_cached_with_the_list_policy(
    client, summit, django_assert_num_queries
):
    first = client.get("/feed/")

    with django_assert_num_queries(0):
        second = client.get("/feed/")

    assert second.content == first.content
    assert first["Cache-Control"] == "public, max-age=0, s-maxage=60"
    assert second["Cache-Control"] == "public, max-age=0, s-maxage=60"


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        ("/feed/", 1),
        ("/zh-hans/feed/atom/", 1),
        # The category, then its stories.
        ("/category/world/feed/", 2),
        ("/zh-hans/category/world/feed/atom/", 2),
    ],
)
@pytest.mark.parametrize("count", [5, 50])
def test_feed_queries_do_not_grow_with_the_stories(
    client, site_url, django_assert_num_queries, path, queries, count
):
    world = CategoryFactory(slug="world")
    hero_image = HeroImageFactory()
    StoryFactory.create_batch(
        count, published=True, translated=True, category=world, hero_image=hero_image
    )
    client.cookies["sessionid"] = "bypasses-the-page-cache"

    with django_assert_num_queries(queries):
        response = client.get(path)

    assert response.content.count(b"/story/story-number-") >= count


@pytest.mark.parametrize(
    ("path", "feeds"),
    [
        ("/", ["/feed/", "/feed/atom/"]),
        ("/zh-hans/", ["/zh-hans/feed/", "/zh-hans/feed/atom/"]),
        (
            "/category/world/",
            [
                "/feed/",
                "/feed/atom/",
                "/category/world/feed/",
                "/category/world/feed/atom/",
            ],
        ),
        ("/zh-hans/story/summit/", ["/zh-hans/feed/", "/zh-hans/feed/atom/"]),
    ],
)
def test_pages_advertise_their_feeds(client, summit, path, feeds):
    html = client.get(path).content.decode()

    advertised = re.findall(
        r'<link rel="alternate" type="application/(?:rss|atom)\+xml" '
        r'title="[^"]+" href="([^"]+)">',
        html,
    )
    assert advertised == feeds
