from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import StoryLanguage, StorySearch
from articles.services.language import (
    story_language_publish,
    story_language_save,
    story_language_unpublish,
)
from articles.services.story import story_publish, story_save, story_unpublish
from tests.factories import StoryFactory
from tests.search.helpers import search_titles

pytestmark = pytest.mark.django_db


def test_publishing_a_story_makes_it_findable(client):
    story = StoryFactory(title_en="Summit in Oslo")

    story_publish(story=story, by=None)

    assert search_titles(client, "/search/?q=summit") == ["Summit in Oslo"]


def test_editing_a_story_reindexes_its_text(client):
    story = story_publish(story=StoryFactory(title_en="Summit in Oslo"), by=None)

    story.title_en = "Volcano erupts"
    story_save(story=story, by=None)

    assert search_titles(client, "/search/?q=summit") == []
    assert search_titles(client, "/search/?q=volcanoes") == ["Volcano erupts"]


def test_unpublished_story_is_no_longer_found(client):
    story = story_publish(story=StoryFactory(title_en="Summit in Oslo"), by=None)

    story_unpublish(story=story, by=None)

    assert search_titles(client, "/search/?q=summit") == []
    # Its rows stay: publishing again needs no re-index to be found.
    assert StorySearch.objects.filter(story=story).count() == 1


def test_published_translation_is_found_in_chinese_and_unpublished_is_not(client):
    story = story_publish(story=StoryFactory(title_en="Summit"), by=None)
    story_language = story_language_save(
        story=story,
        language="zh-hans",
        text={"title": "北约峰会开幕", "summary": "会面。", "body": "<p>正文。</p>"},
        by=None,
    )
    assert search_titles(client, "/zh-hans/search/?q=峰会") == []

    story_language_publish(story_language=story_language, by=None)
    assert search_titles(client, "/zh-hans/search/?q=峰会") == ["北约峰会开幕"]

    story_language_unpublish(story_language=story_language, by=None)
    assert search_titles(client, "/zh-hans/search/?q=峰会") == []


def test_translation_edit_reindexes_only_that_language():
    story = story_publish(
        story=StoryFactory(title_en="Summit", summary_en="Leaders meet."), by=None
    )

    story_language_save(
        story=story,
        language="zh-hans",
        text={"title": "北约峰会", "summary": "", "body": ""},
        by=None,
    )

    rows = dict(StorySearch.objects.values_list("language", "title"))
    # Headline and summary terms: the weighted column.
    assert rows == {"en": "summit leader meet", "zh-hans": "北 约 峰 会 北约 约峰 峰会"}


def test_english_save_keeps_the_chinese_index_of_a_stale_copy():
    story = story_publish(story=StoryFactory(title_en="Summit"), by=None)
    stale_copy = type(story).objects.get(pk=story.pk)
    story_language_save(
        story=story, language="zh-hans", text={"title": "北约峰会"}, by=None
    )

    # An editor saves the English from a copy loaded before the translation.
    stale_copy.summary_en = "New summary."
    story_save(story=stale_copy, by=None)

    assert StorySearch.objects.get(language="zh-hans").title.endswith("峰会")


def test_deleting_a_story_removes_it_from_the_index(client):
    story = story_publish(story=StoryFactory(title_en="Summit"), by=None)

    story.delete()

    assert StorySearch.objects.count() == 0
    assert search_titles(client, "/search/?q=summit") == []


def test_admin_save_and_publish_action_update_the_index(editor_client, editor):
    story = StoryFactory(title_en="Summit in Oslo")
    editor.user_permissions.add(
        *editor.user_permissions.model.objects.filter(codename="publish_story")
    )

    editor_client.post(
        "/admin/articles/story/",
        {"action": "publish_selected", "_selected_action": [story.pk]},
    )

    assert search_titles(editor_client, "/search/?q=summit") == ["Summit in Oslo"]


def test_rebuild_search_indexes_every_story_and_can_run_again(client):
    StoryFactory.create_batch(3, published=True, translated=True)
    StorySearch.objects.all().delete()
    assert search_titles(client, "/search/?q=story") == []

    for _ in range(2):
        output = StringIO()
        call_command("rebuild_search", "--batch-size", "2", stdout=output)

    assert "2/3 stories" in output.getvalue()
    assert "3 stories indexed: 6 language versions, 6 rows" in output.getvalue()
    assert len(search_titles(client, "/search/?q=story")) == 3
    assert len(search_titles(client, "/zh-hans/search/?q=中文")) == 3
    assert StoryLanguage.objects.count() == 3


def test_visible_story_is_found_behind_better_matches_readers_cannot_see():
    from articles.models import Story
    from articles.search.results import StorySearchResults
    from tests.search.helpers import indexed

    # Drafts match better (headline) than the published story (body only).
    for _ in range(3):
        indexed(StoryFactory(title_en="Summit summit"))
    visible = indexed(StoryFactory(published=True, body_en="<p>A summit, once.</p>"))

    # Only as many best matches as one page are ranked first: all drafts.
    results = StorySearchResults(
        query="summit",
        language="en",
        stories=Story.objects.published("en"),
        cap=1,
    )

    assert results.count() == 1
    assert results[0:1] == [visible]
