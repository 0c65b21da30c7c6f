"""Several outlets' write-ups of one event become one story: through
`ingest_feeds` with feeds served locally, the editors' split and merge, and
the credits readers see."""

import json
from datetime import datetime
from io import StringIO

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from pytest_django.asserts import assertContains

from articles.exceptions import PublishBlocked
from articles.models import Story, StoryCredit, StoryStatus
from articles.services.credits import story_credits_replace
from articles.services.story import story_publish
from ingest.models import DuplicateCluster, FeedItem, FeedItemSeparation
from tests.dedup_set import load_items
from tests.factories import CategoryFactory, FeedFactory, SourceFactory
from tests.ingest.conftest import rss

pytestmark = pytest.mark.django_db

# Two events told by the same three outlets, and six stories that look like
# them: another earthquake, another chief executive quitting (same topic,
# other event), the quake's reconstruction fund, the bank's customers suing
# (related, different), another central bank's rate rise and another Helix
# plant (look-alike headlines).
OUTLETS = ["Granite Wire", "Harbour Post", "Meridian Times"]
EVENTS = ["005-orvane-earthquake", "012-vantis-bank-ceo-resigns"]
LOOK_ALIKES = [
    "104-halvik-coastal-earthquake",
    "106-halvik-energy-ceo-quits",
    "135-orvane-reconstruction-fund",
    "138-vantis-customers-class-action",
    "118-marvalia-central-bank-rate-rise",
    "122-helix-closes-lessing-plant",
]
CHINESE_EVENTS = ["037-binjiang-metro-line5-opens", "043-tianshu7-satellite-launch"]
CHINESE_LOOK_ALIKES = [
    "128-qinghe-metro-line5-opens",
    "131-tianlian7-satellite-launch",
    "154-anlan-tram-t2-opens",
]


def entry(item):
    return {
        "title": item["title"],
        "link": item["link"],
        "guid": item["link"],
        "pubDate": datetime.fromisoformat(item["published"]),
        "description": item["summary"],
        "content:encoded": item["body"],
    }


def serve_outlets(feed_server, events, look_alikes, *, language="en"):
    """Serve one feed per outlet: its write-up of each event, and the look-
    alikes dealt out among the outlets. Return the feeds."""
    items = load_items()
    per_outlet = {}
    for cluster in events:
        written = [item for item in items if item["cluster"] == cluster][:3]
        for number, item in enumerate(written):
            per_outlet.setdefault(number, []).append(item)
    for number, cluster in enumerate(look_alikes):
        item = next(item for item in items if item["cluster"] == cluster)
        per_outlet[number % 3].append(item)
    category = CategoryFactory()
    feeds = []
    for number, written in per_outlet.items():
        url = feed_server.serve(
            f"/{language}/outlet{number}.xml", rss([entry(item) for item in written])
        )
        source = SourceFactory(name_en=OUTLETS[number], slug=f"outlet-{number}")
        feeds.append(
            FeedFactory(
                url=url, source=source, language=language, default_category=category
            )
        )
    return feeds


def ingest():
    output = StringIO()
    call_command("ingest_feeds", stdout=output, stderr=output)
    return output.getvalue()


def clusters_by_guid():
    clusters = {}
    for guid, cluster_id in FeedItem.objects.values_list("guid", "cluster_id"):
        clusters.setdefault(cluster_id, set()).add(guid)
    return sorted(len(guids) for guids in clusters.values())


def test_each_event_from_three_outlets_becomes_one_story(feed_server):
    serve_outlets(feed_server, EVENTS, LOOK_ALIKES)

    output = ingest()

    assert FeedItem.objects.count() == 12
    assert Story.objects.count() == 8
    assert clusters_by_guid() == [1, 1, 1, 1, 1, 1, 3, 3]
    assert "0 clustered" in output  # the first outlet's feed
    assert "2 clustered" in output


def test_chinese_write_ups_of_one_event_become_one_story(feed_server):
    serve_outlets(feed_server, CHINESE_EVENTS, CHINESE_LOOK_ALIKES, language="zh-hans")

    ingest()

    assert Story.objects.count() == 5
    assert clusters_by_guid() == [1, 1, 1, 3, 3]


def test_ingesting_again_adds_nothing(feed_server):
    serve_outlets(feed_server, EVENTS, LOOK_ALIKES)
    ingest()
    feeds_polled_again = FeedItem.objects.values_list("feed", flat=True).distinct()
    for feed in FeedItem.objects.model.feed.field.related_model.objects.filter(
        pk__in=feeds_polled_again
    ):
        feed.next_poll_at = feed.created_at
        feed.save(update_fields=["next_poll_at"])

    output = ingest()

    assert "0 created, 0 clustered" in output
    assert FeedItem.objects.count() == 12
    assert Story.objects.count() == 8


def test_headlines_alone_never_merge_two_items(feed_server):
    headline = "Magnitude 6.1 earthquake strikes Orvane province near Sarelle"
    url = feed_server.serve(
        "/headlines.xml",
        rss(
            [
                {"title": headline, "link": "https://a.example/1", "guid": "1"},
                {"title": headline + " today", "link": "https://b.example/2"},
            ]
        ),
    )
    FeedFactory(url=url)

    ingest()

    assert Story.objects.count() == 2


def links_of(cluster):
    return [item["link"] for item in load_items() if item["cluster"] == cluster]


def event_story(cluster=EVENTS[0]):
    item = FeedItem.objects.get(guid__in=links_of(cluster), story__isnull=False)
    return item.story


def test_the_first_item_is_the_draft_and_credits_the_other_outlets(feed_server):
    serve_outlets(feed_server, EVENTS, [])

    ingest()

    story = event_story()
    item = FeedItem.objects.get(story=story)
    credited = set(story.credits.values_list("source__name", flat=True))
    assert credited == set(OUTLETS) - {story.source.name}
    assert story.credit_count == len(credited)
    assert set(story.credits.values_list("url", flat=True)) == set(
        FeedItem.objects.filter(cluster=item.cluster)
        .exclude(pk=item.pk)
        .values_list("url", flat=True)
    )


@pytest.fixture
def clustered(feed_server):
    """The two events and their look-alikes, ingested."""
    serve_outlets(feed_server, EVENTS, LOOK_ALIKES)
    ingest()


def test_editor_sees_every_outlet_side_by_side_on_the_draft(editor_client, clustered):
    story = event_story()

    response = editor_client.get(f"/admin/articles/story/{story.pk}/change/")

    for item in FeedItem.objects.filter(cluster__items__story=story):
        assertContains(response, item.feed.source.name)
        assertContains(response, item.url)
    assertContains(response, "cluster-sources")


def test_editor_splits_an_item_off_for_good(editor_client, clustered):
    story = event_story()
    other = FeedItem.objects.filter(cluster__items__story=story).exclude(story=story)[0]
    url = "/admin/ingest/feeditem/"
    form = {"action": "split", "_selected_action": [other.pk]}

    confirmation = editor_client.post(url, form)
    assertContains(confirmation, "Yes, split them off")
    assert other.cluster_id == FeedItem.objects.get(pk=other.pk).cluster_id

    editor_client.post(url, {**form, "post": "yes"})

    other.refresh_from_db()
    assert other.story is not None  # a draft of its own
    assert other.cluster.items.count() == 1
    assert not story.credits.filter(url=other.url).exists()
    story.refresh_from_db()
    assert story.credit_count == story.credits.count()
    assert FeedItemSeparation.objects.count() == 2
    assert LogEntry.objects.filter(object_id=str(other.pk)).exists()


def test_a_split_pair_never_merges_again(feed_server, clustered):
    story = event_story()
    other = FeedItem.objects.filter(cluster__items__story=story).exclude(story=story)[0]
    from ingest.clusters import feed_item_split

    feed_item_split(item=other, by=None)
    # A fourth outlet's write-up, matching both halves.
    fourth = [item for item in load_items() if item["cluster"] == EVENTS[0]][3]
    url = feed_server.serve("/fourth.xml", rss([entry(fourth)]))
    FeedFactory(url=url)

    ingest()

    other.refresh_from_db()
    assert other.cluster.items.count() == 1
    assert FeedItem.objects.get(guid=fourth["link"]).cluster_id == (
        FeedItem.objects.get(story=story).cluster_id
    )


def test_editor_merges_two_clusters(editor_client, clustered):
    story = event_story()
    look_alike = FeedItem.objects.get(guid__in=links_of(LOOK_ALIKES[2]))
    kept = FeedItem.objects.get(story=story).cluster
    form = {
        "action": "merge",
        "_selected_action": [kept.pk, look_alike.cluster_id],
    }

    confirmation = editor_client.post("/admin/ingest/duplicatecluster/", form)
    assertContains(confirmation, "Yes, merge them")
    editor_client.post("/admin/ingest/duplicatecluster/", {**form, "post": "yes"})

    look_alike.refresh_from_db()
    assert look_alike.story is None
    assert look_alike.cluster.items.count() == 4
    assert Story.objects.count() == 7
    assert LogEntry.objects.filter(change_message__contains="Merged").exists()


def test_merging_a_published_story_away_is_refused(editor_client, clustered):
    look_alike = FeedItem.objects.get(guid__in=links_of(LOOK_ALIKES[2]))
    story_publish(story=look_alike.story, by=None)
    story = event_story()
    form = {
        "action": "merge",
        "_selected_action": [
            FeedItem.objects.get(story=story).cluster_id,
            look_alike.cluster_id,
        ],
        "post": "yes",
    }

    response = editor_client.post("/admin/ingest/duplicatecluster/", form, follow=True)

    assertContains(response, "unpublish or withdraw it")
    assert DuplicateCluster.objects.count() == 8


def story_published_with_credits():
    story = event_story()
    story.summary = "An earthquake in Orvane."
    story.body = "<p>Our own words.</p>"
    story.original_url = story.original_url or "https://a.example/quake"
    story.save()
    return story_publish(story=story, by=None)


def test_readers_see_every_source_in_both_languages(client, clustered):
    story = story_published_with_credits()
    credits = list(StoryCredit.objects.filter(story=story).select_related("source"))
    assert len(credits) == 2

    english = client.get(story.get_absolute_url())

    first, second = (credit.source.name for credit in credits)
    assertContains(english, "Also reported by")
    assertContains(english, f">{first}</a> and <a")
    for credit in credits:
        assertContains(english, f'href="{credit.url}"')
    data = json.loads(
        english.content.decode()
        .split('<script type="application/ld+json">')[1]
        .split("</script>")[0]
    )
    assert data["isBasedOn"] == [story.original_url, *(c.url for c in credits)]


def test_a_blocked_credited_source_stops_publishing(clustered):
    story = event_story()
    credit = story.credits.first()
    credit.source.is_blocked = True
    credit.source.save()
    story.status = StoryStatus.DRAFT
    story.summary, story.body = "Summary.", "<p>Body.</p>"
    story.save()

    with pytest.raises(PublishBlocked, match="credited as also reporting"):
        story_publish(story=story, by=None)


def test_chinese_readers_see_every_source(client):
    from django.utils import translation

    from tests.factories import StoryFactory

    story = StoryFactory(published=True, translated=True)
    story_credits_replace(
        story=story,
        credits=[
            StoryCredit(
                story=story,
                source=SourceFactory(
                    name_en=f"Outlet {number}", name_zh_hans=f"媒体{number}"
                ),
                url=f"https://outlet{number}.example/story",
            )
            for number in (1, 2)
        ],
    )
    with translation.override("zh-hans"):
        url = story.get_absolute_url()

    response = client.get(url)

    assertContains(response, ">媒体1</a>和<a")
    assertContains(response, "亦有报道")
