"""The count of a story's credits, which lets its page skip reading none.

`Story.credit_count` is written only with the StoryCredit rows it counts
(articles.services.credits); a story page whose count is 0 shows no credits
without a query, so a count below the rows would hide outlets the story
must credit.
"""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Story, StoryCredit
from articles.services.credits import story_credits_replace
from articles.services.story import story_save
from tests.factories import SourceFactory, StoryFactory
from tests.perf.helpers import templates_refusing_queries

pytestmark = pytest.mark.django_db


def credits_for(story, *names):
    return [
        StoryCredit(
            story=story,
            source=SourceFactory(name_en=name),
            url=f"https://{name.lower()}.example/story",
        )
        for name in names
    ]


def stored_count(story) -> int:
    return Story.objects.values_list("credit_count", flat=True).get(pk=story.pk)


def test_replacing_the_credits_keeps_their_count(
    client, django_capture_on_commit_callbacks
):
    story = StoryFactory(published=True)

    with django_capture_on_commit_callbacks(execute=True):
        story_credits_replace(story=story, credits=credits_for(story, "Alpha", "Beta"))
    assert story.credit_count == stored_count(story) == 2
    assertContains(client.get(story.get_absolute_url()), "https://beta.example/story")

    story_credits_replace(story=story, credits=credits_for(story, "Gamma"))
    assert story.credit_count == stored_count(story) == story.credits.count() == 1

    # Readers' cached page is purged: the page shows the story credits none.
    with django_capture_on_commit_callbacks(execute=True):
        story_credits_replace(story=story, credits=[])
    assert stored_count(story) == 0
    response = client.get(story.get_absolute_url())
    assertNotContains(response, "Also reported by")
    assertNotContains(response, "gamma.example")


def test_an_editors_save_keeps_the_count_written_since_the_form_loaded():
    story = StoryFactory(published=True)
    loaded_by_the_form = Story.objects.get(pk=story.pk)
    story_credits_replace(story=story, credits=credits_for(story, "Alpha"))

    loaded_by_the_form.title = "A better headline"
    story_save(story=loaded_by_the_form, by=None)

    assert stored_count(story) == 1


def test_the_migration_counts_the_credits_already_stored():
    credited, uncredited = StoryFactory.create_batch(2)
    StoryCredit.objects.bulk_create(credits_for(credited, "Alpha", "Beta"))
    migration = importlib.import_module("articles.migrations.0020_story_credit_count")

    migration.count_credits(apps, schema_editor=None)

    assert stored_count(credited) == 2
    assert stored_count(uncredited) == 0


def test_the_preview_shows_the_credits_read_before_it_renders(editor_client):
    story = StoryFactory(scheduled=True)
    story_credits_replace(story=story, credits=credits_for(story, "Alpha"))
    url = reverse("admin:articles_story_preview", args=[story.pk, "en"])

    with templates_refusing_queries():
        response = editor_client.get(url)

    assertContains(response, "Also reported by")
    assertContains(response, "https://alpha.example/story")
