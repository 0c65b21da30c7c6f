"""Preview: the public template, with unpublished text, for staff only."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.services.changes import story_edit
from tests.factories import StoryFactory

pytestmark = pytest.mark.django_db


def preview_url(story, language="en"):
    return reverse("admin:articles_story_preview", args=[story.pk, language])


def assert_private(response):
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assertContains(response, '<meta name="robots" content="noindex">')


def test_preview_of_pending_changes_uses_the_public_template(editor_client, editor):
    story = StoryFactory(published=True, title_en="Published headline")
    story.title_en = "Pending headline"
    story_edit(story=story, by=editor)

    response = editor_client.get(preview_url(story))

    assert_private(response)
    assertContains(response, '<h1 class="story__title">Pending headline</h1>')
    assertContains(response, "As reported by")
    assertContains(response, "contact us for removal")
    assertContains(response, "readers see the published version")


# Outside a test's transaction, as a real request runs: the version check
# locks the story's row, which PostgreSQL allows only in a transaction.
@pytest.mark.django_db(transaction=True)
def test_preview_of_unsaved_form_values_saves_nothing(editor_client):
    story = StoryFactory(scheduled=True, title_en="Saved headline")
    change = editor_client.get(reverse("admin:articles_story_change", args=[story.pk]))
    data = {
        **{
            name: value
            for name, value in change.context["adminform"].form.initial.items()
            if value is not None
        },
        "title_en": "Typed, not saved",
        "body_en": "<p>Typed <script>alert(1)</script>body.</p>",
        "publish_at_0": story.publish_at.strftime("%Y-%m-%d"),
        "publish_at_1": story.publish_at.strftime("%H:%M:%S"),
    }

    response = editor_client.post(preview_url(story), data)

    assert_private(response)
    assertContains(response, "Typed, not saved")
    assertContains(response, "Scheduled for")
    # The one cleaner runs on previews too.
    assertNotContains(response, "<script>alert(1)")
    story.refresh_from_db()
    assert story.title_en == "Saved headline"


def test_preview_in_chinese_shows_the_translation(editor_client):
    story = StoryFactory(published=True, translated=True)

    response = editor_client.get(preview_url(story, "zh-hans"))

    assert_private(response)
    assertContains(response, f"中文标题{story.pk}")
    assertContains(response, '<html lang="zh-Hans"')


def test_preview_of_an_untranslated_story_says_so(editor_client):
    story = StoryFactory()

    response = editor_client.get(preview_url(story, "zh-hans"))

    assertContains(response, "本文暂无中文版")
    assertContains(response, '<article class="story" lang="en">')


def test_readers_and_logged_out_visitors_cannot_preview(client, django_user_model):
    story = StoryFactory(title_en="Secret draft")

    assert client.get(preview_url(story)).status_code == 302  # to the login
    reader = django_user_model.objects.create_user("reader", password="x")
    client.force_login(reader)
    assertNotContains(client.get(preview_url(story)), "Secret draft", status_code=302)
