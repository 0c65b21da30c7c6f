import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import Http404
from django.test import RequestFactory
from django.urls import Resolver404, resolve

from tests.bench import profile_pages, views
from tests.factories import StoryFactory


@pytest.fixture
def floor_page(settings, tmp_path):
    page = tmp_path / "floor.html"
    page.write_bytes("<!doctype html><p>世界</p>".encode())
    settings.BENCHMARK_FLOOR_PAGE = str(page)
    views.floor_page.cache_clear()
    yield page.read_bytes()
    views.floor_page.cache_clear()


def test_floor_returns_the_saved_page_unchanged(floor_page):
    response = views.floor(RequestFactory().get("/bench/floor/"))

    assert response.content == floor_page
    assert response["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.django_db
def test_story_query_runs_the_story_pages_queries_and_renders_nothing(
    floor_page, django_assert_num_queries
):
    story = StoryFactory(published=True)
    request = RequestFactory().get(f"/bench/story-query/{story.slug}/")

    # The story with its source and image, and the header's categories,
    # which give the story its own, as on the story page (a story crediting
    # no other outlet reads no credits).
    with django_assert_num_queries(2) as queries:
        response = views.story_query(request, slug=story.slug)

    assert response.content == floor_page
    assert '"articles_story"."slug"' in queries.captured_queries[0]["sql"]
    assert '"articles_category"' in queries.captured_queries[1]["sql"]
    with pytest.raises(Http404):
        views.story_query(request, slug="no-such-story")


@pytest.mark.django_db
def test_minimal_story_shows_the_headline_and_body_from_one_query(
    django_assert_num_queries,
):
    story = StoryFactory(
        published=True, title_en="Harbour <reopens>", body_en="<p>Ships queue.</p>"
    )
    request = RequestFactory().get(f"/bench/minimal-story/{story.slug}/")

    with django_assert_num_queries(1):
        response = views.minimal_story(request, slug=story.slug)

    assert response.content.decode() == (
        '<!doctype html><html lang="en"><title>Harbour &lt;reopens&gt;</title>'
        "<h1>Harbour &lt;reopens&gt;</h1><p>Ships queue.</p></html>"
    )
    with pytest.raises(Http404):
        views.minimal_story(request, slug="no-such-story")


def test_only_the_benchmark_urlconf_routes_the_bench_views():
    assert resolve("/bench/floor/", "tests.bench.urls").func is views.floor
    assert (
        resolve("/bench/story-query/a-story/", "tests.bench.urls").func
        is views.story_query
    )
    assert (
        resolve("/bench/minimal-story/a-story/", "tests.bench.urls").func
        is views.minimal_story
    )
    # And the site's own pages, as production routes them.
    assert resolve("/healthz", "tests.bench.urls").url_name == "health-ready"
    with pytest.raises(Resolver404):
        resolve("/bench/floor/", "aggregator.urls")


@pytest.fixture
def wsgi_handler():
    # As Django's test client does: a request must not close the connection
    # that holds the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_profile_requests_render_pages_and_stop_at_an_error(settings, wsgi_handler):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    story = StoryFactory(published=True, title_en="Harbour reopens")

    page = profile_pages.request(wsgi_handler, story.get_absolute_url())

    assert b"Harbour reopens" in page
    with pytest.raises(SystemExit, match="answered 404"):
        profile_pages.request(wsgi_handler, "/story/no-such-story/")
