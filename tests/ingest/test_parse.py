"""Parsing rules that need what the local feed server cannot give: https."""

from ingest.parse import parse_feed
from tests.ingest.conftest import rss


def test_feed_fetched_over_https_gets_no_http_links_from_its_channel_link():
    body = rss([{"title": "Harbour", "link": "/harbour.html"}], link="http://a.ex/")

    [entry] = parse_feed(body.encode(), url="https://feeds.example/x.xml").entries

    assert entry.url == "https://a.ex/harbour.html"
