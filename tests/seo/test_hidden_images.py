import pytest
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import HeroImageFactory, StoryFactory

pytestmark = pytest.mark.django_db


def test_a_picture_hidden_by_a_takedown_is_offered_nowhere(client):
    hero_image = HeroImageFactory(is_hidden=True)
    story = StoryFactory(published=True, slug="harbour", hero_image=hero_image)
    rendition_name = hero_image.renditions_as("jpg")[-1]["name"]

    page = client.get(story.get_absolute_url())
    feed = client.get("/feed/")
    sitemap = client.get("/sitemap-stories.xml")

    assertNotContains(page, "og:image")
    assertNotContains(page, rendition_name)
    assertContains(feed, "/story/harbour/")
    assertNotContains(feed, rendition_name)
    assertContains(sitemap, "/story/harbour/")
    assertNotContains(sitemap, "image:image")
