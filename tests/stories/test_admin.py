from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from articles.models import Source, Story, StoryStatus
from articles.roles import all_roles
from articles.services.editing import edit_token
from tests.factories import CategoryFactory, SourceFactory, StoryFactory

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_story_add")
CHANGELIST_URL = reverse("admin:articles_story_changelist")


def story_form_data(**overrides):
    """The fields a browser posts from the story add form."""
    category = CategoryFactory()
    source = SourceFactory(name_en="The New York Times")
    data = {
        "title_en": "NATO leaders meet in The Hague",
        "slug": "nato-leaders-meet-in-the-hague",
        "summary_en": "Leaders meet to agree on defence spending.",
        "body_en": "<p>As global leaders converge in The Hague today.</p>",
        "byline_en": "Jane Doe",
        "category": category.pk,
        "source": source.pk,
        "original_url": "https://www.nytimes.com/2025/06/24/world/nato.html",
        "original_published_at_0": "",
        "original_published_at_1": "",
        "hero_image": "",
        "status": StoryStatus.PUBLISHED,
        "publish_at_0": "",
        "publish_at_1": "",
        "unpublish_at_0": "",
        "unpublish_at_1": "",
        "withdrawal_reason": "",
        "withdrawal_note_en": "",
    }
    data.update(overrides)
    return data


def test_editor_publishes_a_story_through_the_add_form(editor_client, editor):
    response = editor_client.post(ADD_URL, story_form_data())

    assert response.status_code == 302
    story = Story.objects.get(slug="nato-leaders-meet-in-the-hague")
    assert story.status == StoryStatus.PUBLISHED
    assert story.created_by == editor
    assert story.updated_by == editor
    assert abs(story.publish_at - timezone.now()) < timedelta(seconds=10)
    assert Story.objects.published("en").filter(pk=story.pk).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("source", "", "Choose the source; a story cannot be published without one."),
        ("original_url", "", "Give the address of the original article"),
        ("summary_en", "", "Write a summary"),
    ],
)
def test_publishing_without_attribution_shows_the_error_on_the_field(
    editor_client, field, value, message
):
    response = editor_client.post(ADD_URL, story_form_data(**{field: value}))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in errors[field][0]
    assertContains(response, message)
    assert not Story.objects.exists()


def test_source_without_attribution_line_blocks_publishing_on_the_field(
    editor_client,
):
    data = story_form_data()
    Source.objects.filter(pk=data["source"]).update(attribution_template_en="")

    response = editor_client.post(ADD_URL, data)

    assert (
        "has no attribution line"
        in (response.context["adminform"].form.errors["source"][0])
    )
    assert not Story.objects.exists()


def test_draft_without_source_saves(editor_client):
    data = story_form_data(status=StoryStatus.DRAFT, source="", original_url="")

    response = editor_client.post(ADD_URL, data)

    assert response.status_code == 302
    assert Story.objects.get().status == StoryStatus.DRAFT


def test_invalid_slug_is_refused(editor_client):
    response = editor_client.post(ADD_URL, story_form_data(slug="not a slug!"))

    assert "slug" in response.context["adminform"].form.errors
    assert not Story.objects.exists()


def test_duplicate_slug_is_refused(editor_client):
    StoryFactory(slug="nato-leaders-meet-in-the-hague")

    response = editor_client.post(ADD_URL, story_form_data())

    assertContains(response, "Story with this Slug already exists.")
    assert Story.objects.count() == 1


def test_script_in_the_body_is_removed_on_save(editor_client):
    body = '<p onmouseover="x()">Text</p><script>alert("x")</script>'

    editor_client.post(ADD_URL, story_form_data(body_en=body))

    assert Story.objects.get().body_en == "<p>Text</p>"


def test_unpublish_time_before_publish_time_is_refused(editor_client):
    data = story_form_data(
        publish_at_0="2026-11-25",
        publish_at_1="09:00:00",
        unpublish_at_0="2026-11-24",
        unpublish_at_1="09:00:00",
    )

    response = editor_client.post(ADD_URL, data)

    assert (
        "must come after"
        in (response.context["adminform"].form.errors["unpublish_at"][0])
    )


def test_scheduling_through_the_form(editor_client):
    tomorrow = timezone.now() + timedelta(days=1)
    data = story_form_data(
        publish_at_0=tomorrow.strftime("%Y-%m-%d"), publish_at_1="09:00:00"
    )

    editor_client.post(ADD_URL, data)

    story = Story.objects.get()
    assert story.status == StoryStatus.PUBLISHED
    assert not Story.objects.published("en").exists()
    assert Story.objects.scheduled().get() == story


def test_slug_is_read_only_once_published(editor_client):
    story = StoryFactory(published=True, slug="fixed-address")
    data = story_form_data(
        slug="another-address", title_en="New headline", edit_token=edit_token(story)
    )

    editor_client.post(reverse("admin:articles_story_change", args=[story.pk]), data)

    story.refresh_from_db()
    assert story.slug == "fixed-address"
    # The new headline waits as pending changes (tests/versions).
    assert story.pending_changes.values["title_en"] == "New headline"


def test_bulk_publish_goes_through_the_publishing_rules(editor_client):
    ready = StoryFactory(title_en="Ready")
    no_source = StoryFactory(title_en="No source", source=None)

    response = editor_client.post(
        CHANGELIST_URL,
        {"action": "publish_selected", "_selected_action": [ready.pk, no_source.pk]},
        follow=True,
    )

    ready.refresh_from_db()
    no_source.refresh_from_db()
    assert ready.status == StoryStatus.PUBLISHED
    assert no_source.status == StoryStatus.DRAFT
    assertContains(response, "1 story published.")
    assertContains(response, "“No source”: Choose the source")


def test_bulk_unpublish(editor_client):
    stories = StoryFactory.create_batch(2, published=True)

    response = editor_client.post(
        CHANGELIST_URL,
        {
            "action": "unpublish_selected",
            "_selected_action": [story.pk for story in stories],
        },
        follow=True,
    )

    assertContains(response, "2 stories unpublished.")
    assert not Story.objects.published("en").exists()


def test_publish_from_the_change_form(editor_client):
    story = StoryFactory()
    url = reverse("admin:articles_story_change", args=[story.pk])

    response = editor_client.post(
        url,
        {"CHANGE_FORM-action": "publish_selected", "_selected_action": [story.pk]},
        follow=True,
    )

    story.refresh_from_db()
    assert story.status == StoryStatus.PUBLISHED
    assertContains(response, "1 story published.")


def test_user_without_publish_permission_cannot_publish(client, django_user_model):
    writer = django_user_model.objects.create_user("writer", is_staff=True)
    group = Group.objects.create(name="Writers")
    group.permissions.set(
        Group.objects.get(name="Editors").permissions.exclude(codename="publish_story")
    )
    writer.groups.add(group)
    client.force_login(writer)
    story = StoryFactory()

    client.post(
        CHANGELIST_URL,
        {"action": "publish_selected", "_selected_action": [story.pk]},
    )
    client.post(
        reverse("admin:articles_story_change", args=[story.pk]),
        story_form_data(slug=story.slug),
    )

    story.refresh_from_db()
    assert story.status == StoryStatus.DRAFT


def test_editors_group_has_exactly_the_role_permissions():
    group = Group.objects.get(name="Editors")

    granted = {
        f"{permission.content_type.app_label}.{permission.codename}"
        for permission in group.permissions.select_related("content_type")
    }

    assert granted == set(all_roles()["Editors"])
    assert "articles.delete_story" not in granted


def test_editor_cannot_delete_stories(editor_client):
    story = StoryFactory()

    response = editor_client.get(
        reverse("admin:articles_story_delete", args=[story.pk])
    )

    assert response.status_code == 403


def test_changelist_search_and_filters(editor_client):
    StoryFactory(title_en="Summit in The Hague", published=True)
    StoryFactory(title_en="Markets rally")
    StoryFactory(title_en="Tomorrow's story", scheduled=True)

    found = editor_client.get(CHANGELIST_URL, {"q": "Hague"})
    drafts = editor_client.get(CHANGELIST_URL, {"status__exact": "draft"})
    scheduled = editor_client.get(CHANGELIST_URL, {"visibility": "scheduled"})

    assert [s.title for s in found.context["cl"].result_list] == ["Summit in The Hague"]
    assert [s.title for s in drafts.context["cl"].result_list] == ["Markets rally"]
    assert [s.title for s in scheduled.context["cl"].result_list] == [
        "Tomorrow's story"
    ]
    assertContains(scheduled, "Scheduled")


def test_changelist_query_count_does_not_grow(admin_client):
    def queries_to_list_stories():
        with CaptureQueriesContext(connection) as captured:
            admin_client.get(CHANGELIST_URL)
        return len(captured)

    StoryFactory.create_batch(5, published=True)
    for_five = queries_to_list_stories()
    StoryFactory.create_batch(45, published=True)

    assert queries_to_list_stories() == for_five


def test_preview_link_on_the_change_form(editor_client):
    story = StoryFactory()

    response = editor_client.get(
        reverse("admin:articles_story_change", args=[story.pk])
    )

    assertContains(response, "View on site")
