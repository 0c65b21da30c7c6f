import mimetypes
import os
import shutil
import threading
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings

# Playwright's sync API runs an event loop in the test thread, and Django
# refuses ORM calls from a thread with a running loop unless told otherwise.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Debian's chromium: Playwright's own browser download does not work here.
CHROMIUM = shutil.which("chromium")
# Flags for a machine with no network but loopback (see .ci/run).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if CHROMIUM is None:
        message = "Debian's chromium is not installed (apt-get install chromium)."
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


class OneRequestAtATime:
    """Run the wrapped WSGI application for one request at a time, between tests.

    On SQLite the live server's threads share the test's in-memory database
    connection, and two statements at once on it fail ("bad parameter or
    other API misuse"). Two browsers (or a page and its heartbeat) do send
    requests at once; a real server has a connection per thread.

    Between tests the gate is shut: a request still on its way from a closed
    page (a presence heartbeat, say) gets a 503 instead of running while the
    database is flushed ("database table is locked").
    """

    def __init__(self, application):
        self.application = application
        self.lock = threading.Lock()
        self.is_open = False

    def __call__(self, environ, start_response):
        with self.lock:
            if not self.is_open:
                start_response("503 Service Unavailable", [("Retry-After", "1")])
                return [b"The test server is between tests."]
            return self.application(environ, start_response)

    def open(self):
        self.is_open = True

    def shut(self):
        """Wait for the request in progress, then refuse new ones."""
        with self.lock:
            self.is_open = False


@pytest.fixture(scope="session")
def live_server(live_server):
    thread = live_server.thread
    thread.httpd.set_app(OneRequestAtATime(thread.httpd.get_app()))
    return live_server


@pytest.fixture(autouse=True)
def _live_server_gate(request):
    """Open the live server for this test, and shut it before the flush."""
    if "live_server" not in request.fixturenames:
        yield
        return
    gate = request.getfixturevalue("live_server").thread.httpd.get_app()
    # Set up after the database, so torn down (shut) before it is flushed.
    request.getfixturevalue("transactional_db")
    gate.open()
    yield
    gate.shut()


@pytest.fixture
def artifacts():
    """Where screenshots go: test-artifacts/ (git-ignored; CI keeps it)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def serve_media(browser_context):
    """Answer /media/ from MEDIA_ROOT in `browser_context` (a page or context).

    The test server runs with DEBUG off, so Django does not serve /media/;
    in production the web server does.
    """

    def from_disk(route):
        name = route.request.url.split("/media/", 1)[1].split("?")[0]
        path = Path(settings.MEDIA_ROOT) / name
        if not path.is_file():
            route.fulfill(status=404)
            return
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        route.fulfill(path=path, content_type=content_type)

    browser_context.route("**/media/**", from_disk)


def serious_accessibility_violations(page):
    """Return axe-core's serious and critical violations on `page`, one a line."""
    results = Axe().run(page)
    return [
        f"{violation['id']}: {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
