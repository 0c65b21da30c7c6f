"""A local feed server for the ingestion tests: no test touches the internet."""

import contextlib
import threading
import time
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

import pytest


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict = field(default_factory=dict)
    delay: float = 0.0
    send_length: bool = True  # False: the body ends when the connection closes


class FeedServer:
    """Serve byte strings at paths on 127.0.0.1; record each request."""

    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path, Route(status=404))
                time.sleep(route.delay)
                etag = route.headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.send_length:
                    self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                # The client may give up first (timeout, size cap): as intended.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(route.body)

            def log_message(self, format, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True

    def serve(self, path, body=b"", *, content_type="application/rss+xml", **options):
        """Serve `body` at `path` and return its URL."""
        if isinstance(body, str):
            body = body.encode()
        headers = {"Content-Type": content_type, **options.pop("headers", {})}
        self.routes[path] = Route(body=body, headers=headers, **options)
        return self.url(path)

    def url(self, path):
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{path}"

    def requests_to(self, path):
        return [headers for requested, headers in self.requests if requested == path]


@pytest.fixture
def feed_server(settings):
    settings.INGEST_ALLOW_PRIVATE_HOSTS = True
    server = FeedServer()
    # A short poll interval: shutdown() waits for it at the end of each test.
    thread = threading.Thread(
        target=server.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


def rss(items, *, title="Example News", link="https://news.example/", encoding=""):
    """Return an RSS 2.0 document; each item is a dict of its elements."""
    declaration = f' encoding="{encoding}"' if encoding else ""
    parts = [
        f'<?xml version="1.0"{declaration}?>',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/">',
        f"<channel><title>{escape(title)}</title><link>{link}</link>",
        "<description>Test feed</description>",
    ]
    for item in items:
        parts.append("<item>")
        for name, value in item.items():
            if name == "pubDate" and not isinstance(value, str):
                value = format_datetime(value)
            if name in ("description", "content:encoded"):
                parts.append(f"<{name}><![CDATA[{value}]]></{name}>")
            else:
                parts.append(f"<{name}>{escape(str(value))}</{name}>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "\n".join(parts)
