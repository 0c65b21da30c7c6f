"""Feeds served from a local HTTP server, ingested by `manage.py ingest_feeds`."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.models import Story, StoryStatus
from ingest.fetch import FetchError, check_address
from ingest.models import DuplicateCluster, Feed, FeedItem
from tests.factories import FeedFactory, SourceFactory
from tests.ingest.conftest import rss

pytestmark = pytest.mark.django_db

PUBLISHED = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


def ingest(*args):
    stdout, stderr = StringIO(), StringIO()
    call_command("ingest_feeds", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue() + stderr.getvalue()


def refreshed(feed):
    feed.refresh_from_db()
    return feed


def test_rss_entries_become_attributed_drafts(feed_server):
    url = feed_server.serve(
        "/world.xml",
        rss(
            [
                {
                    "title": "NATO leaders <b>meet</b> in The Hague &amp; agree",
                    "link": "/2026/11/nato.html?utm_source=rss&utm_medium=x&id=7#top",
                    "guid": "nato-1",
                    "pubDate": PUBLISHED,
                    "dc:creator": "Jane Doe",
                    "description": "Leaders <em>meet</em> to agree on spending. " * 20,
                    "content:encoded": "<p onclick='x()'>As leaders converge.</p>"
                    "<script>alert(1)</script><p>Second paragraph.</p>",
                }
            ],
            link="https://news.example/",
        ),
    )
    feed = FeedFactory(url=url, source__name_en="Example Times")

    output = ingest()

    story = Story.objects.get()
    assert story.status == StoryStatus.DRAFT
    assert story.source == feed.source
    assert story.category == feed.default_category
    assert story.title == "NATO leaders meet in The Hague & agree"
    # The relative link resolves against the channel link.
    assert story.original_url == "https://news.example/2026/11/nato.html?id=7"
    assert story.original_published_at == PUBLISHED
    assert story.byline == "Jane Doe"
    assert len(story.summary) <= 300
    assert story.summary.startswith("Leaders meet to agree on spending.")
    assert story.body == "<p>As leaders converge.</p><p>Second paragraph.</p>"
    assert story.created_by is None
    assert "1 created" in output
    feed = refreshed(feed)
    assert feed.last_http_status == 200
    assert feed.last_success_at is not None
    assert feed.last_error == ""
    assert feed.consecutive_failures == 0


def test_atom_feed_is_read_with_relative_links_resolved(feed_server):
    atom = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Atom News</title><id>urn:feed</id><updated>2026-11-24T09:30:00Z</updated>
  <entry>
    <title type="html">Markets &lt;i&gt;rally&lt;/i&gt; after the vote</title>
    <id>urn:entry:1</id>
    <link rel="alternate" href="stories/markets.html"/>
    <updated>2026-11-24T09:30:00Z</updated>
    <author><name>John Roe</name></author>
    <summary>Shares rose sharply.</summary>
    <content type="html">&lt;p&gt;Shares rose sharply on Tuesday.&lt;/p&gt;</content>
  </entry>
</feed>"""
    url = feed_server.serve("/news/atom.xml", atom, content_type="application/atom+xml")
    FeedFactory(url=url)

    ingest()

    story = Story.objects.get()
    assert story.title == "Markets rally after the vote"
    assert story.original_url == feed_server.url("/news/stories/markets.html")
    assert story.byline == "John Roe"
    assert story.original_published_at == PUBLISHED
    assert story.body == "<p>Shares rose sharply on Tuesday.</p>"


def test_rss_relative_links_resolve_against_the_channel_link(feed_server):
    # The feed is served over http from its own host; its channel says the
    # site is https://news.example/world/.
    body = """<?xml version="1.0"?>
<rss version="2.0"><channel>
  <title>Relative News</title><link>https://news.example/world/</link>
  <description>d</description>
  <item>
    <title>Harbour reopens</title><link>/2026/harbour.html</link>
    <guid>harbour-1</guid>
    <description><![CDATA[<p>See <a href="map.html">the map</a>.</p>]]></description>
    <enclosure url="pics/harbour.jpg" type="image/jpeg" length="1"/>
  </item>
  <item>
    <title>Storm passes</title><link>//cdn.example/storm.html</link>
  </item>
</channel></rss>"""
    FeedFactory(url=feed_server.serve("/feeds/world.xml", body))
    no_channel_link = rss([{"title": "Bare", "link": "bare.html"}], link="")
    FeedFactory(url=feed_server.serve("/feeds/bare.xml", no_channel_link))

    ingest()

    harbour = Story.objects.get(title_en="Harbour reopens")
    assert harbour.original_url == "https://news.example/2026/harbour.html"
    assert 'href="https://news.example/world/map.html"' in harbour.body
    item = harbour.feed_items.get()
    assert item.guid == "https://news.example/world/harbour-1"
    assert item.image_url == "https://news.example/world/pics/harbour.jpg"
    # A scheme-relative link takes the channel link's https.
    storm = Story.objects.get(title_en="Storm passes")
    assert storm.original_url == "https://cdn.example/storm.html"
    # Without a channel link, the feed's own address is all there is.
    bare = Story.objects.get(title_en="Bare")
    assert bare.original_url == feed_server.url("/feeds/bare.html")


def test_atom_relative_links_resolve_against_xml_base(feed_server):
    atom = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://atom.example/news/">
  <title>Atom News</title><id>urn:feed</id><updated>2026-11-24T09:30:00Z</updated>
  <entry>
    <title>Markets rally</title><id>urn:entry:1</id>
    <link href="stories/markets.html"/><updated>2026-11-24T09:30:00Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">
      <p>See <a href="/data">the data</a>.</p></div></content>
  </entry>
  <entry xml:base="//wire.example/a/">
    <title>Rates held</title><id>urn:entry:2</id>
    <link href="rates.html"/><updated>2026-11-24T09:30:00Z</updated>
  </entry>
</feed>"""
    url = feed_server.serve("/atom.xml", atom, content_type="application/atom+xml")
    FeedFactory(url=url)

    ingest()

    markets = Story.objects.get(title_en="Markets rally")
    assert markets.original_url == "https://atom.example/news/stories/markets.html"
    assert 'href="https://atom.example/data"' in markets.body
    rates = Story.objects.get(title_en="Rates held")
    assert rates.original_url == "https://wire.example/a/rates.html"


def test_rss_1_rdf_feed_is_read(feed_server):
    rdf = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://rdf.example/">
    <title>RDF News</title><link>https://rdf.example/</link><description>d</description>
    <items><rdf:Seq><rdf:li rdf:resource="https://rdf.example/a"/></rdf:Seq></items>
  </channel>
  <item rdf:about="https://rdf.example/a">
    <title>Harbour reopens after the storm</title>
    <link>https://rdf.example/a</link>
    <description>Ships sail again.</description>
    <dc:date>2026-11-24T09:30:00Z</dc:date>
    <dc:creator>Ann Lee</dc:creator>
  </item>
</rdf:RDF>"""
    FeedFactory(
        url=feed_server.serve("/rdf.xml", rdf, content_type="application/rdf+xml")
    )

    ingest()

    story = Story.objects.get()
    assert story.title == "Harbour reopens after the storm"
    assert story.original_url == "https://rdf.example/a"
    assert story.original_published_at == PUBLISHED
    assert story.byline == "Ann Lee"
    assert story.body == "Ships sail again."


def test_entry_without_a_date_is_imported_without_one(feed_server):
    body = rss([{"title": "Undated news", "link": "https://a.example/u"}])
    FeedFactory(url=feed_server.serve("/undated.xml", body))

    ingest()

    story = Story.objects.get()
    assert story.original_published_at is None
    assert FeedItem.objects.get().guid == "https://a.example/u"


def test_entry_dated_in_the_future_is_dated_when_fetched_and_flagged(feed_server):
    soon = timezone.now() + timedelta(minutes=5)  # a publisher's clock a bit fast
    items = [
        {
            "title": "Dated 2038",
            "link": "https://a.example/2038",
            "pubDate": datetime(2038, 1, 19, 3, 14, 8, tzinfo=UTC),
        },
        {"title": "Dated soon", "link": "https://a.example/soon", "pubDate": soon},
    ]
    FeedFactory(url=feed_server.serve("/future.xml", rss(items)))
    before = timezone.now()

    ingest()

    story = Story.objects.get(title_en="Dated 2038")
    item = story.feed_items.get()
    assert item.dated_in_future
    assert before <= item.published_at == item.fetched_at <= timezone.now()
    assert story.original_published_at == item.fetched_at
    story = Story.objects.get(title_en="Dated soon")
    assert story.original_published_at == soon.replace(microsecond=0)
    assert not story.feed_items.get().dated_in_future


def test_headline_repeated_by_a_scraper_is_cleaned(feed_server):
    # The artefact of shared/seeds/000_59e48475d00603bb.txt.
    headline = (
        "High Stakes in The Hague: NATO Navigates Trump’s Return and a "
        "Reshaping Alliance"
    )
    caption = "A breathtaking view of the Gaustatoppen transmitter tower."
    content = (
        f"<p>{headline}</p><p>{headline}</p><p>{caption}</p><p>{caption}</p>"
        "<p>As global leaders converge in The Hague today.</p>"
    )
    body = rss(
        [
            {
                "title": f"{headline}\n\n{headline}\n\n{headline}",
                "link": "https://a.example/hague",
                "content:encoded": content,
            }
        ]
    )
    FeedFactory(url=feed_server.serve("/seed.xml", body))

    ingest()

    story = Story.objects.get()
    assert story.title == headline
    assert story.body == (
        f"<p>{caption}</p><p>As global leaders converge in The Hague today.</p>"
    )


def test_unchanged_feed_answers_304_and_imports_nothing(feed_server):
    body = rss([{"title": "Only once", "link": "https://a.example/once"}])
    url = feed_server.serve(
        "/etag.xml",
        body,
        headers={"ETag": '"v1"', "Last-Modified": "Tue, 24 Nov 2026 09:30:00 GMT"},
    )
    feed = FeedFactory(url=url)
    ingest()

    output = ingest("--feed", str(feed.pk))

    assert "not modified" in output
    second_request = feed_server.requests_to("/etag.xml")[1]
    assert second_request["If-None-Match"] == '"v1"'
    assert second_request["If-Modified-Since"] == "Tue, 24 Nov 2026 09:30:00 GMT"
    assert "feed reader" in second_request["User-Agent"]
    assert refreshed(feed).last_http_status == 304
    assert Story.objects.count() == 1


def test_slow_feed_times_out_and_backs_off(feed_server, settings):
    settings.INGEST_READ_TIMEOUT = 0.2
    url = feed_server.serve("/slow.xml", rss([]), delay=1)
    feed = FeedFactory(url=url, poll_interval_minutes=30)
    before = timezone.now()

    ingest()

    feed = refreshed(feed)
    assert "Timed out" in feed.last_error
    assert feed.consecutive_failures == 1
    # One failure: the 30-minute interval doubles.
    assert before + timedelta(minutes=59) < feed.next_poll_at
    assert feed.next_poll_at < timezone.now() + timedelta(minutes=61)


def test_oversize_feed_is_refused(feed_server, settings):
    settings.INGEST_MAX_BYTES = 1000
    items = [
        {"title": f"Item {n}", "link": f"https://a.example/{n}"} for n in range(50)
    ]
    FeedFactory(url=feed_server.serve("/huge.xml", rss(items)))

    ingest()

    assert "larger than 1000 bytes" in Feed.objects.get().last_error
    assert not Story.objects.exists()


def test_redirect_loop_is_reported(feed_server):
    feed_server.serve("/a.xml", status=302, headers={"Location": "/b.xml"})
    url = feed_server.serve("/b.xml", status=302, headers={"Location": "/a.xml"})
    FeedFactory(url=url)

    ingest()

    assert "Redirect loop" in Feed.objects.get().last_error


def test_redirects_are_followed_a_bounded_number_of_times(feed_server):
    for hop in range(7):
        feed_server.serve(
            f"/hop{hop}.xml", status=301, headers={"Location": f"/hop{hop + 1}.xml"}
        )
    feed_server.serve("/hop7.xml", rss([{"title": "Far", "link": "https://a.ex/f"}]))
    far = FeedFactory(url=feed_server.url("/hop0.xml"))
    near = FeedFactory(url=feed_server.url("/hop4.xml"))

    ingest()

    assert "More than 5 redirects" in refreshed(far).last_error
    assert refreshed(near).last_error == ""
    assert Story.objects.get().title == "Far"


def test_malformed_feed_is_reported_and_others_still_import(feed_server):
    broken = FeedFactory(url=feed_server.serve("/page.html", "<html><p>Hi</p></html>"))
    failing = FeedFactory(url=feed_server.serve("/error.xml", "oops", status=500))
    good = FeedFactory(
        url=feed_server.serve("/good.xml", rss([{"title": "Good", "link": "/g"}]))
    )

    output = ingest()

    assert "Not a readable RSS or Atom feed" in refreshed(broken).last_error
    assert "500" in refreshed(failing).last_error
    assert refreshed(good).last_error == ""
    assert Story.objects.get().source == good.source
    assert "3 feeds polled or queued" in output


@pytest.mark.parametrize(
    ("status", "permanent"), [(301, True), (308, True), (302, False), (307, False)]
)
def test_permanent_redirect_updates_the_feed_address(feed_server, status, permanent):
    old = feed_server.serve("/old.xml", status=status, headers={"Location": "/new.xml"})
    new = feed_server.serve("/new.xml", rss([{"title": "Moved", "link": "/m"}]))
    feed = FeedFactory(url=old)

    ingest()

    assert Story.objects.get().title == "Moved"
    feed = refreshed(feed)
    if permanent:
        assert feed.url == new
        assert feed.last_warning == (
            f"The feed has moved permanently from {old} to {new}: its address "
            "was updated."
        )
    else:
        assert (feed.url, feed.last_warning) == (old, "")

    ingest("--feed", str(feed.pk))

    assert len(feed_server.requests_to("/old.xml")) == (1 if permanent else 2)
    assert refreshed(feed).last_warning == ""


def test_feed_moves_only_as_far_as_redirects_are_permanent(feed_server):
    first = feed_server.serve("/a.xml", status=301, headers={"Location": "/b.xml"})
    second = feed_server.serve("/b.xml", status=302, headers={"Location": "/c.xml"})
    final = feed_server.serve("/c.xml", rss([{"title": "Far", "link": "/far"}]))
    feed = FeedFactory(url=first)
    # A feed does not take over another feed's address.
    taken = feed_server.serve("/taken.xml", status=301, headers={"Location": "/c.xml"})
    other = FeedFactory(url=taken)
    FeedFactory(url=final)

    ingest()

    assert refreshed(feed).url == second
    other = refreshed(other)
    assert other.url == taken
    assert other.last_warning == (
        f"The feed has moved permanently to {final}, but its address was kept: "
        "Feed with this Feed URL already exists."
    )


def broken_feed(items):
    """Return an RSS document that is not well-formed XML, as feeds often are:
    an HTML entity XML does not know. feedparser still reads it."""
    body = rss(items)
    return body.replace("<title>Example News", "<title>Example&nbsp;News", 1)


def test_broken_feed_is_imported_with_a_warning_until_mended(feed_server):
    entry = {"title": "Harbour reopens", "link": "https://a.example/h"}
    url = feed_server.serve(
        "/broken.xml", broken_feed([entry]), headers={"ETag": '"v1"'}
    )
    feed = FeedFactory(url=url)

    output = ingest()

    assert Story.objects.get().title == "Harbour reopens"
    feed = refreshed(feed)
    assert feed.last_warning == (
        "The feed is broken (not well-formed XML at line 3, column 24: "
        "undefined entity) and was read as well as it could be: entries may "
        "be missing or incomplete."
    )
    assert feed.last_warning in output
    assert feed.last_error == ""
    assert feed.consecutive_failures == 0
    assert list(Feed.objects.with_warnings()) == [feed]
    assert not Feed.objects.healthy().exists()

    # Not modified: the copy read before is still broken.
    ingest("--feed", str(feed.pk))
    assert refreshed(feed).last_warning == feed.last_warning

    feed_server.serve("/broken.xml", rss([entry]), headers={"ETag": '"v2"'})
    ingest("--feed", str(feed.pk))

    assert refreshed(feed).last_warning == ""
    assert list(Feed.objects.healthy()) == [feed]


def test_gb2312_feed_with_gbk_characters_is_decoded(feed_server):
    # 镕 is in GBK but not in GB2312: Chinese feeds labelled GB2312 use it.
    title = "朱镕基出席经济论坛并发表讲话"
    body = rss(
        [
            {
                "title": title,
                "link": "https://cn.example/1",
                "description": "经济增长稳定。",
            }
        ],
        encoding="gb2312",
    ).encode("gb18030")
    url = feed_server.serve(
        "/cn.xml", body, content_type="application/rss+xml; charset=gb2312"
    )
    feed = FeedFactory(url=url, language="zh-hans")

    ingest()

    story = Story.objects.get()
    # A Chinese feed fills the Chinese columns, as a Chinese draft.
    assert story.title_zh_hans == title
    assert story.summary_zh_hans == "经济增长稳定。"
    assert story.title_en is None
    assert story.languages.get().status == "draft"
    assert refreshed(feed).language == "zh-hans"


def test_utf8_feed_labelled_latin1_is_decoded_as_utf8(feed_server):
    body = rss([{"title": "Café owners’ “naïve” plan", "link": "https://a.ex/c"}])
    body = body.replace('version="1.0"?>', 'version="1.0" encoding="iso-8859-1"?>', 1)
    url = feed_server.serve(
        "/latin.xml", body.encode(), content_type="text/xml; charset=iso-8859-1"
    )
    FeedFactory(url=url)

    ingest()

    assert Story.objects.get().title == "Café owners’ “naïve” plan"


def test_entry_updated_upstream_is_flagged_and_the_story_left_alone(feed_server):
    entry = {"title": "Storm nears the coast", "link": "https://a.ex/s", "guid": "s1"}
    url = feed_server.serve("/storm.xml", rss([entry]))
    FeedFactory(url=url)
    ingest()
    story = Story.objects.get()

    feed_server.serve(
        "/storm.xml", rss([{**entry, "title": "Storm hits the coast, 3 hurt"}])
    )
    output = ingest("--feed", str(Feed.objects.get().pk))

    assert "1 updated" in output
    item = FeedItem.objects.get()
    assert item.title == "Storm hits the coast, 3 hurt"
    assert item.has_upstream_change
    story.refresh_from_db()
    assert story.title == "Storm nears the coast"
    assert Story.objects.count() == 1


# The reporting of shared/seeds/000_59e48475d00603bb.txt: a full-length
# agency story (270 words), as outlets syndicate it.
WIRE = (
    "As global leaders converge in The Hague today for a pivotal NATO summit, all "
    "eyes are on the alliance’s future amidst unprecedented challenges and a "
    "familiar, yet complicated, presence: US President Donald Trump. "
    "This gathering marks the first summit of President Trump’s second term, a period"
    " many observers anticipated with a mix of apprehension and strategic "
    "recalculation across European capitals. His historical criticisms of NATO "
    "members as “freeloaders” and his “America First” foreign policy have "
    "consistently strained transatlantic ties, pushing the alliance to re-evaluate "
    "its foundational dynamics. "
    "A central tenet of today’s discussions is expected to be a significant increase "
    "in defense spending. This potential agreement comes after intense, delicate "
    "negotiations spearheaded by the alliance’s new Secretary General, Mark Rutte. "
    "Rutte’s leadership is seen as crucial in steering NATO through an era demanding "
    "greater financial commitment from its members, especially in light of ongoing "
    "global security concerns. "
    "In a clear signal of the evolving geopolitical landscape and a perceived need "
    "for greater European autonomy, a notable development occurred yesterday: the "
    "European Union and Canada formally inked a new defense partnership. As reported "
    "by The New York Times, this agreement aims to reduce their collective reliance "
    "on a United States described as “increasingly capricious,” underscoring a "
    "broader push for diversified security arrangements within the Western bloc. This"
    " bilateral pact highlights the strategic recalibration underway as nations adapt"
    " to a more unpredictable international environment. "
    "The Hague summit is thus more than just a routine meeting; it’s a critical "
    "juncture for NATO, determining its cohesion, financial viability, and strategic "
    "direction in a world profoundly shaped by shifting alliances and renewed "
    "geopolitical tensions. "
).strip()


def test_same_story_from_three_sources_is_one_cluster_and_one_draft(feed_server):
    # Agency copy as three outlets run it: their own headline, link and
    # dateline or credit line, the same reporting.
    versions = [
        ("Wire", "NATO leaders meet in The Hague as Trump returns", WIRE),
        (
            "Daily",
            "Trump's return looms over NATO summit in The Hague",
            f"THE HAGUE (Wire) - {WIRE}",
        ),
        (
            "Herald",
            "NATO summit: leaders meet in The Hague",
            f"{WIRE} Reporting by Jane Doe; editing by John Roe.",
        ),
    ]
    for name, title, text in versions:
        body = rss(
            [{"title": title, "link": f"https://{name.lower()}.example/nato",
              "description": f"<p>{text}</p>"}]
        )  # fmt: skip
        FeedFactory(url=feed_server.serve(f"/{name}.xml", body), source__name_en=name)

    ingest()

    story = Story.objects.get()
    assert story.source.name == "Wire"
    cluster = DuplicateCluster.objects.get()
    assert (cluster.item_count, cluster.source_count) == (3, 3)
    credited = story.credits.values_list("source__name", flat=True)
    assert set(credited) == {"Daily", "Herald"}


def test_unrelated_stories_with_similar_titles_are_two_clusters(feed_server):
    FeedFactory(
        url=feed_server.serve(
            "/one.xml",
            rss([{"title": "NATO leaders meet in The Hague", "link": "https://one.ex/a",
                  "description": WIRE}]),
        )
    )  # fmt: skip
    FeedFactory(
        url=feed_server.serve(
            "/two.xml",
            rss(
                [
                    {
                        "title": "Farmers meet NATO leaders in The Hague",
                        "link": "https://two.ex/b",
                        "description": "Thousands of farmers drove tractors into "
                        "The Hague on Tuesday to protest new nitrogen rules, "
                        "blocking roads near the venue where NATO leaders meet "
                        "this week. Police said the protest was peaceful.",
                    }
                ]
            ),
        )
    )

    ingest()

    assert Story.objects.count() == 2
    assert DuplicateCluster.objects.count() == 2


def test_same_article_linked_with_tracking_parameters_joins_the_cluster(feed_server):
    link = "https://Wire.example:443/nato?b=2&a=1"
    FeedFactory(url=feed_server.serve("/x.xml", rss([{"title": "One", "link": link}])))
    FeedFactory(
        url=feed_server.serve(
            "/y.xml",
            rss([{"title": "Other words", "link": f"{link}&utm_source=x&fbclid=1#c"}]),
        )
    )

    ingest()

    assert Story.objects.get().original_url == "https://wire.example/nato?a=1&b=2"
    assert DuplicateCluster.objects.get().item_count == 2


def test_bad_entry_is_skipped_whole_and_named_in_the_error(feed_server):
    items = [
        {"title": "Fine", "link": "https://a.example/fine"},
        {"title": "Bad link", "link": "https://bad_host.example/x", "guid": "bad"},
    ]
    feed = FeedFactory(url=feed_server.serve("/mixed.xml", rss(items)))

    ingest()

    assert list(Story.objects.values_list("title", flat=True)) == ["Fine"]
    assert FeedItem.objects.count() == 1
    feed = refreshed(feed)
    assert feed.last_error == "1 entries skipped: “Bad link”: Enter a valid URL."
    assert feed.consecutive_failures == 0


def test_gone_feed_is_deactivated(feed_server):
    feed = FeedFactory(url=feed_server.serve("/gone.xml", "", status=410))

    ingest()

    feed = refreshed(feed)
    assert not feed.is_active
    assert "deactivated" in feed.last_error
    assert feed.last_http_status == 410


def test_back_off_is_capped_at_a_day(feed_server):
    feed = FeedFactory(
        url=feed_server.serve("/down.xml", status=503), consecutive_failures=12
    )

    ingest()

    feed = refreshed(feed)
    assert feed.consecutive_failures == 13
    assert feed.next_poll_at < timezone.now() + timedelta(hours=24, minutes=1)
    assert feed.next_poll_at > timezone.now() + timedelta(hours=23)


def test_private_addresses_are_refused_in_production(feed_server, settings):
    url = feed_server.serve("/internal.xml", rss([]))
    settings.INGEST_ALLOW_PRIVATE_HOSTS = False
    FeedFactory(url=url)
    FeedFactory(url="ftp://files.example/feed.xml")

    ingest()

    errors = sorted(Feed.objects.values_list("last_error", flat=True))
    assert "private or reserved address (127.0.0.1)" in errors[1]
    assert errors[0].startswith("Only http and https")
    assert not feed_server.requests


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/feed.xml",  # the cloud metadata service
        "http://[fe80::1]/feed.xml",
        "http://10.0.0.1/feed.xml",
    ],
)
def test_tests_allow_loopback_only(settings, url):
    # The address check that every fetch and redirect passes before it
    # connects, called alone: a regression must never send a request to
    # these addresses from a test.
    settings.INGEST_ALLOW_PRIVATE_HOSTS = True

    with pytest.raises(FetchError, match="resolves to a private or reserved address"):
        check_address(url)
    check_address("http://127.0.0.1/feed.xml")
    check_address("http://[::1]/feed.xml")


def test_only_due_feeds_are_polled_unless_one_is_named(feed_server):
    url = feed_server.serve("/later.xml", rss([{"title": "Later", "link": "/l"}]))
    feed = FeedFactory(url=url, next_poll_at=timezone.now() + timedelta(hours=1))

    assert "0 feeds" in ingest()
    assert not Story.objects.exists()

    ingest("--feed", str(feed.pk))
    assert Story.objects.get().title == "Later"

    with pytest.raises(CommandError, match="no feed with id 999"):
        ingest("--feed", "999")


def test_blocked_source_is_not_polled(feed_server):
    url = feed_server.serve("/blocked.xml", rss([{"title": "X", "link": "/x"}]))
    feed = FeedFactory(url=url, source=SourceFactory(is_blocked=True))

    ingest("--feed", str(feed.pk))

    assert not Story.objects.exists()
    assert "is blocked" in refreshed(feed).last_error


def test_source_set_to_auto_publish_gets_summaries_published(feed_server):
    entry = {
        "title": "Rates unchanged",
        "link": "https://bank.example/rates",
        "description": "The central bank kept rates at 4%.",
        "content:encoded": "<p>The full article, which we may not republish.</p>",
    }
    source = SourceFactory(auto_publish_summaries=True)
    FeedFactory(url=feed_server.serve("/bank.xml", rss([entry])), source=source)

    ingest()

    story = Story.objects.get()
    assert story.status == StoryStatus.PUBLISHED
    assert story.body == "<p>The central bank kept rates at 4%.</p>"
    assert Story.objects.published("en").get() == story


def test_source_without_auto_publish_never_gets_published(feed_server):
    entry = {"title": "Rates", "link": "https://b.ex/r", "description": "Kept."}
    FeedFactory(url=feed_server.serve("/b.xml", rss([entry])))

    ingest()

    assert Story.objects.get().status == StoryStatus.DRAFT
    assert not Story.objects.published("en").exists()


def test_unexpected_error_is_recorded_and_the_other_feeds_go_on(
    feed_server, monkeypatch
):
    def broken_parser(content, **options):
        raise RuntimeError("parser bug")

    first = FeedFactory(url=feed_server.serve("/1.xml", rss([])))
    monkeypatch.setattr("ingest.services.parse_feed", broken_parser)
    second = FeedFactory(url=feed_server.serve("/2.xml", rss([])))

    output = ingest()

    assert output.count("the poll failed unexpectedly") == 2
    for feed in (first, second):
        feed = refreshed(feed)
        assert feed.last_error == "Unexpected error: RuntimeError: parser bug"
        assert feed.consecutive_failures == 1


def test_oversize_body_without_length_is_cut_off_while_reading(feed_server, settings):
    settings.INGEST_MAX_BYTES = 1000
    items = [
        {"title": f"Item {n}", "link": f"https://a.example/{n}"} for n in range(50)
    ]
    url = feed_server.serve("/stream.xml", rss(items), send_length=False)
    FeedFactory(url=url)

    ingest()

    assert "larger than 1000 bytes" in Feed.objects.get().last_error


# A control character makes the feeds out unreadable XML (see
# tests/security/test_control_characters.py).
MARKETS_TITLE = "Markets steady ahead of rate decision"


def test_an_imported_entry_loses_control_characters(feed_server):
    url = feed_server.serve(
        "/markets.xml",
        rss(
            [
                {
                    "title": MARKETS_TITLE + "&#x1b;",
                    "link": "/markets.html",
                    "guid": "markets-1",
                    "pubDate": PUBLISHED,
                    "dc:creator": "Jane\x08 Doe",
                    "description": "Shares held steady.\x0c",
                }
            ]
        ),
    )
    FeedFactory(url=url)

    ingest()

    story = Story.objects.get()
    assert story.title_en == MARKETS_TITLE
    assert story.byline_en == "Jane Doe"
    assert "\x0c" not in story.summary_en
