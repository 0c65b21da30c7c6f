"""`make bench`: how fast the public pages are, against two floors.

Builds a benchmark database of 5,000 stories (a separate SQLite file), serves
it with gunicorn (2 sync workers, DEBUG off, the production middleware) on
127.0.0.1, and runs wrk in one run against:

- a story page, uncached (random slugs; a session cookie bypasses the cache),
- the home page, uncached,
- a category page, uncached,
- the uncached story page's query alone, answered with the floor's bytes
  (/bench/story-query/<slug>/): how much of the page's cost is the
  database work and how much the rendering,
- a story page from the page cache (a warmed hot set of slugs),
- the Django floor, /bench/floor/: the saved bytes of one story page returned
  through the full middleware stack, and
- nginx serving the same saved page, the physical limit of this machine.

The server runs on tests/bench/settings.py: the production settings, with
the two /bench/ routes of tests/bench/urls.py added.

It prints requests per second, p50, p90 and p99 latency, errors and the
ratios to the floor and to nginx, writes them to .bench/results.json, and
stops everything it started. wrk and nginx are Debian packages, installed
with apt-get when missing. Not part of `make test`: speed is measured here,
never asserted in the suite.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
WORK_DIR = BASE_DIR / ".bench"
PYTHON = sys.executable
# The page-speed targets (docs/operators.md), as ratios to the Django floor.
TARGETS = {
    "story-uncached": 0.25,
    "home-uncached": 0.15,
    "category-uncached": 0.15,
    "story-cached": 0.9,
}
# And the story page's p99 latency at the default 8 connections, in ms.
STORY_UNCACHED_P99_MS = 25
# A session cookie makes the page cache step aside (staff always get fresh
# pages), without a session read: public pages never touch the session.
BYPASS_CACHE = {"Cookie": "sessionid=bench-bypasses-the-page-cache"}
HOT_SET_SIZE = 50


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000, help="stories (5000)")
    parser.add_argument("--duration", type=int, default=10, help="seconds a round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds; median kept")
    parser.add_argument("--warmup", type=int, default=3, help="warm-up seconds")
    parser.add_argument("--connections", type=int, default=8, help="wrk -c")
    parser.add_argument(
        "--cache-url",
        help="CACHE_URL for the server (default: Redis DB 6 on 127.0.0.1:6379 "
        "if it answers, else local memory)",
    )
    parser.add_argument(
        "--port",
        type=int,
        help="the server's port; nginx takes the next one (default: any free)",
    )
    arguments = parser.parse_args()

    WORK_DIR.mkdir(exist_ok=True)
    install_tools()
    environment = server_environment(arguments.cache_url)
    prepare_database(environment, arguments.count)
    slugs = story_slugs(environment)
    category = busiest_category(environment)

    with ExitStack() as stack:
        port = arguments.port or free_port()
        stack.enter_context(gunicorn(environment, port))
        origin = f"http://127.0.0.1:{port}"
        page_path = f"/story/{slugs[0]}/"
        page = fetch(origin + page_path, headers=BYPASS_CACHE)
        # The floor view reads this file on its first request in each worker.
        Path(environment["BENCHMARK_FLOOR_PAGE"]).write_bytes(page)
        nginx_port = port + 1 if arguments.port else free_port()
        stack.enter_context(nginx(page, nginx_port))

        hot_set = slugs[:HOT_SET_SIZE]
        for slug in hot_set:
            fetch(f"{origin}/story/{slug}/")  # fills the page cache
        scenarios = [
            ("story-uncached", origin, [f"/story/{s}/" for s in slugs], BYPASS_CACHE),
            ("home-uncached", origin, ["/"], BYPASS_CACHE),
            (
                "category-uncached",
                origin,
                [f"/category/{category}/"],
                BYPASS_CACHE,
            ),
            (
                "story-query-only",
                origin,
                [f"/bench/story-query/{s}/" for s in slugs],
                BYPASS_CACHE,
            ),
            ("story-cached", origin, [f"/story/{s}/" for s in hot_set], {}),
            ("django-floor", origin, ["/bench/floor/"], {}),
            ("nginx-static", f"http://127.0.0.1:{nginx_port}", ["/story.html"], {}),
        ]
        results = {}
        for name, target, paths, headers in scenarios:
            print(f"== {name}", flush=True)
            results[name] = measure(target, paths, headers, arguments)

    report(results, arguments)


def install_tools():
    missing = [
        package
        for package, program in [("wrk", "wrk"), ("nginx", "nginx")]
        if not shutil.which(program) and not Path(f"/usr/sbin/{program}").exists()
    ]
    if missing:
        print(f"Installing {', '.join(missing)} with apt-get", flush=True)
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", *missing],
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )


def server_environment(cache_url: str | None) -> dict:
    if cache_url is None:
        cache_url = (
            "redis://127.0.0.1:6379/6" if port_answers(6379) else "locmemcache://"
        )
    return {
        "PATH": os.environ["PATH"],
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"sqlite:///{WORK_DIR / 'bench.sqlite3'}",
        "CACHE_URL": cache_url,
        "STATIC_ROOT": str(WORK_DIR / "static"),
        # The production settings, plus the floor and story-query routes.
        "DJANGO_SETTINGS_MODULE": "tests.bench.settings",
        "BENCHMARK_FLOOR_PAGE": str(WORK_DIR / "floor.html"),
        "LOG_LEVEL": "WARNING",
    }


def manage(environment: dict, *arguments: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *arguments],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def prepare_database(environment: dict, count: int):
    print("== database", flush=True)
    manage(environment, "migrate", "--noinput", "--verbosity", "0")
    started = time.monotonic()
    output = manage(
        environment, "generate_stories", "--count", str(count), "--seed", "1"
    )
    print(output.strip().splitlines()[-1], f"({time.monotonic() - started:.0f} s)")
    manage(environment, "collectstatic", "--noinput", "--verbosity", "0")
    # A fresh generation: no page cached by an earlier run answers this one.
    manage(
        environment,
        "shell",
        "--no-imports",
        "-c",
        "from articles.pagecache.purge import page_cache_bump; page_cache_bump()",
    )


def story_slugs(environment: dict) -> list[str]:
    output = manage(
        environment,
        "shell",
        "--no-imports",
        "-c",
        "from articles.models import Story\n"
        "for slug in Story.objects.published('en').latest_first()"
        ".values_list('slug', flat=True): print(slug)",
    )
    return output.split()


def busiest_category(environment: dict) -> str:
    """Return the slug of the category with the most public stories."""
    output = manage(
        environment,
        "shell",
        "--no-imports",
        "-c",
        "from django.db.models import Count\n"
        "from articles.models import Story\n"
        "print(Story.objects.published('en').values('category__slug')"
        ".annotate(stories=Count('pk')).order_by('-stories')[0]['category__slug'])",
    )
    return output.strip()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def fetch(url: str, headers: dict | None = None) -> bytes:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.read()


class Process:
    """A server this run starts, stopped (with its children) when done."""

    def __init__(self, name: str, command: list[str], **options):
        self.name, self.command, self.options = name, command, options

    def __enter__(self):
        self.process = subprocess.Popen(
            self.command, start_new_session=True, **self.options
        )
        return self

    def __exit__(self, *exc_info):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        print(f"stopped {self.name}", flush=True)


def wait_for(url: str, process: Process):
    for _ in range(100):
        if process.process.poll() is not None:
            raise SystemExit(f"{process.name} exited before answering {url}")
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{process.name} did not answer {url}")


class gunicorn(Process):
    def __init__(self, environment: dict, port: int):
        self.port = port
        super().__init__(
            "gunicorn",
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "aggregator.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--worker-class",
                "sync",
            ],
            cwd=BASE_DIR,
            env=environment,
        )

    def __enter__(self):
        super().__enter__()
        wait_for(f"http://127.0.0.1:{self.port}/healthz", self)
        return self


class nginx(Process):
    def __init__(self, page: bytes, port: int):
        root = WORK_DIR / "nginx"
        root.mkdir(exist_ok=True)
        (root / "story.html").write_bytes(page)
        configuration = root / "nginx.conf"
        configuration.write_text(
            textwrap.dedent(
                f"""\
                daemon off;
                user root;
                worker_processes 2;
                pid {root}/nginx.pid;
                error_log {root}/error.log warn;
                events {{ worker_connections 1024; }}
                http {{
                    access_log off;
                    default_type text/html;
                    client_body_temp_path {root}/tmp;
                    proxy_temp_path {root}/tmp;
                    fastcgi_temp_path {root}/tmp;
                    uwsgi_temp_path {root}/tmp;
                    scgi_temp_path {root}/tmp;
                    server {{
                        listen 127.0.0.1:{port};
                        root {root};
                    }}
                }}
                """
            )
        )
        (root / "tmp").mkdir(exist_ok=True)
        self.port = port
        program = shutil.which("nginx") or "/usr/sbin/nginx"
        super().__init__("nginx", [program, "-c", str(configuration), "-p", str(root)])

    def __enter__(self):
        super().__enter__()
        wait_for(f"http://127.0.0.1:{self.port}/story.html", self)
        return self


LUA_TEMPLATE = """\
local paths = {%(paths)s}
local headers = {%(headers)s}
local counter = 0

function setup(thread)
    thread:set("seed", math.random(1, 1000000))
end

function init(args)
    math.randomseed(seed)
end

function request()
    local path = paths[math.random(#paths)]
    return wrk.format("GET", path, headers)
end

function done(summary, latency, requests)
    local errors = summary.errors
    io.write(string.format(
        "BENCH {\\"requests\\": %%d, \\"duration_us\\": %%d, \\"errors\\": %%d, "
        .. "\\"non_2xx\\": %%d, \\"p50_us\\": %%d, \\"p90_us\\": %%d, "
        .. "\\"p99_us\\": %%d}\\n",
        summary.requests, summary.duration,
        errors.connect + errors.read + errors.write + errors.timeout,
        errors.status, latency:percentile(50), latency:percentile(90),
        latency:percentile(99)))
end
"""


def lua_script(name: str, paths: list[str], headers: dict) -> Path:
    script = WORK_DIR / f"{name}.lua"
    script.write_text(
        LUA_TEMPLATE
        % {
            "paths": ", ".join(json.dumps(path) for path in paths),
            "headers": ", ".join(
                f"[{json.dumps(key)}] = {json.dumps(value)}"
                for key, value in headers.items()
            ),
        }
    )
    return script


def run_wrk(url: str, script: Path, seconds: int, connections: int) -> dict:
    output = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    figures = json.loads(line.removeprefix("BENCH "))
    figures["requests_per_second"] = figures["requests"] / (
        figures["duration_us"] / 1_000_000
    )
    return figures


def measure(origin: str, paths: list[str], headers: dict, arguments) -> dict:
    name = paths[0].strip("/").replace("/", "-") or "home"
    script = lua_script(f"{name}-{len(paths)}-{len(headers)}", paths, headers)
    run_wrk(origin, script, arguments.warmup, arguments.connections)
    rounds = [
        run_wrk(origin, script, arguments.duration, arguments.connections)
        for _ in range(arguments.rounds)
    ]
    # The round with the median rate, so its latencies belong to it.
    rounds.sort(key=lambda r: r["requests_per_second"])
    median = rounds[(len(rounds) - 1) // 2]
    return {
        **median,
        "rounds_requests_per_second": [
            round(r["requests_per_second"], 1) for r in rounds
        ],
        "errors": sum(r["errors"] for r in rounds),
        "non_2xx": sum(r["non_2xx"] for r in rounds),
    }


def report(results: dict, arguments):
    floor = results["django-floor"]["requests_per_second"]
    static = results["nginx-static"]["requests_per_second"]
    print()
    print(
        f"{'page':<16}{'req/s':>10}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}"
        f"{'errors':>8}{'x floor':>9}{'x nginx':>9}  target"
    )
    passed = True
    for name, figures in results.items():
        rate = figures["requests_per_second"]
        figures["ratio_to_floor"] = round(rate / floor, 3)
        figures["ratio_to_nginx"] = round(rate / static, 3)
        target = TARGETS.get(name)
        verdict = ""
        if target is not None:
            met = figures["ratio_to_floor"] >= target
            verdict = f">= {target} {'met' if met else 'MISSED'}"
            passed &= met
        if name == "story-uncached" and arguments.connections == 8:
            met = figures["p99_us"] <= STORY_UNCACHED_P99_MS * 1000
            outcome = "met" if met else "MISSED"
            verdict += f", p99 <= {STORY_UNCACHED_P99_MS} ms {outcome}"
            passed &= met
        errors = figures["errors"] + figures["non_2xx"]
        passed &= errors == 0
        print(
            f"{name:<16}{rate:>10.0f}{figures['p50_us'] / 1000:>9.2f}"
            f"{figures['p90_us'] / 1000:>9.2f}{figures['p99_us'] / 1000:>9.2f}"
            f"{errors:>8}{figures['ratio_to_floor']:>9.3f}"
            f"{figures['ratio_to_nginx']:>9.3f}  {verdict}"
        )
    output = WORK_DIR / "results.json"
    output.write_text(
        json.dumps(
            {
                "settings": {
                    "stories": arguments.count,
                    "connections": arguments.connections,
                    "duration_seconds": arguments.duration,
                    "rounds": arguments.rounds,
                    "gunicorn_workers": 2,
                },
                "results": results,
                "targets_met": passed,
            },
            indent=2,
        )
    )
    print(f"\nWritten to {output.relative_to(BASE_DIR)}")
    print("Targets met." if passed else "Targets missed (see above).")


if __name__ == "__main__":
    main()
