"""The fault-injection suite (issue #19): faults injected into the running rig.

Each test is one scenario: it puts a steady load of readers on the rig,
stops or kills one part through deploy/cluster/cluster.sh, brings it back,
checks the rows in the database and asserts what readers, claimants and
staff must see. `make faults` runs them all; `make faults-short` (in
.ci/run) the short versions of Redis, mail and ingest. The rig must be
running (`make cluster`), as for tests/cluster; the session ends by
printing one table of what each scenario measured.
"""

import os
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg
import pytest

from tests.cluster.conftest import (  # noqa: F401  (the rig's fixtures)
    CLUSTER_DIR,
    Rig,
    newsroom,
    read_environment,
    rig,
    staff_session,
)
from tests.faults.load import Load

# The short versions for CI (.ci/run): seconds of load around each fault.
SHORT = os.environ.get("FAULTS") == "short"


@dataclass
class Outcome:
    """One row of the table the session prints."""

    scenario: str
    load: Load | None = None
    recovery_seconds: float | None = None
    rows_checked: int = 0
    rows_lost: int = 0
    notes: list[str] = field(default_factory=list)


OUTCOMES: list[Outcome] = []


@pytest.fixture
def outcome(request):
    """The scenario's row, added to the table whether it passes or not."""
    row = Outcome(scenario=request.node.name.removeprefix("test_"))
    OUTCOMES.append(row)
    yield row
    # No call report means the scenario broke before it ran.
    report = getattr(request.node, "rep_call", None)
    if report is None or report.failed:
        row.notes.append("FAILED")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Kept on the test, for `outcome` to see whether the scenario passed.
    report = yield
    if report.when == "call":
        item.rep_call = report
    return report


def pytest_terminal_summary(terminalreporter):
    if not OUTCOMES:
        return
    write = terminalreporter.write_line
    load = os.getloadavg()
    write("")
    write(f"Faults on the rig (load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f})")
    header = (
        f"{'scenario':<40} {'requests':>8} {'errors by status':<24} "
        f"{'recovery':>9} {'rows checked':>12} {'rows lost':>9}  notes"
    )
    write(header)
    write("-" * len(header))
    for row in OUTCOMES:
        requests = row.load.count if row.load else 0
        errors = row.load.errors_by_status() if row.load else {}
        errors_text = ", ".join(f"{code}: {n}" for code, n in errors.items()) or "none"
        recovery = (
            "-" if row.recovery_seconds is None else f"{row.recovery_seconds:.1f} s"
        )
        write(
            f"{row.scenario:<40} {requests:>8} {errors_text:<24} {recovery:>9} "
            f"{row.rows_checked:>12} {row.rows_lost:>9}  {'; '.join(row.notes)}"
        )


@dataclass
class FaultRig:
    """The rig, with the means to break its parts and read its database."""

    rig: Rig
    addresses: dict[str, str]

    @property
    def app_urls(self) -> list[str]:
        return [self.addresses["APP_A_URL"], self.addresses["APP_B_URL"]]

    @property
    def edge_url(self) -> str:
        return self.addresses["EDGE_URL"]

    @property
    def mail_dir(self) -> Path:
        return Path(self.addresses["MAIL_DIR"])

    def stop(self, component: str) -> None:
        self.rig.stop(component)

    def start(self, component: str) -> None:
        self.rig.start(component)

    def shell(self, code: str) -> str:
        """Run Python in the rig's Django (manage.py shell); return its output."""
        return self.rig.manage("shell", "--no-imports", "-c", code)

    def pid(self, component: str) -> int:
        return int((CLUSTER_DIR / "run" / f"{component}.pid").read_text())

    def kill(self, component: str) -> None:
        """SIGKILL the component's whole process group: no clean shutdown."""
        os.killpg(self.pid(component), signal.SIGKILL)
        time.sleep(0.5)
        (CLUSTER_DIR / "run" / f"{component}.pid").unlink()

    def worker_pids(self) -> list[int]:
        """The task worker itself, under the rig's restart loop (cluster.sh).

        None while the loop waits to start it again, and never the loop's
        `sleep`.
        """
        return [
            pid
            for pid in children(self.pid("worker"))
            if b"db_worker" in command_line(pid)
        ]

    def worker_pid(self) -> int:
        pids = self.worker_pids()
        assert pids, "The rig's worker is not running"
        return pids[0]

    def query(self, sql: str, *parameters):
        """Run `sql` on the primary; return all rows."""
        with psycopg.connect(self.addresses["PRIMARY_URL"], autocommit=True) as db:
            return db.execute(sql, parameters).fetchall()

    def scalar(self, sql: str, *parameters):
        return self.query(sql, *parameters)[0][0]

    def story_paths(self) -> list[str]:
        slugs = self.query(
            "SELECT slug FROM articles_story WHERE status = 'published' "
            "AND publish_at <= now() ORDER BY id LIMIT 20"
        )
        return [f"/story/{slug}/" for (slug,) in slugs]

    def is_ready(self, base_url: str) -> bool:
        try:
            return httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False


@pytest.fixture(scope="session")
def fault_rig(rig) -> FaultRig:  # noqa: F811  (the fixture imported above)
    fault_rig = FaultRig(rig=rig, addresses=read_environment(CLUSTER_DIR / "rig.env"))
    if not fault_rig.story_paths():
        # Readers need stories to read: the demo content, once.
        rig.manage("load_demo")
    return fault_rig


@pytest.fixture
def staff(newsroom):  # noqa: F811  (the fixture imported above)
    """An editor logged in to app server A's admin."""
    client = staff_session(read_environment(CLUSTER_DIR / "rig.env")["APP_A_URL"])
    yield client
    client.close()


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid`."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # pid (name) state ppid …: the name may hold spaces, not ")".
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # It ended while we looked.
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def command_line(pid: int) -> bytes:
    """The command line of process `pid`, empty if it has ended."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def wait_until(condition, timeout: float, interval: float = 0.2) -> float | None:
    """Return the seconds `condition()` took to hold, or None on timeout."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if condition():
            return time.monotonic() - started
        time.sleep(interval)
    return None
