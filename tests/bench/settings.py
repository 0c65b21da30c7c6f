"""Settings for `make bench`: production's, plus the benchmark's own routes.

bench_pages.py starts its servers and commands with these, so the floor and
the story page's query alone are never routed by the production settings.
"""

from aggregator.settings import *  # noqa: F403
from aggregator.settings import env

ROOT_URLCONF = "tests.bench.urls"
# The saved page /bench/floor/ returns; bench_pages.py writes it and sets this.
BENCHMARK_FLOOR_PAGE = env.str("BENCHMARK_FLOOR_PAGE")

# Says on each public page whether the page cache answered it, for the
# newsroom scenarios' hit rate.
MIDDLEWARE = ["tests.bench.views.PageCacheReport", *MIDDLEWARE]  # noqa: F405
