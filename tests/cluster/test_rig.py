"""The whole rig, end to end: two app servers, a replica, the edge, S3.

One journey, in order, because each step needs the one before: a story
published on app server A is read through the edge; its hero image,
uploaded on A, is served at the addresses B's page gives; a takedown
accepted on B turns the edge's copy into a 451 within a second; a restore
brings it back as fast; and with A stopped the edge still serves from B.
Then a replica held behind the primary: the page it renders old is purged
again once it catches up.
"""

import io
import re
import time
import uuid
from contextlib import contextmanager

import httpx
import psycopg
import pytest
from PIL import Image

from tests.cluster.conftest import csrf_token

pytestmark = pytest.mark.cluster

# The bound: a legal decision reaches readers within a second.
PURGE_DEADLINE_SECONDS = 1.0
# A freshly published story: the replica replays the commit in milliseconds.
REPLICA_DEADLINE_SECONDS = 5.0
# The takedown form refuses a notice filled faster than a person could.
NOTICE_FILL_SECONDS = 3.5
IMAGE_SOURCE = re.compile(r'<img[^>]+src="([^"]+)"')


def jpeg(width=1200, height=800) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (width, height), (40, 110, 200)).save(output, "JPEG")
    return output.getvalue()


def post_form(client: httpx.Client, form_path: str, data: dict, **options):
    """GET the form at `form_path` for its CSRF token, then POST `data` to it."""
    token = csrf_token(client.get(form_path))
    return client.post(
        form_path, data={**data, "csrfmiddlewaretoken": token}, **options
    )


def wait_for_status(
    url: str, status: int, deadline: float
) -> tuple[httpx.Response, float]:
    """GET `url` until it answers `status`; return the answer and the wait.

    Fails once `deadline` seconds have passed without it.
    """
    started = time.monotonic()
    while True:
        response = httpx.get(url, timeout=5)
        waited = time.monotonic() - started
        if response.status_code == status:
            return response, waited
        assert waited < deadline, (
            f"{url} still answered {response.status_code}, not {status}, "
            f"after {waited:.2f} s"
        )
        time.sleep(0.02)


def wait_for_edge_copy(url: str) -> httpx.Response:
    """GET `url` until the edge answers it from its cache (a purge that is
    still on its way may retire the first copy)."""
    started = time.monotonic()
    while (response := httpx.get(url, timeout=5)).headers["X-Cache"] != "HIT":
        assert time.monotonic() - started < REPLICA_DEADLINE_SECONDS, url
        time.sleep(0.05)
    return response


def upload_hero_image(staff: httpx.Client) -> int:
    response = post_form(
        staff,
        "/admin/articles/heroimage/add/",
        {
            "alt_text_en": "A harbour crane against the sky.",
            "caption_en": "The harbour at dawn.",
            "credit_en": "Jane Doe / Example Agency",
            "licence": "agency",
            "licence_url": "",
            "source_url": "",
            "focal_x": "0.5",
            "focal_y": "0.5",
            "_continue": "1",
        },
        files={"image": ("harbour.jpg", jpeg(), "image/jpeg")},
    )
    assert response.status_code == 302, response.text
    return int(re.search(r"/heroimage/(\d+)/change/", response.headers["Location"])[1])


def story_form(newsroom: dict, *, slug: str, title: str, hero: int | str) -> dict:
    """The fields a browser posts from the story form, for a published story."""
    return {
        "title_en": title,
        "slug": slug,
        "summary_en": "The harbour reopens after a week of repairs.",
        "body_en": "<p>Ships came back to the harbour this morning.</p>",
        "byline_en": "Jane Doe",
        "category": newsroom["category"],
        "source": newsroom["source"],
        "original_url": f"https://wire.example/{slug}",
        "original_published_at_0": "",
        "original_published_at_1": "",
        "hero_image": hero,
        "status": "published",
        "publish_at_0": "",
        "publish_at_1": "",
        "unpublish_at_0": "",
        "unpublish_at_1": "",
        "withdrawal_reason": "",
        "withdrawal_note_en": "",
    }


def publish_story(staff: httpx.Client, form: dict) -> int:
    """Publish a story through the add form; return its id."""
    response = post_form(
        staff, "/admin/articles/story/add/", {**form, "_continue": "1"}
    )
    assert response.status_code == 302, response.text
    return int(re.search(r"/story/(\d+)/change/", response.headers["Location"])[1])


def edit_story(staff: httpx.Client, story_id: int, form: dict):
    """Save the live story's change form with `form` and publish the changes.

    Its slug is read-only now; the form carries the version it was opened
    on (edit_token), and a live story's edits wait until published.
    """
    change_path = f"/admin/articles/story/{story_id}/change/"
    page = staff.get(change_path)
    opened = {
        name: re.search(rf'name="{name}" value="([^"]*)"', page.text)[1]
        for name in ("publish_at_0", "publish_at_1", "edit_token")
    }
    fields = {key: value for key, value in form.items() if key != "slug"}
    response = staff.post(
        change_path,
        data={
            **fields,
            **opened,
            "_continue": "publish-changes",
            "csrfmiddlewaretoken": csrf_token(page),
        },
    )
    assert response.status_code == 302, response.text


def file_notice(edge: str, story_url: str) -> None:
    """File a removal notice for `story_url` through the public form."""
    with httpx.Client(base_url=edge, timeout=30) as claimant:
        form = claimant.get("/takedown/")
        rendered = re.search(r'name="rendered" value="([^"]+)"', form.text)[1]
        time.sleep(NOTICE_FILL_SECONDS)
        response = claimant.post(
            "/takedown/",
            data={
                "csrfmiddlewaretoken": csrf_token(form),
                "rendered": rendered,
                "name": "Rita Holder",
                "email": "rita@example.com",
                "organisation": "Example Photo Agency",
                "postal_address": "1 Example Street, Springfield",
                "phone": "",
                "country": "us",
                "acting_as": "holder",
                "principal_name": "",
                "track": "us-dmca",
                "right_type": "copyright",
                "work_description": "Our photograph of the harbour, taken in May.",
                "original_urls": "https://photos.example/harbour",
                "story_urls": story_url,
                "scope": "whole",
                "language": "",
                "remedy": "remove-story",
                "explanation": "The story republishes our photograph, unlicensed.",
                "good_faith": "on",
                "exceptions_considered": "on",
                "accuracy": "on",
                "processing_notice": "on",
                "signature": "Rita Holder",
                "website": "",
            },
            follow_redirects=True,
        )
    assert response.status_code == 200, response.text
    assert "TD-" in response.text  # The status page, with the reference.


def takedown_request_id(staff: httpx.Client, slug: str) -> int:
    """Find the request that names the story `slug` in the Legal queue."""
    changelist = staff.get("/admin/takedowns/takedownrequest/", params={"q": slug})
    return int(re.search(r"/takedownrequest/(\d+)/change/", changelist.text)[1])


def decide(staff: httpx.Client, request_id: int, action: str, **fields):
    """Run a decision from the request's change form: the action, then its
    confirmation page, filled with `fields` (each story's scope for an
    accept: the one claimed)."""
    change_path = f"/admin/takedowns/takedownrequest/{request_id}/change/"
    chosen = {"CHANGE_FORM-action": action, "_selected_action": request_id}
    confirmation = post_form(staff, change_path, chosen)
    assert confirmation.status_code == 200, confirmation.text
    scopes = dict.fromkeys(
        re.findall(r'name="(scope_\d+)"', confirmation.text), "whole"
    )
    response = staff.post(
        change_path,
        data={
            **chosen,
            **scopes,
            **fields,
            "confirm": "yes",
            "csrfmiddlewaretoken": csrf_token(confirmation),
        },
    )
    assert response.status_code == 302, response.text


def test_story_through_the_edge_from_publish_to_takedown_and_failover(
    rig, newsroom, staff_on_a, staff_on_b
):
    slug = f"harbour-reopens-{uuid.uuid4().hex[:8]}"
    title = "Harbour reopens after repairs"
    story_url = f"{rig.edge}/story/{slug}/"

    # Published on A; read through the edge, then from its cache.
    hero = upload_hero_image(staff_on_a)
    publish_story(staff_on_a, story_form(newsroom, slug=slug, title=title, hero=hero))
    first, _ = wait_for_status(story_url, 200, REPLICA_DEADLINE_SECONDS)
    assert title in first.text
    cached = wait_for_edge_copy(story_url)
    assert "xkey" not in cached.headers
    assert title in cached.text

    # The renditions uploaded on A are served at the addresses B's page names.
    page_on_b = httpx.get(f"{rig.app_b}/story/{slug}/")
    sources = IMAGE_SOURCE.findall(page_on_b.text)
    assert sources, page_on_b.text
    for source in sources:
        rendition = httpx.get(source)
        assert rendition.status_code == 200, source
        assert rendition.headers["Content-Type"].startswith("image/")

    # A takedown accepted on B: the edge answers 451 within a second.
    file_notice(rig.edge, story_url)
    request_id = takedown_request_id(staff_on_b, slug)
    staff_on_b.post(
        "/admin/takedowns/takedownrequest/",
        data={
            "action": "acknowledge",
            "_selected_action": request_id,
            "csrfmiddlewaretoken": csrf_token(
                staff_on_b.get("/admin/takedowns/takedownrequest/")
            ),
        },
    )
    wait_for_edge_copy(story_url)
    decide(staff_on_b, request_id, "accept", note="")
    restricted, waited = wait_for_status(story_url, 451, PURGE_DEADLINE_SECONDS)
    print(f"451 at the edge {waited * 1000:.0f} ms after the accept returned")
    assert title not in restricted.text

    # Restored on B: the page is back as fast.
    decide(staff_on_b, request_id, "restore", note="The claimant withdrew.")
    restored, waited = wait_for_status(story_url, 200, PURGE_DEADLINE_SECONDS)
    print(f"200 at the edge {waited * 1000:.0f} ms after the restore returned")
    assert title in restored.text

    # With A stopped, the edge serves every reader from B.
    rig.stop("app-a")
    try:
        for number in range(20):
            response = httpx.get(f"{rig.edge}/?page-load={number}", timeout=10)
            assert response.status_code == 200, response.text
    finally:
        rig.start("app-a")


@contextmanager
def replay_paused(replica_url: str):
    """Hold the replica's replay: it lags the primary until the block ends."""
    with psycopg.connect(replica_url, autocommit=True) as replica:
        replica.execute("SELECT pg_wal_replay_pause()")
        try:
            yield
        finally:
            replica.execute("SELECT pg_wal_replay_resume()")


def test_a_page_read_from_a_lagging_replica_is_purged_again_once_it_caught_up(
    rig, newsroom, staff_on_a
):
    slug = f"ferry-timetable-{uuid.uuid4().hex[:8]}"
    story_url = f"{rig.edge}/story/{slug}/"
    form = story_form(newsroom, slug=slug, title="Ferry timetable unchanged", hero="")
    story_id = publish_story(staff_on_a, form)
    wait_for_status(story_url, 200, REPLICA_DEADLINE_SECONDS)
    wait_for_edge_copy(story_url)

    with replay_paused(rig.replica_url):
        edit_story(
            staff_on_a, story_id, {**form, "title_en": "Ferry timetable changes"}
        )
        # The edit purged the edge, but the replica has not replayed it: the
        # page is rendered old, and the edge keeps that copy.
        stale = wait_for_edge_copy(story_url)
        assert "Ferry timetable unchanged" in stale.text

    # Once the replica has the edit, the second purge retires the old copy.
    started = time.monotonic()
    while "Ferry timetable changes" not in httpx.get(story_url).text:
        assert time.monotonic() - started < PURGE_DEADLINE_SECONDS * 2, story_url
        time.sleep(0.02)
