"""History: every saved version, compared side by side, restored as pending."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains
from reversion.models import Version

from articles.models import PendingChanges
from articles.services.changes import story_changes_publish, story_edit
from articles.services.language import story_language_save
from articles.services.story import story_publish
from tests.factories import CategoryFactory, StoryFactory
from tests.stories.test_desk import STORY_FORM_QUERIES, STORY_LIST_QUERIES

pytestmark = pytest.mark.django_db


def history_url(story):
    return reverse("admin:articles_story_history", args=[story.pk])


def versions_of(story):
    return list(Version.objects.get_for_object(story).order_by("pk"))


def test_every_save_is_a_version_with_who_and_what(editor):
    story = StoryFactory()
    story_publish(story=story, by=editor)
    story.refresh_from_db()
    story.title_en = "A pending headline"
    story_edit(story=story, by=editor)
    story_language_save(
        story=story, language="zh-hans", text={"title": "中文标题"}, by=editor
    )

    versions = versions_of(story)
    assert [version.revision.comment for version in versions] == [
        "Published",
        "Changes saved, not published",
        "Translation saved",
    ]
    assert {version.revision.user for version in versions} == {editor}
    assert versions[1].field_dict["title_en"] == "A pending headline"
    assert versions[2].field_dict["title_zh_hans"] == "中文标题"


def test_history_page_lists_versions_and_compares_two(editor_client, editor):
    story = StoryFactory(
        published=True, title_en="Old headline", body_en="<p>NATO meets today.</p>"
    )
    story_edit(story=story, by=editor)
    story.title_en = "New headline"
    story.body_en = "<p>NATO agrees today.</p><p>A new paragraph.</p>"
    story.category = CategoryFactory(name_en="Diplomacy")
    story_edit(story=story, by=editor)
    first, second = versions_of(story)

    page = editor_client.get(history_url(story))
    compare = editor_client.get(
        reverse("admin:articles_story_compare", args=[story.pk]),
        {"before": first.pk, "after": second.pk},
    )

    assertContains(page, "Changes saved, not published", count=2)
    assertContains(page, "editor")
    assertContains(compare, "<del>Old</del>")
    assertContains(compare, "<ins>New</ins>")
    assertContains(compare, "<del>meets</del>")
    assertContains(compare, "<ins>agrees</ins>")
    assertContains(compare, "<ins>A new paragraph.</ins>")
    assertContains(compare, "Diplomacy")


def test_restoring_a_version_of_a_live_story_makes_pending_changes(
    editor_client, editor
):
    story = StoryFactory(published=True, title_en="First")
    story_edit(story=story, by=editor)  # the version to go back to
    story.title_en = "Second"
    story_edit(story=story, by=editor)
    story_changes_publish(story=story, by=editor)
    first = versions_of(story)[0]

    response = editor_client.post(
        reverse("admin:articles_story_restore", args=[story.pk, first.pk]),
        follow=True,
    )

    assertContains(response, "restored as pending changes")
    story.refresh_from_db()
    assert story.title_en == "Second"
    assert PendingChanges.objects.get(story=story).values["title_en"] == "First"


def test_restoring_a_draft_version_saves_it(editor_client, editor):
    story = StoryFactory(title_en="First")
    story_edit(story=story, by=editor)
    story.title_en = "Second"
    story_edit(story=story, by=editor)
    first = versions_of(story)[0]

    editor_client.post(
        reverse("admin:articles_story_restore", args=[story.pk, first.pk])
    )

    story.refresh_from_db()
    assert story.title_en == "First"


def test_a_version_of_another_story_cannot_be_restored(editor_client, editor):
    story, other = StoryFactory(), StoryFactory()
    story_edit(story=other, by=editor)

    response = editor_client.post(
        reverse(
            "admin:articles_story_restore", args=[story.pk, versions_of(other)[0].pk]
        )
    )

    assert response.status_code == 404


def test_compare_asks_for_two_versions(editor_client):
    story = StoryFactory()

    response = editor_client.get(
        reverse("admin:articles_story_compare", args=[story.pk]), follow=True
    )

    assertContains(response, "Choose two versions of this story to compare.")


@pytest.mark.parametrize("versions", [1, 8])
def test_query_counts_do_not_grow_with_versions(
    editor_client, editor, django_assert_num_queries, versions
):
    """The story list and change form cost the same, however long the history."""
    story = StoryFactory(published=True)
    for number in range(versions):
        story.title_en = f"Headline {number}"
        story_edit(story=story, by=editor)
    change_url = reverse("admin:articles_story_change", args=[story.pk])
    changelist_url = reverse("admin:articles_story_changelist")

    with django_assert_num_queries(STORY_LIST_QUERIES):
        editor_client.get(changelist_url)
    # One more than a story with nothing pending: who saved the changes.
    with django_assert_num_queries(STORY_FORM_QUERIES + 1):
        editor_client.get(change_url)
