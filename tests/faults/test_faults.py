"""The scenarios of issue #19, each against the running rig (see conftest)."""

import io
import os
import re
import signal
import time
import uuid
from pathlib import Path

import httpx
import pytest
import redis
from PIL import Image

from tests.cluster.conftest import csrf_token
from tests.faults.conftest import SHORT, children, wait_until
from tests.faults.feeds import LocalFeed
from tests.faults.load import Load
from tests.faults.notices import claimants

pytestmark = pytest.mark.faults

# Seconds of load before a fault, during it, and after the part returns.
BEFORE, DURING, AFTER = (3, 8, 5) if SHORT else (5, 20, 10)
REFERENCE = re.compile(r"/takedown/sent/(TD-[0-9A-Z]{4}-[0-9A-Z]{4})/")


def reader_targets(base_urls, story_paths):
    """Home page and story pages on each server: what readers ask most."""
    return [base + path for path in ["/", *story_paths] for base in base_urls]


def test_redis_killed(fault_rig, outcome):
    """Pages are served uncached while Redis is gone; caching resumes after."""
    targets = reader_targets(fault_rig.app_urls, fault_rig.story_paths())
    with Load(targets, threads=4) as load:
        outcome.load = load
        time.sleep(BEFORE)
        fault_rig.kill("redis")
        time.sleep(DURING)
        fault_rig.start("redis")
        returned = time.monotonic()
        # Caching resumed: pages are stored in the new, empty Redis.
        outcome.recovery_seconds = wait_until(
            lambda: redis_keys(fault_rig) > 0, timeout=30
        )
        time.sleep(AFTER)
    assert load.errors_by_status() == {}, load.statuses()
    assert load.first_success_after(returned) is not None
    assert outcome.recovery_seconds is not None, "Nothing cached once Redis returned"


def redis_keys(fault_rig) -> int:
    return redis.Redis.from_url(fault_rig.addresses["REDIS_URL"]).dbsize()


def test_mail_server_down(fault_rig, outcome):
    """Notices are stored and acknowledged while mail is down, sent once after."""
    count = 5 if SHORT else 20
    story_path = fault_rig.story_paths()[0]
    fault_rig.stop("mail")
    people = claimants(fault_rig.app_urls, story_path, count)
    references = {}
    try:
        for person in people:
            response = person.send()
            match = REFERENCE.search(str(response.url))
            assert response.status_code == 200 and match, (
                response.status_code,
                response.url,
            )
            assert match.group(1) in response.text
            references[person.email] = match.group(1)
    finally:
        for person in people:
            person.close()
        # Let the worker try (and fail) to send before the server returns.
        time.sleep(3)
        fault_rig.start("mail")
    returned = time.monotonic()
    emails = list(references)
    outcome.rows_checked = check_notices_complete(fault_rig, emails, outcome)
    # The rig's timers run every 10 s (TIMERS_INTERVAL): every message goes.
    outcome.recovery_seconds = wait_until(
        lambda: all(delivered(fault_rig, email) >= 1 for email in emails), timeout=60
    )
    assert outcome.recovery_seconds is not None, "Not every notice was mailed"
    # Another round of timers: nothing is sent a second time.
    time.sleep(12)
    copies = {email: delivered(fault_rig, email) for email in emails}
    outcome.notes.append(
        f"{len(emails)} notices, mailed {time.monotonic() - returned:.0f} s after"
    )
    assert set(copies.values()) == {1}, copies
    unsent = fault_rig.scalar(
        "SELECT count(*) FROM articles_outboundmessage WHERE to_email = ANY(%s) "
        "AND status <> 'sent'",
        emails,
    )
    assert unsent == 0


def delivered(fault_rig, email: str) -> int:
    """How many messages to `email` the rig's mail server received."""
    needle = f"To: {email}".encode()
    return sum(needle in path.read_bytes() for path in fault_rig.mail_dir.glob("*.eml"))


def check_notices_complete(fault_rig, emails, outcome) -> int:
    """Each stored notice has its creation event and its message; return the
    rows checked, and count a notice without them as lost."""
    rows = fault_rig.query(
        "SELECT r.email, "
        "(SELECT count(*) FROM articles_takedownevent e "
        " WHERE e.takedown_request_id = r.id AND e.action = 'create'), "
        "(SELECT count(*) FROM articles_outboundmessage m "
        " WHERE m.takedown_request_id = r.id) "
        "FROM articles_takedownrequest r WHERE r.email = ANY(%s)",
        emails,
    )
    stored = {
        email for email, events, messages in rows if events == 1 and messages == 1
    }
    outcome.rows_lost = len(set(emails) - stored)
    assert outcome.rows_lost == 0, rows
    return len(rows) * 3


def test_worker_killed_mid_ingest(fault_rig, outcome):
    """A poll SIGKILLed halfway is completed by the next: none twice, none lost."""
    entries = 300 if SHORT else 1500
    with LocalFeed(entries=entries) as feed:
        feed_id = create_feed(fault_rig, feed.url)
        enqueue_poll(fault_rig, feed_id)
        running = wait_until(lambda: feed.requests > 0, timeout=60)
        assert running is not None, "The worker never fetched the feed"
        # Halfway through the import: the poll is one transaction.
        time.sleep(1.0)
        still_running = fault_rig.scalar(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE status = 'RUNNING' AND args_kwargs::text LIKE %s",
            f'%"feed_id": {feed_id}}}%',
        )
        killed = fault_rig.worker_pid()
        os.kill(killed, signal.SIGKILL)
        killed_at = time.monotonic()
        outcome.notes.append(
            f"killed {'mid-poll' if still_running else 'after the poll'}"
            f" with {items(fault_rig, feed_id)} of {entries} items stored"
        )
        # The rig starts it again (as systemd would); the next poll is queued.
        assert wait_until(
            lambda: any(pid != killed for pid in fault_rig.worker_pids()), timeout=10
        )
        enqueue_poll(fault_rig, feed_id)
        done = wait_until(
            lambda: items(fault_rig, feed_id) >= entries, timeout=300, interval=1
        )
        outcome.recovery_seconds = done and time.monotonic() - killed_at
        time.sleep(2)
    guids, distinct, stories, distinct_stories = fault_rig.query(
        "SELECT count(*), count(DISTINCT guid), count(story_id), "
        "count(DISTINCT story_id) FROM articles_feeditem WHERE feed_id = %s",
        feed_id,
    )[0]
    outcome.rows_checked = guids + stories
    outcome.rows_lost = entries - distinct
    assert still_running, "The poll finished before the kill: make the feed larger"
    assert done is not None, "The next poll did not complete the feed"
    assert guids == distinct == entries
    # One draft per item at most: none made twice.
    assert stories == distinct_stories


def create_feed(fault_rig, url: str) -> int:
    output = fault_rig.shell(
        "from articles.models import Source\n"
        "from ingest.models import Feed\n"
        "source, _ = Source.objects.get_or_create(slug='faults-wire', defaults={"
        "'name_en': 'Faults Wire', 'homepage_url': 'https://faults.example',"
        "'attribution_template_en': 'As reported by {source}',"
        "'attribution_template_zh_hans': '据{source}报道'})\n"
        f"feed = Feed.objects.create(source=source, url={url!r}, language='en')\n"
        "print(feed.pk)\n",
    )
    return int(output.split()[-1])


def enqueue_poll(fault_rig, feed_id: int) -> None:
    fault_rig.shell(
        f"from ingest.tasks import poll_feed\npoll_feed.enqueue(feed_id={feed_id})\n",
    )


def items(fault_rig, feed_id: int) -> int:
    return fault_rig.scalar(
        "SELECT count(*) FROM articles_feeditem WHERE feed_id = %s", feed_id
    )


def test_primary_restarted(fault_rig, outcome):
    """Outage: a plain 503 and nothing half-stored; recovery within 10 s."""
    targets = reader_targets(fault_rig.app_urls, fault_rig.story_paths())
    people = claimants(fault_rig.app_urls, fault_rig.story_paths()[0], 4, first=100)
    try:
        with Load(targets, threads=4) as load:
            outcome.load = load
            time.sleep(BEFORE)
            fault_rig.stop("primary")
            stopped = time.monotonic()
            refused = [person.send() for person in people]
            for response in refused:
                load.record(response.status_code, "POST /takedown/")
            time.sleep(max(0, DURING - (time.monotonic() - stopped)))
            fault_rig.start("primary")
            returned = time.monotonic()
            outcome.recovery_seconds = wait_until(
                lambda: all(fault_rig.is_ready(url) for url in fault_rig.app_urls),
                timeout=60,
            )
            # As the 503 page asks: the claimants send their forms again.
            accepted = [person.send() for person in people]
            for response in accepted:
                load.record(response.status_code, "POST /takedown/")
            time.sleep(AFTER)
    finally:
        for person in people:
            person.close()
    emails = [person.email for person in people]
    outcome.rows_checked = check_notices_complete(fault_rig, emails, outcome)
    # The worker lived through the outage (or was started again): mail goes.
    mailed = wait_until(
        lambda: all(delivered(fault_rig, email) == 1 for email in emails), timeout=60
    )
    outcome.notes.append(
        f"notice POSTs in the outage: {sorted(r.status_code for r in refused)}"
    )
    for response in refused:
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "10"
        assert "try again" in response.text
        assert "Traceback" not in response.text
    assert [response.status_code for response in accepted] == [200] * len(people)
    # Readers saw answers or the 503 page, never a 500 or a dropped connection.
    assert set(load.errors_by_status()) <= {503}, load.statuses()
    assert load.first_success_after(returned) is not None
    assert outcome.recovery_seconds is not None
    assert outcome.recovery_seconds <= 10
    assert mailed is not None, "The notices sent after the outage were not mailed"


def test_replica_stopped(fault_rig, outcome):
    """Public reads fall back to the primary while the replica is gone."""
    targets = reader_targets(fault_rig.app_urls, fault_rig.story_paths())
    # Not from the page cache: a query string of its own for each read.
    targets = [f"{url}?faults={number}" for number, url in enumerate(targets)]
    with Load(targets, threads=4) as load:
        outcome.load = load
        time.sleep(BEFORE)
        fault_rig.stop("replica")
        time.sleep(DURING)
        fault_rig.start("replica")
        returned = time.monotonic()
        time.sleep(AFTER)
    outcome.recovery_seconds = load.first_success_after(returned)
    assert load.errors_by_status() == {}, load.statuses()


def test_app_server_killed(fault_rig, outcome):
    """The edge routes around an app server SIGKILLed under load."""
    paths = ["/", *fault_rig.story_paths(), "/search/?q=council", "/search/?q=harbour"]
    with Load([fault_rig.edge_url + path for path in paths], threads=4) as load:
        outcome.load = load
        time.sleep(BEFORE)
        killed = time.monotonic()
        fault_rig.kill("app-a")
        time.sleep(DURING)
        fault_rig.start("app-a")
        time.sleep(AFTER)
    failures = [at for at, status, _url in load.results if status == 0 or status >= 500]
    # Until the edge's probe (1 s, 2 of 3) marks it sick, answers may fail.
    outcome.recovery_seconds = max(failures) - killed if failures else 0.0
    outcome.notes.append(f"errors in the first {EDGE_PROBE_SECONDS} s only")
    assert load.errors_by_status(since=killed + EDGE_PROBE_SECONDS) == {}, (
        load.statuses(since=killed + EDGE_PROBE_SECONDS)
    )


# Seconds the edge may take to stop sending to a dead app server.
EDGE_PROBE_SECONDS = 5


def test_soak(fault_rig, outcome):
    """70 % of the measured maximum for FAULTS_SOAK_SECONDS: no errors, flat RSS."""
    seconds = int(os.environ.get("FAULTS_SOAK_SECONDS", 60 if SHORT else 600))
    stories = fault_rig.story_paths()
    targets = [
        *(fault_rig.edge_url + path for path in ["/", *stories[:5]]),
        *(url + path for url in fault_rig.app_urls for path in stories),
        *(
            f"{url}/search/?q={word}"
            for url in fault_rig.app_urls
            for word in ["council", "budget", "river"]
        ),
    ]
    with Load(targets, threads=8) as ramp:
        time.sleep(10)
    maximum = ramp.count / 10
    rate = 0.7 * maximum
    worker_start = rss_kib(fault_rig.worker_pid())
    apps_start = sum(rss_kib(pid) for pid in app_workers(fault_rig))
    with Load(targets, threads=8, rate=rate) as load:
        outcome.load = load
        posted = 0
        ends = time.monotonic() + seconds
        while time.monotonic() < ends:
            # A removal-form POST about every 20 s, each from its own address.
            person = claimants(fault_rig.app_urls, stories[1], 1, first=200 + posted)[0]
            load.record(person.send().status_code, "POST /takedown/")
            person.close()
            posted += 1
            time.sleep(min(17, max(0, ends - time.monotonic())))
    worker_end = rss_kib(fault_rig.worker_pid())
    apps_end = sum(rss_kib(pid) for pid in app_workers(fault_rig))
    outcome.notes.append(
        f"{seconds} s at {rate:.0f}/s of {maximum:.0f}/s; {posted} notices; "
        f"worker RSS {worker_start // 1024} -> {worker_end // 1024} MiB; "
        f"app workers {apps_start // 1024} -> {apps_end // 1024} MiB"
    )
    assert load.errors_by_status() == {}, load.statuses()
    # Flat: a leak of a few kilobytes a request would show over the soak.
    assert worker_end <= worker_start * 1.2 + 10 * 1024


def rss_kib(pid: int) -> int:
    """The resident memory of process `pid`, in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def app_workers(fault_rig) -> list[int]:
    """The gunicorn workers of both app servers (their masters' children)."""
    return children(fault_rig.pid("app-a")) + children(fault_rig.pid("app-b"))


def test_object_storage_down(fault_rig, staff, outcome):
    """A hero upload while S3 is down: a clear error, and nothing half-saved."""
    before = fault_rig.scalar("SELECT count(*) FROM articles_heroimage")
    alt_text = f"Stored once S3 returned ({uuid.uuid4().hex})"
    fault_rig.stop("s3")
    try:
        refused = upload_hero(staff, "Not stored: S3 is down")
    finally:
        fault_rig.start("s3")
    returned = time.monotonic()
    during = fault_rig.scalar("SELECT count(*) FROM articles_heroimage")
    accepted = upload_hero(staff, alt_text)
    outcome.recovery_seconds = time.monotonic() - returned
    after = fault_rig.query(
        "SELECT renditions FROM articles_heroimage WHERE alt_text_en = %s", alt_text
    )
    files = [rendition["name"] for (renditions,) in after for rendition in renditions]
    media_url = fault_rig.rig.settings["MEDIA_URL"]
    missing = [name for name in files if httpx.get(media_url + name).status_code != 200]
    outcome.rows_checked = during + len(files)
    outcome.rows_lost = len(missing)
    outcome.notes.append("moto keeps files in memory: its restart empties the buckets")
    assert "The picture could not be stored" in refused.text
    assert "Nothing was saved" in refused.text
    assert during == before, "A row was saved for a picture that was not stored"
    assert accepted.status_code == 200 and len(after) == 1, accepted.text[:2000]
    assert files and not missing, missing


def upload_hero(staff, alt_text: str) -> httpx.Response:
    """Add a picture to the library through the admin's form."""
    form = staff.get("/admin/articles/heroimage/add/")
    image = io.BytesIO()
    Image.new("RGB", (1600, 900), (40, 90, 160)).save(image, "JPEG")
    return staff.post(
        "/admin/articles/heroimage/add/",
        data={
            "csrfmiddlewaretoken": csrf_token(form),
            "alt_text_en": alt_text,
            "caption_en": "A blue square for the fault suite.",
            "credit_en": "Fault suite",
            "licence": "editorial",
            "focal_x": "0.5",
            "focal_y": "0.5",
        },
        files={"image": ("hero.jpg", image.getvalue(), "image/jpeg")},
        follow_redirects=True,
    )
