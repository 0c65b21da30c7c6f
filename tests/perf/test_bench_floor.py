from django.test import RequestFactory

from articles.views import bench


def test_floor_returns_the_saved_page_unchanged(settings, tmp_path):
    page = tmp_path / "floor.html"
    page.write_bytes("<!doctype html><p>世界</p>".encode())
    settings.BENCHMARK_FLOOR_PAGE = str(page)
    bench.floor_page.cache_clear()

    response = bench.floor(RequestFactory().get("/bench/floor/"))

    assert response.content == page.read_bytes()
    assert response["Content-Type"] == "text/html; charset=utf-8"
    bench.floor_page.cache_clear()
