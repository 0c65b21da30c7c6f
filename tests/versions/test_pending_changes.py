"""Edits to a story readers have seen wait as pending changes until published."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.tasks import default_task_backend
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from articles.exceptions import PublishBlocked
from articles.models import PendingChanges, Story, StoryStatus
from articles.services.changes import (
    story_changes_publish,
    story_changes_publish_due,
    story_changes_schedule,
    story_edit,
)
from articles.services.editing import edit_token
from tests.factories import StoryFactory

pytestmark = pytest.mark.django_db

CHANGELIST_URL = reverse("admin:articles_story_changelist")


def change_url(story):
    return reverse("admin:articles_story_change", args=[story.pk])


def form_data(story, **overrides):
    """What the change form posts for `story`, with `overrides` typed in."""
    data = {
        "title_en": story.title_en,
        "slug": story.slug,
        "summary_en": story.summary_en,
        "body_en": story.body_en,
        "byline_en": story.byline_en or "",
        "category": story.category_id,
        "source": story.source_id,
        "original_url": story.original_url,
        "original_published_at_0": "",
        "original_published_at_1": "",
        "hero_image": story.hero_image_id or "",
        "status": story.status,
        "publish_at_0": story.publish_at.strftime("%Y-%m-%d")
        if story.publish_at
        else "",
        "publish_at_1": story.publish_at.strftime("%H:%M:%S")
        if story.publish_at
        else "",
        "unpublish_at_0": "",
        "unpublish_at_1": "",
        "withdrawal_reason": story.withdrawal_reason,
        "withdrawal_note_en": story.withdrawal_note_en or "",
        "publish_changes_at_0": "",
        "publish_changes_at_1": "",
        # The version the form was opened on (no one else saved since).
        "edit_token": edit_token(Story.objects.get(pk=story.pk)),
    }
    data.update(overrides)
    return data


def test_editing_a_live_story_holds_the_change(client, editor_client):
    story = StoryFactory(published=True, title_en="NATO meets")
    updated_at = story.updated_at

    response = editor_client.post(
        change_url(story), form_data(story, title_en="NATO agrees")
    )

    assert response.status_code == 302
    story.refresh_from_db()
    assert story.title_en == "NATO meets"
    # A form opened before this save can tell that the story changed.
    assert story.updated_at > updated_at
    assertContains(client.get(story.get_absolute_url()), "NATO meets")
    page = editor_client.get(change_url(story))
    assertContains(page, "Changes pending.")
    assertContains(page, 'value="NATO agrees"')
    assertContains(
        editor_client.get(CHANGELIST_URL), "Published · <strong>changes pending"
    )


def test_publish_changes_shows_them_to_readers(client, editor_client):
    story = StoryFactory(published=True, title_en="NATO meets")

    response = editor_client.post(
        change_url(story),
        form_data(story, title_en="NATO agrees", _continue="publish-changes"),
        follow=True,
    )

    assertContains(response, "Changes published")
    story.refresh_from_db()
    assert story.title_en == "NATO agrees"
    assert not PendingChanges.objects.filter(story=story).exists()
    assertContains(client.get(story.get_absolute_url()), "NATO agrees")


def test_drafts_and_scheduled_stories_save_directly(editor_client):
    draft = StoryFactory(title_en="Draft")
    scheduled = StoryFactory(scheduled=True, title_en="Scheduled")

    for story in (draft, scheduled):
        editor_client.post(change_url(story), form_data(story, title_en="Edited"))
        story.refresh_from_db()
        assert story.title_en == "Edited"
    assert not PendingChanges.objects.exists()


def test_publishing_checks_apply_to_the_pending_version(editor):
    story = StoryFactory(published=True)
    story.summary_en = ""
    story_edit(story=story, by=editor)
    # The form would refuse it; a service caller may not skip the check.
    with pytest.raises(PublishBlocked) as refused:
        story_changes_publish(story=story, by=editor)

    assert "summary_en" in refused.value.message_dict
    story.refresh_from_db()
    assert story.summary_en
    assert PendingChanges.objects.filter(story=story).exists()


def test_undoing_the_edit_drops_the_pending_changes(editor):
    story = StoryFactory(published=True, title_en="Same")
    story.title_en = "Different"
    story_edit(story=story, by=editor)
    story.title_en = "Same"
    story_edit(story=story, by=editor)

    assert not PendingChanges.objects.filter(story=story).exists()


def test_withdrawing_acts_at_once_while_the_text_waits(editor):
    story = StoryFactory(published=True, title_en="Old")
    story.title_en = "New"
    story.status = StoryStatus.WITHDRAWN
    story.withdrawal_reason = "correction"
    story_edit(story=story, by=editor)

    story.refresh_from_db()
    assert story.status == StoryStatus.WITHDRAWN
    assert story.title_en == "Old"
    assert story.pending_changes.values["title_en"] == "New"


def test_translator_changes_to_a_published_translation_wait(client, django_user_model):
    translator = django_user_model.objects.create_user("t", is_staff=True)
    translator.groups.add(Group.objects.get(name="Translators"))
    client.force_login(translator)
    story = StoryFactory(published=True, translated=True)
    url = reverse("admin:articles_story_translate", args=[story.pk, "zh-hans"])

    client.post(
        url,
        {
            "title": "新标题",
            "summary": story.summary_zh_hans,
            "body": "<p>新的第一段。</p>",
            "byline": "",
        },
    )

    story.refresh_from_db()
    assert story.title_zh_hans != "新标题"
    assert story.pending_changes.values["title_zh_hans"] == "新标题"
    with_pending = client.get(url)
    assertContains(with_pending, 'value="新标题"')
    assertContains(with_pending, "Changes pending.")
    # The published Chinese page still shows the approved text.
    page = client.get("/zh-hans" + story.get_absolute_url())
    assertContains(page, "第一段")
    assert "新的第一段" not in page.content.decode()


def test_an_editor_save_keeps_the_translators_pending_text(editor):
    story = StoryFactory(published=True, translated=True)
    stale = Story.objects.get(pk=story.pk)  # the editor opened the form now
    PendingChanges.objects.create(
        story=story,
        values={"title_zh_hans": "译者的新标题"},
    )
    stale.title_en = "Editor's headline"
    story_edit(story=stale, by=editor)

    values = PendingChanges.objects.get(story=story).values
    assert values["title_zh_hans"] == "译者的新标题"
    assert values["title_en"] == "Editor's headline"


def test_scheduled_changes_publish_when_due(editor, time_machine):
    story = StoryFactory(published=True, title_en="Before")
    story.title_en = "After"
    story_edit(story=story, by=editor)
    story_changes_schedule(
        story=story, by=editor, publish_at=timezone.now() + timedelta(hours=2)
    )

    assert story_changes_publish_due() == 0
    time_machine.move_to(timezone.now() + timedelta(hours=3))
    call_command("publish_pending_changes", verbosity=0)
    # Run twice, as the timer and a late task might: nothing happens again.
    assert story_changes_publish_due() == 0

    story.refresh_from_db()
    assert story.title_en == "After"
    assert story.updated_by == editor


def test_scheduling_queues_a_task_at_that_time(
    editor, settings, django_capture_on_commit_callbacks
):
    # The dummy backend can defer, as the database one does, and keeps what
    # was queued for the test to read.
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}
    }
    story = StoryFactory(published=True)
    story.title_en = "Later"
    story_edit(story=story, by=editor)
    when = timezone.now() + timedelta(hours=1)

    with django_capture_on_commit_callbacks(execute=True):
        story_changes_schedule(story=story, by=editor, publish_at=when)

    [result] = default_task_backend.results
    assert result.task.name == "publish_due_changes"
    assert result.task.run_after == when
    assert result.kwargs == {"story_id": story.pk}


def test_a_refused_scheduled_publication_stays_pending_for_an_editor(
    editor, time_machine
):
    story = StoryFactory(published=True)
    story.summary_en = ""
    story_edit(story=story, by=editor)
    story_changes_schedule(
        story=story, by=editor, publish_at=timezone.now() + timedelta(minutes=5)
    )
    time_machine.move_to(timezone.now() + timedelta(minutes=10))

    assert story_changes_publish_due() == 0
    pending = PendingChanges.objects.get(story=story)
    assert pending.publish_at is None
    story.refresh_from_db()
    assert story.summary_en
