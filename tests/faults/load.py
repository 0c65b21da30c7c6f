"""A bounded load of readers on 127.0.0.1: threads, http.client, every status kept.

Each thread asks the next address of its list in turn, with a new
connection per request (as many readers do), and notes the time and the
status of each answer; 0 stands for no answer at all (refused, reset,
timed out). With `rate`, the threads together keep to that many requests
a second; without it they go as fast as the servers answer.
"""

import http.client
import itertools
import threading
import time
from collections import Counter
from urllib.parse import urlsplit

TIMEOUT_SECONDS = 10


class Load:
    def __init__(
        self, targets: list[str], *, threads: int = 4, rate: float | None = None
    ):
        # Each target is a full URL: http://127.0.0.1:18701/story/x/
        self.targets = targets
        self.threads = threads
        self.rate = rate
        self.results: list[tuple[float, int, str]] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._workers: list[threading.Thread] = []

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def start(self) -> None:
        for number in range(self.threads):
            worker = threading.Thread(target=self._run, args=(number,), daemon=True)
            worker.start()
            self._workers.append(worker)

    def stop(self) -> None:
        self._stop.set()
        for worker in self._workers:
            worker.join(TIMEOUT_SECONDS + 5)

    def _run(self, number: int) -> None:
        # Threads start at different places in the list, so they spread.
        targets = itertools.islice(
            itertools.cycle(self.targets), number * 7 % len(self.targets), None
        )
        interval = self.threads / self.rate if self.rate else 0
        next_at = time.monotonic()
        for url in targets:
            if self._stop.is_set():
                return
            self.record(fetch(url), url)
            if interval:
                next_at += interval
                delay = next_at - time.monotonic()
                if delay > 0:
                    self._stop.wait(delay)

    def record(self, status: int, url: str) -> None:
        """Note an answer obtained outside the threads (a form's POST)."""
        with self._lock:
            self.results.append((time.monotonic(), status, url))

    @property
    def count(self) -> int:
        return len(self.results)

    def errors_by_status(self, since: float = 0) -> dict[int, int]:
        """Failed answers (no answer, or 5xx) counted by status, since `since`."""
        counts = Counter(
            status
            for at, status, _url in self.results
            if at >= since and (status == 0 or status >= 500)
        )
        return dict(sorted(counts.items()))

    def statuses(self, since: float = 0) -> Counter:
        return Counter(status for at, status, _url in self.results if at >= since)

    def first_success_after(self, moment: float) -> float | None:
        """Seconds from `moment` to the first 2xx/3xx answer asked after it."""
        times = [
            at
            for at, status, _url in self.results
            if at > moment and status < 400 and status
        ]
        return min(times) - moment if times else None


def fetch(url: str) -> int:
    """GET `url`; return its status, or 0 if there was no answer."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.netloc, timeout=TIMEOUT_SECONDS)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", path, headers={"Connection": "close"})
        response = connection.getresponse()
        response.read()
        return response.status
    except (OSError, http.client.HTTPException):
        return 0
    finally:
        connection.close()
