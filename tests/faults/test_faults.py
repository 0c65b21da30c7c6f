"""The scenarios of issue #19, each against the running rig (see conftest)."""

import re
import time

import pytest
import redis

from tests.faults.conftest import SHORT, wait_until
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
        fault_rig.kill("worker")
        killed_at = time.monotonic()
        outcome.notes.append(
            f"killed {'mid-poll' if still_running else 'after the poll'}"
            f" with {items(fault_rig, feed_id)} of {entries} items stored"
        )
        fault_rig.start("worker")
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
