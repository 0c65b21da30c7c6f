import pytest

from articles.models import HeroImage
from tests.factories import HeroImageFactory, StoryFactory

pytestmark = pytest.mark.django_db


def test_a_story_cannot_publish_with_an_image_that_has_no_renditions():
    hero_image = HeroImageFactory()
    HeroImage.objects.filter(pk=hero_image.pk).update(renditions=[])
    hero_image.refresh_from_db()
    story = StoryFactory.build(hero_image=hero_image)

    errors = story.publishing_errors()

    assert "no renditions" in str(errors["hero_image"])


def test_a_processed_and_credited_image_does_not_block_publishing():
    story = StoryFactory.build(hero_image=HeroImageFactory())

    assert "hero_image" not in story.publishing_errors()
