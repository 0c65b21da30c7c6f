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

With --instructions, it counts the CPU instructions a request costs instead,
under valgrind's callgrind (installed with apt-get when missing): each page
runs in a process of its own, once with 10 requests and once with 30 after
the same warm-up, and the difference is divided by 20. The count does not
move with the machine's load, so two commits compare on any machine; it
takes about a minute a page.
"""

import argparse
import cProfile
import io
import os
import pstats
import re
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(BASE_DIR))

from tests.bench.bench_pages import (  # noqa: E402
    BYPASS_CACHE,
    WORK_DIR,
    busiest_category,
    install_tools,
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
# Requests of the two callgrind runs whose difference --instructions counts.
FEWER_REQUESTS, MORE_REQUESTS = 10, 30


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "pages", nargs="*", metavar="PAGE", help=f"of {', '.join(PAGES)} (all)"
    )
    parser.add_argument("--requests", type=int, default=200, help="a round (200)")
    parser.add_argument("--rounds", type=int, default=7, help="best kept (7)")
    parser.add_argument("--profile", choices=PAGES, help="profile this page")
    parser.add_argument("--count", type=int, default=5000, help="stories (5000)")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count instructions a request under callgrind instead of timing",
    )
    # A process callgrind runs for --instructions: its requests, nothing else.
    parser.add_argument("--requests-of", choices=PAGES, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if unknown := set(arguments.pages) - set(PAGES):
        parser.error(f"no such page: {', '.join(sorted(unknown))}")

    environment = server_environment(cache_url=None)
    if arguments.requests_of:
        os.environ.update(environment)
        handler = wsgi_handler()
        [paths] = paths_of_pages([arguments.requests_of], environment).values()
        run_round(handler, paths, 20)
        run_round(handler, paths, arguments.requests)
        return
    # Migrated and filled as `make bench` leaves it; quick when it is.
    prepare_database(environment, arguments.count)
    os.environ.update(environment)
    handler = wsgi_handler()
    save_floor_page(handler, story_slugs(environment)[0])

    pages = arguments.pages or list(PAGES)
    if arguments.instructions:
        count_instructions(pages)
        return
    paths = paths_of_pages({*pages, arguments.profile} - {None}, environment)
    for paths_of_page in paths.values():
        run_round(handler, paths_of_page, 20)  # warm the connections and caches

    print(f"{'page':<14}{'ms a request':>14}")
    for page in pages:
        best = min(
            run_round(handler, paths[page], arguments.requests)
            for _ in range(arguments.rounds)
        )
        print(f"{page:<14}{best:>14.2f}")
    if arguments.profile:
        profile(handler, arguments.profile, paths[arguments.profile], arguments)


def paths_of_pages(pages, environment: dict) -> dict[str, list[str]]:
    """Return the paths requested in turn for each of `pages`."""
    slugs = story_slugs(environment)[:STORIES]
    category = busiest_category(environment)
    return {
        page: [PAGES[page].format(slug=slug, category=category) for slug in slugs]
        for page in pages
    }


def count_instructions(pages: list[str]):
    install_tools([("valgrind", "valgrind")])
    print(f"{'page':<14}{'million instructions a request':>32}")
    for page in pages:
        fewer, more = (
            callgrind_instructions(page, requests)
            for requests in (FEWER_REQUESTS, MORE_REQUESTS)
        )
        per_request = (more - fewer) / (MORE_REQUESTS - FEWER_REQUESTS)
        print(f"{page:<14}{per_request / 1e6:>32.2f}", flush=True)


def callgrind_instructions(page: str, requests: int) -> int:
    """Run `requests` of `page` after a warm-up under callgrind; instructions."""
    result = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            __file__,
            "--requests-of",
            page,
            "--requests",
            str(requests),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(re.search(r"Collected : (\d+)", result.stderr).group(1))


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
