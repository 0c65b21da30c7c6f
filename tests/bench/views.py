"""The Django floor for `make bench`, and the story page without its
template: routed only by the benchmark's URLconf (tests/bench/urls.py)."""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse

from articles.views.stories import StoryDetailView


def floor(request):
    """Return pre-built bytes through the full middleware stack.

    No query, no template, no cache look-up: the least any Django page costs
    on this server, against which the real pages are measured.
    """
    return HttpResponse(floor_page(), content_type="text/html; charset=utf-8")


def story_query(request, slug):
    """Run the story page's query, then return the floor's bytes.

    The uncached story page less its rendering: what the database work
    alone costs, measured against the floor.
    """
    view = StoryDetailView()
    view.setup(request, slug=slug)
    view.get_object()
    return floor(request)


@cache
def floor_page() -> bytes:
    # The harness saves the benchmarked story page here before it starts.
    return Path(settings.BENCHMARK_FLOOR_PAGE).read_bytes()
