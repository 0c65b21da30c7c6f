"""The Django floor for `make bench`, the story page without its template
and a minimal story page: routed only by the benchmark's URLconf
(tests/bench/urls.py)."""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template import Context, Template

from articles.models import Story
from articles.pagecache.pages import is_anonymous_read
from articles.views.stories import StoryDetailView

# The least a Django story page can be: its headline and body.
MINIMAL_STORY_TEMPLATE = Template(
    '<!doctype html><html lang="en"><title>{{ story.title_en }}</title>'
    "<h1>{{ story.title_en }}</h1>{{ story.body_en|safe }}</html>"
)


def floor(request):
    """Return pre-built bytes through the full middleware stack.

    No query, no template, no cache look-up: the least any Django page costs
    on this server, against which the real pages are measured.
    """
    return HttpResponse(floor_page(), content_type="text/html; charset=utf-8")


def story_query(request, slug):
    """Run the story page's queries, then return the floor's bytes.

    The uncached story page less its rendering: what the database work
    alone costs, measured against the floor.
    """
    view = StoryDetailView()
    view.setup(request, slug=slug)
    view.get_object()
    return floor(request)


def minimal_story(request, slug):
    """A lean Django detail view: one query, a four-element template.

    The reference for the story page's target: what a page that shows a
    story, and nothing around it, costs on this server.
    """
    story = get_object_or_404(Story.objects.only("title_en", "body_en"), slug=slug)
    return HttpResponse(MINIMAL_STORY_TEMPLATE.render(Context({"story": story})))


@cache
def floor_page() -> bytes:
    # The harness saves the benchmarked story page here before it starts.
    return Path(settings.BENCHMARK_FLOOR_PAGE).read_bytes()


class PageCacheReport:
    """Mark each anonymous page: X-Bench-Cache is "hit" or "miss".

    A page the view rendered is marked for storing (`page_cache_timeout`);
    any other was answered by the page cache. Only read for the newsroom
    scenarios, whose pages are all cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_anonymous_read(request):
            rendered = hasattr(response, "page_cache_timeout")
            response["X-Bench-Cache"] = "miss" if rendered else "hit"
        return response
