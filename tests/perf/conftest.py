import contextlib
import os
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import cache

# DB 5 and a key prefix of its own: the tests flush only this database.
# TEST_REDIS_URL gives runs side by side (separate checkouts) a database each.
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def use_redis(settings):
    """Point the default cache at this machine's Redis server."""
    if not redis_answers():
        message = "No Redis on 127.0.0.1:6379 (.ci/run starts one)."
        # CI must test the production cache, never skip it.
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    settings.CACHES = {
        "default": {
            "BACKEND": "articles.pagecache.backends.RedisCache",
            "LOCATION": TEST_REDIS_URL,
            "KEY_PREFIX": "wt-production-tests",
        }
    }


@pytest.fixture(params=["locmem", "redis"])
def page_cache(request, settings):
    """Run the test on local memory (the default) and on Redis (production)."""
    if request.param == "redis":
        use_redis(settings)
    cache.clear()
    yield request.param
    cache.clear()


@pytest.fixture
def redis_page_cache(settings):
    """The page cache on Redis only, for what only Redis does."""
    use_redis(settings)
    cache.clear()
    yield
    cache.clear()


class EdgeStub:
    """A stand-in for an edge's purge API on 127.0.0.1; records each request.

    Answers every request with `status` and `body`; `requests` holds
    (method, path, headers, body) in the order they came.
    """

    # This checkout's ports (a range per checkout, so runs side by side
    # never collide).
    PORTS = range(18600, 18700)

    def __init__(self):
        self.status = 200
        self.body = b""
        self.requests: list[tuple[str, str, dict, bytes]] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                stub.requests.append((self.command, self.path, self.headers, body))
                self.send_response(stub.status)
                self.send_header("Content-Length", str(len(stub.body)))
                self.end_headers()
                self.wfile.write(stub.body)

            do_PURGE = do_POST = answer

            def log_message(self, format, *args):
                pass

        for port in self.PORTS:
            try:
                self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
                break
            except OSError:
                continue
        self.httpd.daemon_threads = True
        host, port = self.httpd.server_address[:2]
        self.url = f"http://{host}:{port}"


@contextlib.contextmanager
def running_edge_stub():
    stub = EdgeStub()
    thread = threading.Thread(
        target=stub.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    yield stub
    stub.httpd.shutdown()
    stub.httpd.server_close()


@pytest.fixture
def edge_stub():
    with running_edge_stub() as stub:
        yield stub


@pytest.fixture
def second_edge_stub():
    with running_edge_stub() as stub:
        yield stub
