"""The Django floor for `make bench`: routed only when BENCHMARK is on."""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse


def floor(request):
    """Return pre-built bytes through the full middleware stack.

    No query, no template, no cache look-up: the least any Django page costs
    on this server, against which the real pages are measured.
    """
    return HttpResponse(floor_page(), content_type="text/html; charset=utf-8")


@cache
def floor_page() -> bytes:
    # The harness saves the benchmarked story page here before it starts.
    return Path(settings.BENCHMARK_FLOOR_PAGE).read_bytes()
