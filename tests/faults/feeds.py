"""A large RSS feed served on 127.0.0.1 for the rig's worker to poll."""

import random
import threading
import uuid
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

# In the rig's range of ports (18700-18799), free of its own parts.
FEED_PORT = 18750
WORDS = [
    *("council", "harbour", "budget", "election", "river", "court", "museum"),
    *("transit", "drought", "festival", "vaccine", "bridge", "tariff"),
    *("satellite", "orchard", "strike", "glacier", "library", "census"),
    *("reactor", "vineyard", "stadium", "ferry", "pension", "wildfire"),
]


def rss(entries: int, run: str) -> bytes:
    """A feed of `entries` items, each with its own words, link and GUID.

    `run` makes them new to the site: items seen in an earlier run would be
    taken as the same stories again, and make no drafts.
    """
    rng = random.Random(run)
    now = datetime.now(UTC)
    items = []
    for number in range(entries):
        words = " ".join(rng.sample(WORDS, 6))
        items.append(
            "<item>"
            f"<title>{escape(words.title())} {run[:6]} {number}</title>"
            f"<link>https://faults.example/{run}/{number}</link>"
            f"<guid>faults-{number}</guid>"
            f"<pubDate>{format_datetime(now - timedelta(minutes=number))}</pubDate>"
            f"<description>{escape(words)} report number {number}.</description>"
            "</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>Faults Wire</title><link>https://faults.example/</link>"
        f"<description>Fault suite</description>{''.join(items)}</channel></rss>"
    ).encode()


class LocalFeed:
    def __init__(self, *, entries: int):
        run = uuid.uuid4().hex
        body = rss(entries, run)
        self.requests = 0
        feed = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                feed.requests += 1
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", FEED_PORT), Handler)
        # A feed's address is unique: each run has one of its own.
        self.url = f"http://127.0.0.1:{FEED_PORT}/feed-{run}.xml"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc_info):
        self.server.shutdown()
        self.server.server_close()
