import pytest
from django.http import Http404
from django.test import RequestFactory

from articles.views import bench
from tests.factories import StoryFactory


@pytest.fixture
def floor_page(settings, tmp_path):
    page = tmp_path / "floor.html"
    page.write_bytes("<!doctype html><p>世界</p>".encode())
    settings.BENCHMARK_FLOOR_PAGE = str(page)
    bench.floor_page.cache_clear()
    yield page.read_bytes()
    bench.floor_page.cache_clear()


def test_floor_returns_the_saved_page_unchanged(floor_page):
    response = bench.floor(RequestFactory().get("/bench/floor/"))

    assert response.content == floor_page
    assert response["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.django_db
def test_story_query_runs_the_story_pages_query_and_renders_nothing(
    floor_page, django_assert_num_queries
):
    story = StoryFactory(published=True)
    request = RequestFactory().get(f"/bench/story-query/{story.slug}/")

    with django_assert_num_queries(1) as queries:
        response = bench.story_query(request, slug=story.slug)

    assert response.content == floor_page
    assert '"articles_story"."slug"' in queries.captured_queries[0]["sql"]
    with pytest.raises(Http404):
        bench.story_query(request, slug="no-such-story")
