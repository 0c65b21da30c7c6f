"""`make bench-profile`: what each public page costs in one process, and why.

`make bench` measures the pages through gunicorn and wrk, where the load of
a 2-core machine moves a figure by 10-30 % from one run to the next. This
runs the same requests through Django's WSGI handler in this one process,
on the database `make bench` uses (.bench/bench.sqlite3, built when
missing), with the same settings, Redis as the cache and the page cache
bypassed as `make bench` does. It prints the best of several rounds in
milliseconds a request: steady enough to compare two commits measured one
after the other, and the measure behind "in one process" in
docs/operators.md.

With --profile PAGE, it also runs cProfile over one round of that page,
prints the costliest calls and writes .bench/PAGE.prof for pstats.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(BASE_DIR))

from tests.bench.bench_pages import (  # noqa: E402
    BYPASS_CACHE,
    WORK_DIR,
    busiest_category,
    prepare_database,
    server_environment,
    story_slugs,
)

# As `make bench` requests them; "story-query" is the story page's queries
# without its template, "story-minimal" a lean detail view (tests/bench/views.py).
PAGES = {
    "floor": "/bench/floor/",
    "story": "/story/{slug}/",
    "story-query": "/bench/story-query/{slug}/",
    "story-minimal": "/bench/minimal-story/{slug}/",
    "home": "/",
    "category": "/category/{category}/",
}
# Stories requested in turn, as wrk's random slugs spread over many.
STORIES = 200


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "pages", nargs="*", metavar="PAGE", help=f"of {', '.join(PAGES)} (all)"
    )
    parser.add_argument("--requests", type=int, default=200, help="a round (200)")
    parser.add_argument("--rounds", type=int, default=7, help="best kept (7)")
    parser.add_argument("--profile", choices=PAGES, help="profile this page")
    parser.add_argument("--count", type=int, default=5000, help="stories (5000)")
    arguments = parser.parse_args()
    if unknown := set(arguments.pages) - set(PAGES):
        parser.error(f"no such page: {', '.join(sorted(unknown))}")

    environment = server_environment(cache_url=None)
    # Migrated and filled as `make bench` leaves it; quick when it is.
    prepare_database(environment, arguments.count)
    slugs = story_slugs(environment)[:STORIES]
    category = busiest_category(environment)
    os.environ.update(environment)
    handler = wsgi_handler()
    save_floor_page(handler, slugs[0])

    pages = arguments.pages or list(PAGES)
    paths = {
        page: [PAGES[page].format(slug=slug, category=category) for slug in slugs]
        for page in {*pages, arguments.profile} - {None}
    }
    for page_paths in paths.values():
        run_round(handler, page_paths, 20)  # warm the connections and caches

    print(f"{'page':<14}{'ms a request':>14}")
    for page in pages:
        best = min(
            run_round(handler, paths[page], arguments.requests)
            for _ in range(arguments.rounds)
        )
        print(f"{page:<14}{best:>14.2f}")
    if arguments.profile:
        profile(handler, arguments.profile, paths[arguments.profile], arguments)


def wsgi_handler():
    import django
    from django.core.handlers.wsgi import WSGIHandler

    django.setup()
    return WSGIHandler()


def save_floor_page(handler, slug: str):
    """Save a story page where the floor view reads it, as `make bench` does."""
    page = request(handler, f"/story/{slug}/")
    Path(os.environ["BENCHMARK_FLOOR_PAGE"]).write_bytes(page)


def request(handler, path: str) -> bytes:
    answer = {}

    def start_response(status, headers):
        answer["status"] = status

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_COOKIE": BYPASS_CACHE["Cookie"],
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }
    response = handler(environ, start_response)
    body = b"".join(response)
    response.close()
    if not answer["status"].startswith("200"):
        raise SystemExit(f"{path} answered {answer['status']}")
    return body


def run_round(handler, paths: list[str], requests: int) -> float:
    """Request `requests` pages, cycling through `paths`; ms a request."""
    started = time.perf_counter()
    for number in range(requests):
        request(handler, paths[number % len(paths)])
    return (time.perf_counter() - started) / requests * 1000


def profile(handler, page: str, paths: list[str], arguments):
    profiler = cProfile.Profile()
    profiler.runcall(run_round, handler, paths, arguments.requests)
    output = WORK_DIR / f"{page}.prof"
    profiler.dump_stats(output)
    print(f"\ncProfile of {arguments.requests} requests of {page}:")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    print(f"Written to {output.relative_to(BASE_DIR)}")


if __name__ == "__main__":
    main()
