"""Upgrading a database from before the feeds and takedowns had apps of their own.

The database is taken back to the last migration of the single-app layout,
filled there through the historical models (stories, a feed with items in a
duplicate cluster, a takedown request with its events, a counter-notice,
mail and a restriction, a queued task, staff groups), then migrated forward.
Every row must still be there, still linked, and the groups must still hold
their permissions under the new app labels.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from articles.models import RestrictionScope, Story, StoryLanguage, StoryRestriction
from ingest.models import DuplicateCluster, Feed, FeedItem
from ingest.tasks import poll_feed
from takedowns.models import (
    CounterNotice,
    OutboundMessage,
    TakedownEvent,
    TakedownItem,
    TakedownRequest,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SINGLE_APP_HEAD = [
    ("articles", "0011_legal_group"),
    ("ingest", None),
    ("takedowns", None),
]
NOW = timezone.now()


def migrate(targets):
    """Migrate to `targets` and return the historical models there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    named = {app for app, _name in targets}
    return executor.loader.project_state(
        [target for target in targets if target[1] is not None]
        + [node for node in executor.loader.graph.leaf_nodes() if node[0] not in named]
    ).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def create_category_and_source(apps):
    """Write a category and a source with the historical models of `apps`."""
    category = apps.get_model("articles", "Category").objects.create(
        name="World", name_en="World", slug="world"
    )
    source = apps.get_model("articles", "Source").objects.create(
        name="Harbour Post",
        name_en="Harbour Post",
        slug="harbour-post",
        homepage_url="https://harbour.example/",
    )
    return category, source


def fill_single_app_database(apps):
    """Write, with the models of the old layout, one of everything that moves."""
    articles = lambda name: apps.get_model("articles", name)  # noqa: E731
    category, source = create_category_and_source(apps)
    stories = [
        articles("Story").objects.create(
            title=f"Story {number}",
            title_en=f"Story {number}",
            slug=f"story-{number}",
            summary_en="A summary.",
            body_en="<p>A body.</p>",
            category=category,
            source=source,
            original_url=f"https://harbour.example/{number}",
            status="published",
            publish_at=NOW - timedelta(days=1),
            first_published_at=NOW - timedelta(days=1),
        )
        for number in (1, 2)
    ]
    articles("StoryLanguage").objects.create(
        story=stories[0], language="zh-hans", status="published", published_at=NOW
    )

    feed = articles("Feed").objects.create(
        source=source,
        url="https://harbour.example/feed.xml",
        default_category=category,
        next_poll_at=NOW,
    )
    cluster = articles("DuplicateCluster").objects.create()
    for number, story in enumerate(stories):
        articles("FeedItem").objects.create(
            feed=feed,
            guid=f"guid-{number}",
            url=story.original_url,
            title=story.title,
            content_hash=f"{number:064d}",
            simhash=number,
            band0=number,
            band1=number,
            band2=number,
            band3=number,
            cluster=cluster,
            story=story,
            fetched_at=NOW,
        )

    takedown_request = articles("TakedownRequest").objects.create(
        reference="TD-ABCD-EFGH",
        status="counter-notice",
        track="dmca",
        right_type="copyright",
        name="Claire Mant",
        email="claire@rights.example",
        email_normalised="claire@rights.example",
        acting_as="owner",
        country="US",
        signature="Claire Mant",
        explanation="They copied our photograph." * 3,
        requested_remedy="remove",
    )
    item = articles("TakedownItem").objects.create(
        request=takedown_request, story=stories[0], scope="whole"
    )
    for seq, action in enumerate(["submit", "accept"], start=1):
        articles("TakedownEvent").objects.create(
            request=takedown_request, seq=seq, action=action, actor_kind="system"
        )
    articles("CounterNotice").objects.create(
        request=takedown_request,
        name="Sam Writer",
        email="sam@writer.example",
        postal_address="1 Main St",
        phone="+1 555 0100",
        material_location=stories[0].original_url,
        reason="mistake",
        explanation="It is my own photograph.",
        signature="Sam Writer",
        received_at=NOW,
        restore_not_before=NOW + timedelta(days=14),
        restore_deadline=NOW + timedelta(days=20),
    )
    articles("OutboundMessage").objects.create(
        request=takedown_request,
        template="update",
        to_email="claire@rights.example",
        subject="Your removal request",
        body="Your request is now: Counter-notice received.",
    )
    articles("StoryRestriction").objects.create(
        story=stories[0],
        request=takedown_request,
        item=item,
        scope="whole",
        expires_at=NOW + timedelta(days=14),
    )
    permissions = apps.get_model("auth", "Permission").objects
    for group_name, codename in [
        ("Legal", "handle_takedown"),
        ("Editors", "change_feed"),
    ]:
        group, _created = apps.get_model("auth", "Group").objects.get_or_create(
            name=group_name
        )
        group.permissions.add(
            permissions.get(content_type__app_label="articles", codename=codename)
        )
    apps.get_model("django_tasks_database", "DBTaskResult").objects.create(
        task_path="articles.tasks.poll_feed",
        args_kwargs={"args": [], "kwargs": {"feed_id": feed.pk}},
        queue_name="ingest",
        backend_name="default",
        run_after=NOW,
    )


def test_upgrade_keeps_every_row_linked_and_every_group_its_permissions():
    # One test: each trip back and forth through the migrations takes seconds.
    fill_single_app_database(migrate(SINGLE_APP_HEAD))
    migrate(latest())
    ContentType.objects.clear_cache()

    check_every_row_survives_and_stays_linked()
    check_the_restriction_names_its_cause_and_still_hides_the_story()
    check_a_task_queued_before_the_move_runs_the_moved_task()
    check_staff_groups_keep_their_permissions_under_the_new_app_labels()


def check_every_row_survives_and_stays_linked():
    story = Story.objects.get(slug="story-1")
    assert Story.objects.count() == 2
    assert StoryLanguage.objects.get().story == story

    feed = Feed.objects.get()
    assert feed.source.name == "Harbour Post"
    assert feed.default_category.slug == "world"
    cluster = DuplicateCluster.objects.get()
    assert {item.story.slug for item in FeedItem.objects.filter(cluster=cluster)} == {
        "story-1",
        "story-2",
    }
    assert set(feed.items.values_list("guid", flat=True)) == {"guid-0", "guid-1"}

    takedown_request = TakedownRequest.objects.get()
    assert takedown_request.reference == "TD-ABCD-EFGH"
    assert takedown_request.items.get().story == story
    assert list(takedown_request.events.values_list("seq", "action")) == [
        (1, "submit"),
        (2, "accept"),
    ]
    assert CounterNotice.objects.get().takedown_request == takedown_request
    assert OutboundMessage.objects.get().takedown_request == takedown_request
    assert TakedownEvent.objects.count() == 2


def check_the_restriction_names_its_cause_and_still_hides_the_story():
    restriction = StoryRestriction.objects.get()
    item = TakedownItem.objects.get()

    assert restriction.cause == item
    assert restriction.reference == "TD-ABCD-EFGH"
    assert restriction.reason == "Copyright"
    assert restriction.scope == RestrictionScope.WHOLE
    assert list(item.takedown_request.restrictions) == [restriction]
    assert not Story.objects.published("en").filter(slug="story-1").exists()
    assert Story.objects.published("en").filter(slug="story-2").exists()


def check_a_task_queued_before_the_move_runs_the_moved_task():
    task_path = DBTaskResult.objects.get().task_path

    assert task_path == "ingest.tasks.poll_feed"
    assert import_string(task_path) is poll_feed


def check_staff_groups_keep_their_permissions_under_the_new_app_labels():
    legal = Group.objects.get(name="Legal")
    editors = Group.objects.get(name="Editors")

    assert legal.permissions.filter(
        content_type__app_label="takedowns", codename="handle_takedown"
    ).exists()
    assert editors.permissions.filter(
        content_type__app_label="ingest", codename="change_feed"
    ).exists()
    assert not Permission.objects.filter(
        content_type__app_label="articles", codename="handle_takedown"
    ).exists()

    call_command("sync_roles", verbosity=0)

    legal_user_permissions = {
        f"{app}.{codename}"
        for app, codename in legal.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }
    assert "takedowns.handle_takedown" in legal_user_permissions
    assert "articles.view_storyrestriction" in legal_user_permissions
