"""Rules for feeds on https, which the local feed server does not speak."""

from ingest.parse import parse_feed
from ingest.services import feed_move
from tests.factories import FeedFactory
from tests.ingest.conftest import rss


def test_feed_fetched_over_https_gets_no_http_links_from_its_channel_link():
    body = rss([{"title": "Harbour", "link": "/harbour.html"}], link="http://a.ex/")

    [entry] = parse_feed(body.encode(), url="https://feeds.example/x.xml").entries

    assert entry.url == "https://a.ex/harbour.html"


def test_permanent_redirect_to_http_does_not_downgrade_the_feed_address():
    feed = FeedFactory.build(url="https://news.example/feed.xml")

    note = feed_move(feed=feed, url="http://news.example/feed.xml")

    assert note == (
        "The feed has moved permanently to http://news.example/feed.xml, which "
        "is not https: its address was kept."
    )
    assert feed.url == "https://news.example/feed.xml"
