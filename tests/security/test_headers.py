import pytest
from django.core.cache import cache

from tests.factories import StoryFactory
from tests.test_settings import start_django

pytestmark = pytest.mark.django_db

STRICT_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)


@pytest.fixture
def story():
    return StoryFactory(published=True, slug="harbour")


@pytest.mark.parametrize("path", ["/", "/story/harbour/"])
def test_public_page_sends_the_security_headers(client, story, path):
    response = client.get(path)

    assert response["Content-Security-Policy"] == STRICT_POLICY
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    # Identical bytes for every reader: no cookie, no per-reader nonce.
    assert not response.cookies
    assert "nonce" not in response["Content-Security-Policy"]


def test_a_cached_page_sends_the_same_security_headers(client, story):
    client.get("/story/harbour/")

    response = client.get("/story/harbour/")

    assert response["Content-Security-Policy"] == STRICT_POLICY
    assert response["X-Frame-Options"] == "DENY"


def test_public_templates_have_no_inline_script_or_style(client, story):
    html = client.get("/story/harbour/").content.decode()

    # The one script element is JSON-LD: a data block, which CSP does not
    # govern and browsers never run.
    assert html.count("<script") == 1
    assert html.count('<script type="application/ld+json">') == 1
    assert "<style" not in html
    assert " style=" not in html


def test_https_pages_carry_hsts_when_configured(client, settings, story):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True

    response = client.get("/story/harbour/", secure=True)

    assert response["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )


def test_admin_inline_scripts_get_a_nonce(admin_client):
    response = admin_client.get("/admin/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert response["Cache-Control"].startswith("max-age=0") or (
        "private" in response["Cache-Control"]
    )


def test_health_checks_report_the_database_and_cache(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        live = client.get("/livez")
    with django_assert_num_queries(1):
        ready = client.get("/healthz")

    assert live.status_code == 200
    assert live.json() == {"cache": "ok"}
    assert ready.status_code == 200
    assert ready.json() == {"db": "ok", "cache": "ok"}
    for response in (live, ready):
        assert "no-store" in response["Cache-Control"]


def test_health_checks_answer_200_when_the_cache_is_down(client, settings):
    # Nothing listens on port 1.
    settings.CACHES = {
        "default": {
            "BACKEND": "articles.pagecache.backends.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }

    live = client.get("/livez")
    ready = client.get("/healthz")

    # Pages are still served, uncached: no reason to leave the load balancer.
    assert live.status_code == 200
    assert live.json() == {"cache": "error"}
    assert ready.status_code == 200
    assert ready.json() == {"db": "ok", "cache": "error"}
    cache.close()


def test_only_readiness_answers_503_when_the_database_is_down():
    # In a fresh interpreter, with a database file that cannot be opened.
    result = start_django(
        "[(response.status_code, response.json()) for response in map("
        "__import__('django.test', fromlist=['Client']).Client().get, "
        "['/livez', '/healthz'])]",
        SECRET_KEY="x",
        ALLOWED_HOSTS="testserver",
        DATABASE_URL="sqlite:////nonexistent/directory/db.sqlite3",
        LOG_LEVEL="CRITICAL",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "[(200, {'cache': 'ok'}), (503, {'db': 'error', 'cache': 'ok'})]"
    )
