"""`make bench`: how fast the public pages are, against two floors.

Builds a benchmark database of 5,000 stories (a separate SQLite file), serves
it with gunicorn (2 sync workers, DEBUG off, the production middleware) on
127.0.0.1, and runs wrk in one run against:

- a story page, uncached (random slugs; a session cookie bypasses the cache),
- the home page, uncached,
- the uncached story page's query alone, answered with the floor's bytes
  (/bench/story-query/<slug>/): how much of the page's cost is the
  database work and how much the rendering,
- a minimal story page (/bench/minimal-story/<slug>/: one query, the
  headline and body in a four-element template), what a lean Django
  detail view costs here, the reference for the story page's target,
- a story page from the page cache (a warmed hot set of slugs),
- the Django floor, /bench/floor/: the saved bytes of one story page returned
  through the full middleware stack, and
- nginx serving the same saved page, the physical limit of this machine,
- the story pages' hot set and the home page answered by Varnish with the
  repository's VCL (deploy/varnish), the edge `make cluster` runs;

then readers as a busy site has them, each scenario one long round:

- readers alone: story pages by Zipf popularity (s = 1, the newest story
  most read) plus the home page for 10 % of requests,
- the same readers while the newsroom saves a draft every second, and
- the same readers while the newsroom publishes a story every 30 seconds
  (tests/bench/newsroom.py, through the editors' services),

each with its share of pages the page cache answered (the hit rate).

The server runs on tests/bench/settings.py: the production settings, with
the two /bench/ routes of tests/bench/urls.py and the hit-rate header added.

It prints requests per second, p50, p90 and p99 latency, errors, the
ratios to the floor and to nginx, and what the newsroom costs the readers,
writes them to .bench/results.json, and stops everything it started. wrk
and nginx are Debian packages, installed with apt-get when missing. Not
part of `make test`: speed is measured here, never asserted in the suite.
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
# The edge's target (docs/deploy.md), as a ratio to nginx serving the bytes.
EDGE_TARGETS = {"story-edge": 0.5}
# The newsroom's targets: the most throughput each may cost the readers.
NEWSROOM_TARGETS = {"zipf-draft-saves": 0.05, "zipf-publishing": 0.10}
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
        "--newsroom-duration",
        type=int,
        default=60,
        help="seconds of each newsroom scenario (60: two publications)",
    )
    parser.add_argument(
        "--only",
        choices=["pages", "newsroom"],
        help="run only the page scenarios, or only the newsroom ones",
    )
    parser.add_argument(
        "--ports",
        help="FIRST-LAST: the servers' ports come from this range "
        "(default: any free port)",
    )
    parser.add_argument(
        "--cache-url",
        help="CACHE_URL for the server (default: Redis DB 6 on 127.0.0.1:6379 "
        "if it answers, else local memory)",
    )
    arguments = parser.parse_args()

    install_tools()
    environment = server_environment(arguments.cache_url)
    prepare_database(environment, arguments.count)
    slugs = story_slugs(environment)

    ports = port_range(arguments.ports)
    with ExitStack() as stack:
        port = free_port(ports)
        stack.enter_context(gunicorn(environment, port))
        origin = f"http://127.0.0.1:{port}"
        results = {}
        if arguments.only != "newsroom":
            results.update(
                measure_pages(stack, environment, origin, slugs, ports, arguments)
            )
            results.update(measure_edge(stack, port, slugs, ports, arguments))
        if arguments.only != "pages":
            results.update(measure_newsroom(environment, origin, slugs, arguments))

    report(results, arguments)


def measure_pages(stack, environment, origin, slugs, ports, arguments) -> dict:
    page_path = f"/story/{slugs[0]}/"
    page = fetch(origin + page_path, headers=BYPASS_CACHE)
    # The floor view reads this file on its first request in each worker.
    Path(environment["BENCHMARK_FLOOR_PAGE"]).write_bytes(page)
    nginx_port = free_port(ports)
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
            [f"/category/{busiest_category(environment)}/"],
            BYPASS_CACHE,
        ),
        (
            "story-query-only",
            origin,
            [f"/bench/story-query/{s}/" for s in slugs],
            BYPASS_CACHE,
        ),
        (
            "story-minimal",
            origin,
            [f"/bench/minimal-story/{s}/" for s in slugs],
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
    return results


def measure_edge(stack, app_port, slugs, ports, arguments) -> dict:
    """The story pages' hot set and the home page, answered by Varnish.

    Varnish runs the repository's VCL (deploy/varnish) in front of the same
    gunicorn, as `make cluster` runs it; its copies are warmed first.
    """
    edge_port = free_port(ports)
    stack.enter_context(varnish(app_port, edge_port))
    edge = f"http://127.0.0.1:{edge_port}"
    hot_set = [f"/story/{slug}/" for slug in slugs[:HOT_SET_SIZE]]
    for path in [*hot_set, "/"]:
        fetch(edge + path)
    results = {}
    for name, paths in [("story-edge", hot_set), ("home-edge", ["/"])]:
        print(f"== {name}", flush=True)
        results[name] = measure(edge, paths, {}, arguments)
    return results


def measure_newsroom(environment, origin, slugs, arguments) -> dict:
    """Zipf readers alone, then beside draft saves, then beside publishing."""
    script = zipf_script([f"/story/{slug}/" for slug in slugs])
    # The same readers first, until the page cache holds what they read
    # most: each scenario then starts from the cache a busy site has.
    print("== zipf warm-up", flush=True)
    run_wrk(origin, script, 2 * arguments.newsroom_duration, arguments.connections)
    results = {}
    for name, newsroom in [
        ("zipf-readers", None),
        ("zipf-draft-saves", ["draft", "1"]),
        ("zipf-publishing", ["publish", "30"]),
    ]:
        print(f"== {name}", flush=True)
        with ExitStack() as stack:
            if newsroom is not None:
                stack.enter_context(
                    Process(
                        f"newsroom {' '.join(newsroom)}",
                        [PYTHON, "-m", "tests.bench.newsroom", *newsroom],
                        cwd=BASE_DIR,
                        env=environment,
                    )
                )
            results[name] = run_wrk(
                origin, script, arguments.newsroom_duration, arguments.connections
            )
    return results


# Debian packages the benchmark runs, and the program that says each is there.
BENCH_TOOLS = [
    ("wrk", "wrk"),
    ("nginx", "nginx"),
    # Varnish and its modules (xkey), for the edge rows.
    ("varnish varnish-modules", "varnishd"),
]


def install_tools(tools=BENCH_TOOLS):
    """Install with apt-get the (package, program) pairs whose program is missing."""
    missing = [
        package
        for package, program in tools
        if not shutil.which(program) and not Path(f"/usr/sbin/{program}").exists()
    ]
    if missing:
        print(f"Installing {', '.join(missing)} with apt-get", flush=True)
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", *" ".join(missing).split()],
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
    WORK_DIR.mkdir(exist_ok=True)
    manage(environment, "migrate", "--noinput", "--verbosity", "0")
    started = time.monotonic()
    output = manage(
        environment, "generate_stories", "--count", str(count), "--seed", "1"
    )
    print(output.strip().splitlines()[-1], f"({time.monotonic() - started:.0f} s)")
    manage(environment, "collectstatic", "--noinput", "--verbosity", "0")
    # Every page carries the site's key: no page cached by an earlier run
    # answers this one.
    manage(
        environment,
        "shell",
        "--no-imports",
        "-c",
        "from articles.pagecache.keys import SITE_KEY\n"
        "from articles.pagecache.purge import page_cache_purge\n"
        "page_cache_purge([SITE_KEY])",
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


def port_range(text: str | None) -> range:
    """Parse --ports FIRST-LAST; without it, port 0 (any free port)."""
    if text is None:
        return range(0, 1)
    first, last = (int(part) for part in text.split("-"))
    return range(first, last + 1)


def free_port(ports: range) -> int:
    """Return a port of `ports` that no one listens on."""
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue  # Taken: by another program, or by a server of ours.
            return probe.getsockname()[1]
    raise SystemExit(f"No free port in {ports.start}-{ports.stop - 1}.")


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


class varnish(Process):
    """Varnish with the repository's VCL, in front of one app server."""

    def __init__(self, app_port: int, port: int):
        root = WORK_DIR / "varnish"
        root.mkdir(exist_ok=True)
        # default.vcl includes backends.vcl: here, the one gunicorn.
        (root / "backends.vcl").write_text(
            textwrap.dedent(
                f"""\
                vcl 4.1;
                import directors;
                backend app {{ .host = "127.0.0.1"; .port = "{app_port}"; }}
                sub vcl_init {{
                    new apps = directors.round_robin();
                    apps.add_backend(app);
                }}
                """
            )
        )
        self.port = port
        program = shutil.which("varnishd") or "/usr/sbin/varnishd"
        vcl = BASE_DIR / "deploy" / "varnish"
        super().__init__(
            "varnish",
            [
                program,
                "-F",
                "-a",
                f"127.0.0.1:{port}",
                "-n",
                str(root / "instance"),
                "-s",
                "malloc,256m",
                "-p",
                f"vcl_path={root}:{vcl}",
                "-f",
                str(vcl / "default.vcl"),
            ],
            stdout=subprocess.DEVNULL,
        )

    def __enter__(self):
        super().__enter__()
        wait_for(f"http://127.0.0.1:{self.port}/livez", self)
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


# Readers of a news site: story pages by Zipf popularity (s = 1: the k-th
# story is read 1/k as often as the first) and the home page for one
# request in ten. Counts the pages the page cache answered (X-Bench-Cache,
# tests/bench/settings.py).
ZIPF_TEMPLATE = """\
local paths = {%(paths)s}
local cumulative = {}
local total = 0
local threads = {}
hits = 0
misses = 0

function setup(thread)
    thread:set("seed", math.random(1, 1000000))
    table.insert(threads, thread)
end

function init(args)
    math.randomseed(seed)
    for rank = 1, #paths do
        total = total + 1 / rank
        cumulative[rank] = total
    end
end

function request()
    if math.random() < 0.1 then
        return wrk.format("GET", "/")
    end
    local wanted = math.random() * total
    local low, high = 1, #paths
    while low < high do
        local middle = math.floor((low + high) / 2)
        if cumulative[middle] < wanted then low = middle + 1 else high = middle end
    end
    return wrk.format("GET", paths[low])
end

function response(status, headers, body)
    local cache = headers["X-Bench-Cache"]
    if cache == "hit" then hits = hits + 1 elseif cache == "miss" then
        misses = misses + 1
    end
end

function done(summary, latency, requests)
    local all_hits, all_misses = 0, 0
    for _, thread in ipairs(threads) do
        all_hits = all_hits + thread:get("hits")
        all_misses = all_misses + thread:get("misses")
    end
    local errors = summary.errors
    io.write(string.format(
        "BENCH {\\"requests\\": %%d, \\"duration_us\\": %%d, \\"errors\\": %%d, "
        .. "\\"non_2xx\\": %%d, \\"p50_us\\": %%d, \\"p90_us\\": %%d, "
        .. "\\"p99_us\\": %%d, \\"hits\\": %%d, \\"misses\\": %%d}\\n",
        summary.requests, summary.duration,
        errors.connect + errors.read + errors.write + errors.timeout,
        errors.status, latency:percentile(50), latency:percentile(90),
        latency:percentile(99), all_hits, all_misses))
end
"""


def zipf_script(paths: list[str]) -> Path:
    """Write the Zipf readers' script over `paths`, most read first."""
    script = WORK_DIR / "zipf.lua"
    script.write_text(
        ZIPF_TEMPLATE % {"paths": ", ".join(json.dumps(path) for path in paths)}
    )
    return script


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
    passed = True
    if "django-floor" in results:
        passed &= report_pages(results, arguments)
    if "zipf-readers" in results:
        passed &= report_newsroom(results)
    output = WORK_DIR / "results.json"
    output.write_text(
        json.dumps(
            {
                "settings": {
                    "stories": arguments.count,
                    "connections": arguments.connections,
                    "duration_seconds": arguments.duration,
                    "rounds": arguments.rounds,
                    "newsroom_duration_seconds": arguments.newsroom_duration,
                    "gunicorn_workers": 2,
                    "load_average": os.getloadavg(),
                },
                "results": results,
                "targets_met": passed,
            },
            indent=2,
        )
    )
    print(f"\nLoad average (1, 5, 15 min): {os.getloadavg()}")
    print(f"Written to {output.relative_to(BASE_DIR)}")
    print("Targets met." if passed else "Targets missed (see above).")


def report_pages(results: dict, arguments) -> bool:
    floor = results["django-floor"]["requests_per_second"]
    static = results["nginx-static"]["requests_per_second"]
    print()
    print(
        f"{'page':<16}{'req/s':>10}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}"
        f"{'errors':>8}{'x floor':>9}{'x nginx':>9}  target"
    )
    passed = True
    for name, figures in results.items():
        if name.startswith("zipf-"):
            continue
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
        edge_target = EDGE_TARGETS.get(name)
        if edge_target is not None:
            met = figures["ratio_to_nginx"] >= edge_target
            verdict = f">= {edge_target} x nginx {'met' if met else 'MISSED'}"
            passed &= met
        errors = figures["errors"] + figures["non_2xx"]
        passed &= errors == 0
        print(
            f"{name:<16}{rate:>10.0f}{figures['p50_us'] / 1000:>9.2f}"
            f"{figures['p90_us'] / 1000:>9.2f}{figures['p99_us'] / 1000:>9.2f}"
            f"{errors:>8}{figures['ratio_to_floor']:>9.3f}"
            f"{figures['ratio_to_nginx']:>9.3f}  {verdict}"
        )
    return passed


def report_newsroom(results: dict) -> bool:
    alone = results["zipf-readers"]["requests_per_second"]
    print()
    print(
        f"{'readers':<18}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'hit rate':>10}{'errors':>8}{'cost':>8}  target"
    )
    passed = True
    for name in ["zipf-readers", "zipf-draft-saves", "zipf-publishing"]:
        figures = results[name]
        rate = figures["requests_per_second"]
        answered = figures["hits"] + figures["misses"]
        figures["hit_rate"] = round(figures["hits"] / answered, 4) if answered else 0
        figures["cost"] = round(1 - rate / alone, 3)
        target = NEWSROOM_TARGETS.get(name)
        verdict = ""
        if target is not None:
            met = figures["cost"] < target
            verdict = f"< {target:.0%} {'met' if met else 'MISSED'}"
            passed &= met
        errors = figures["errors"] + figures["non_2xx"]
        passed &= errors == 0
        print(
            f"{name:<18}{rate:>10.0f}{figures['p50_us'] / 1000:>9.2f}"
            f"{figures['p99_us'] / 1000:>9.2f}{figures['hit_rate']:>10.1%}"
            f"{errors:>8}{figures['cost']:>8.1%}  {verdict}"
        )
    return passed


if __name__ == "__main__":
    main()
