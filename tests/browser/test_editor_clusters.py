"""An editor's journey with clusters in a real browser (Chromium, Playwright).

Three outlets' write-ups of one earthquake arrive as one draft. The editor
sees every outlet side by side on the draft, splits one write-up off,
merges it back, and the published story credits every other outlet on the
public page. Screenshots go to test-artifacts/.
"""

import pytest
from django.test import Client
from playwright.sync_api import expect

from articles.models import Source, StoryCredit
from articles.services.story import story_publish
from ingest.models import FeedItem
from tests.dedup_set import load_items
from tests.ingest.dedup_measure import ingest_items

pytestmark = pytest.mark.django_db(transaction=True)

EVENT = "005-orvane-earthquake"


@pytest.fixture
def clustered():
    written = [item for item in load_items() if item["cluster"] == EVENT][:3]
    ingest_items(written)
    return [item["link"] for item in written]


@pytest.fixture
def editor_page(page, live_server, editor):
    client = Client()
    client.force_login(editor)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    return page


def run_action(page, url, selected, action, confirm):
    """Select rows of an admin list, run `action` and confirm it."""
    page.goto(url)
    for pk in selected:
        page.locator(f"input[name=_selected_action][value='{pk}']").check()
    page.select_option("select[name=action]", action)
    page.get_by_role("button", name="Run").click()
    page.get_by_role("button", name=confirm).click()


def test_editor_splits_and_merges_and_readers_see_every_source(
    editor_page, live_server, clustered, artifacts
):
    page = editor_page
    first = FeedItem.objects.get(guid=clustered[0])
    story = FeedItem.objects.get(cluster=first.cluster, story__isnull=False).story
    page.goto(f"{live_server.url}/admin/articles/story/{story.pk}/change/")
    table = page.locator("table.cluster-sources")
    for item in FeedItem.objects.filter(cluster=first.cluster):
        expect(table).to_contain_text(item.feed.source.name)
    page.screenshot(path=artifacts / "editor-cluster-draft.png", full_page=True)

    split = FeedItem.objects.filter(cluster=first.cluster).exclude(story=story)[0]
    run_action(
        page,
        f"{live_server.url}/admin/ingest/feeditem/",
        [split.pk],
        "split",
        "Yes, split them off",
    )
    expect(page.locator(".messagelist")).to_contain_text("is a story of its own now")
    split.refresh_from_db()
    assert split.cluster.items.count() == 1

    kept = FeedItem.objects.get(story=story).cluster_id
    run_action(
        page,
        f"{live_server.url}/admin/ingest/duplicatecluster/",
        [kept, split.cluster_id],
        "merge",
        "Yes, merge them",
    )
    expect(page.locator(".messagelist")).to_contain_text("Merged into")
    assert FeedItem.objects.filter(cluster_id=kept).count() == 3

    # Every outlet's attribution rules apply: each needs its line.
    Source.objects.update(attribution_template_en="As reported by {source}")
    story.summary, story.body = "A quake in Orvane.", "<p>In our own words.</p>"
    story.save()
    story_publish(story=story, by=None)
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    also = page.locator(".attribution__also")
    expect(also).to_contain_text("Also reported by")
    credits = StoryCredit.objects.filter(story=story).select_related("source")
    assert len(credits) == 2
    for credit in credits:
        expect(also.get_by_role("link", name=credit.source.name)).to_have_attribute(
            "href", credit.url
        )
    page.screenshot(path=artifacts / "reader-story-credits.png", full_page=True)
