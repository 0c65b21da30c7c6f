"""The editors' side of ingestion: feeds, the imported queue, clusters."""

import pytest
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Story
from ingest.models import Feed, FeedItem
from tests.factories import FeedFactory, SourceFactory, StoryFactory
from tests.ingest.conftest import rss
from tests.ingest.test_commands import WIRE, broken_feed, ingest

pytestmark = pytest.mark.django_db

FEED_CHANGELIST = reverse("admin:ingest_feed_changelist")
STORY_CHANGELIST = reverse("admin:articles_story_changelist")


def test_fetch_now_imports_the_feed_and_reports(editor_client, feed_server):
    url = feed_server.serve("/now.xml", rss([{"title": "Fresh", "link": "/fresh"}]))
    feed = FeedFactory(url=url)

    response = editor_client.post(
        FEED_CHANGELIST,
        {"action": "fetch_now", "_selected_action": [feed.pk]},
        follow=True,
    )

    assertContains(response, "1 created")
    assert Story.objects.get().title == "Fresh"


def test_fetch_now_shows_what_went_wrong(editor_client, feed_server):
    feed = FeedFactory(url=feed_server.serve("/missing.xml", status=404))

    response = editor_client.post(
        FEED_CHANGELIST,
        {"action": "fetch_now", "_selected_action": [feed.pk]},
        follow=True,
    )

    assertContains(response, "The server answered 404")
    assert Feed.objects.get().consecutive_failures == 1


def test_broken_feed_shows_its_warning_in_both_languages(editor_client, feed_server):
    entry = {"title": "Harbour reopens", "link": "https://a.example/h"}
    broken = FeedFactory(url=feed_server.serve("/broken.xml", broken_feed([entry])))
    FeedFactory(url=feed_server.serve("/fine.xml", rss([])))
    ingest()

    response = editor_client.post(
        FEED_CHANGELIST,
        {"action": "fetch_now", "_selected_action": [broken.pk]},
        follow=True,
    )
    assertContains(response, '<li class="warning">')
    assertContains(response, "1 unchanged. The feed is broken (not well-formed")

    for language, label, choice in [
        ("en", "Last warning", "With warnings"),
        ("zh-hans", "最近一次警告", "有警告"),
    ]:
        with translation.override(language):
            changelist = reverse("admin:ingest_feed_changelist")
            change = reverse("admin:ingest_feed_change", args=[broken.pk])
        response = editor_client.get(changelist, {"health": "warning"})
        assertContains(response, label)
        assertContains(response, choice)
        assertContains(response, "/broken.xml")
        assertNotContains(response, "/fine.xml")
        response = editor_client.get(change)
        assertContains(response, label)
        assertContains(response, "undefined entity")

    response = editor_client.get(FEED_CHANGELIST, {"health": "healthy"})
    assertContains(response, "/fine.xml")
    assertNotContains(response, "/broken.xml")


@pytest.mark.parametrize("feed_count", [2, 6])
def test_feed_list_shows_health_in_constant_queries(
    admin_client, django_assert_max_num_queries, feed_count
):
    FeedFactory.create_batch(feed_count, consecutive_failures=2, last_error="Boom")

    # Guards against N+1: health columns come from one annotated query.
    with django_assert_max_num_queries(8):
        response = admin_client.get(FEED_CHANGELIST, {"health": "failing"})

    assertContains(response, "Boom", count=feed_count)


def test_imported_queue_lists_drafts_from_feeds_only(editor_client, feed_server):
    url = feed_server.serve("/q.xml", rss([{"title": "From a feed", "link": "/q"}]))
    FeedFactory(url=url)
    ingest()
    StoryFactory(title="Written in the newsroom")

    response = editor_client.get(STORY_CHANGELIST, {"imported": "review"})

    assertContains(response, "From a feed")
    assertNotContains(response, "Written in the newsroom")


def test_story_page_shows_who_else_reported_it(editor_client, feed_server):
    for name in ["Wire", "Daily"]:
        body = rss(
            [
                {
                    "title": f"{name} on NATO",
                    "link": f"https://{name.lower()}.example/nato",
                    "description": WIRE,
                }
            ]
        )
        FeedFactory(url=feed_server.serve(f"/{name}.xml", body), source__name_en=name)
    ingest()
    story = Story.objects.get()

    response = editor_client.get(
        reverse("admin:articles_story_change", args=[story.pk])
    )

    assertContains(response, "<td>Daily</td>")
    assertContains(response, "https://daily.example/nato")


def test_source_change_is_flagged_on_the_story_and_can_be_cleared(
    editor_client, feed_server
):
    entry = {"title": "First words", "link": "https://a.example/x", "guid": "x"}
    FeedFactory(url=feed_server.serve("/c.xml", rss([entry])))
    ingest()
    feed_server.serve("/c.xml", rss([{**entry, "title": "Second words"}]))
    ingest("--feed", str(Feed.objects.get().pk))
    story = Story.objects.get()

    response = editor_client.get(STORY_CHANGELIST, {"imported": "changed"})
    assertContains(response, "First words")
    response = editor_client.get(
        reverse("admin:articles_story_change", args=[story.pk])
    )
    assertContains(response, "Changed at the source")

    item = FeedItem.objects.get()
    editor_client.post(
        reverse("admin:ingest_feeditem_changelist"),
        {"action": "acknowledge_change", "_selected_action": [item.pk]},
    )
    item.refresh_from_db()
    assert not item.has_upstream_change


def test_cluster_page_lists_its_items(admin_client, feed_server):
    url = feed_server.serve("/k.xml", rss([{"title": "Clustered", "link": "/k"}]))
    FeedFactory(url=url)
    ingest()
    cluster = FeedItem.objects.get().cluster

    response = admin_client.get(
        reverse("admin:ingest_duplicatecluster_change", args=[cluster.pk])
    )

    assertContains(response, "Clustered")


@pytest.mark.parametrize(
    ("url", "saved"),
    [("https://news.example/rss.xml", True), ("ftp://news.example/rss.xml", False)],
)
def test_editor_adds_an_http_feed(editor_client, url, saved):
    source = SourceFactory()

    response = editor_client.post(
        reverse("admin:ingest_feed_add"),
        {
            "source": source.pk,
            "url": url,
            "language": "en",
            "default_category": "",
            "is_active": "on",
            "poll_interval_minutes": "30",
            "next_poll_at_0": "2026-11-25",
            "next_poll_at_1": "09:00:00",
        },
    )

    assert Feed.objects.filter(url=url).exists() == saved
    if not saved:
        assertContains(response, "Enter a valid URL.")


def test_editor_can_let_a_source_auto_publish_summaries(editor_client):
    source = SourceFactory()

    response = editor_client.get(
        reverse("admin:articles_source_change", args=[source.pk])
    )

    assertContains(response, 'name="auto_publish_summaries"')
