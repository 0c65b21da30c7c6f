"""A list's cards show what the stories' models show.

Cards are read as values (articles/models/card.py), not models: for random
stories, with and without translations, names in both languages or only in
English, with hidden, shown and no hero images, each card's texts are the
ones modeltranslation gives through the model in the card's language, and
each text falling back to English is marked as such, as `fallback_lang`
marks a model's.
"""

import random

import pytest
from django.utils import translation
from pytest_django.asserts import assertContains

from articles.models import Story
from articles.templating import fallback_lang, text_lang
from tests.factories import (
    CategoryFactory,
    HeroImageFactory,
    SourceFactory,
    StoryFactory,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "zh-hans"]


def random_story(rng: random.Random, number: int) -> Story:
    category = CategoryFactory(
        slug=f"category-{number}",
        name_en=f"Category {number}",
        name_zh_hans=rng.choice([None, f"类别{number}"]),
    )
    source = SourceFactory(
        name_en=f"Source {number}", name_zh_hans=rng.choice([None, f"来源{number}"])
    )
    hero_image = None
    if rng.random() < 0.5:
        hero_image = HeroImageFactory(
            alt_text_zh_hans=rng.choice(["", "山顶上的发射塔。"]),
            is_hidden=rng.random() < 0.3,
        )
    story = StoryFactory(
        published=True,
        translated=rng.random() < 0.7,
        category=category,
        source=source,
        hero_image=hero_image,
        summary_en=rng.choice(["", "Leaders meet to talk about money."]),
    )
    if story.summary_zh_hans and rng.random() < 0.4:
        story.summary_zh_hans = ""
        story.save()
    return story


def model_view(story: Story) -> dict:
    """What a card showed when it was read from the models."""
    image = story.visible_hero_image
    return {
        "url": story.get_absolute_url(),
        "title": shown(story, "title"),
        "summary": shown(story, "summary"),
        "publish_at": story.publish_at,
        "category": (story.category.get_absolute_url(), *shown(story.category, "name")),
        "source": shown(story.source, "name"),
        "image": image and (image.pk, image.renditions, image.alt_text),
    }


def shown(instance, field_name) -> tuple[str, str]:
    """The text of `field_name` and its lang attribute; no text, no attribute."""
    text = getattr(instance, field_name)
    return text, fallback_lang(instance, field_name) if text else ""


def card_view(card) -> dict:
    image = card.hero_image
    return {
        "url": card.get_absolute_url(),
        "title": (card.title.value, text_lang(card.title)),
        "summary": (card.summary.value, text_lang(card.summary)),
        "publish_at": card.publish_at,
        "category": (
            card.category_url(),
            card.category_name.value,
            text_lang(card.category_name),
        ),
        "source": (card.source_name.value, text_lang(card.source_name)),
        "image": image and (image.pk, image.renditions, image.alt_text),
    }


@pytest.mark.parametrize("seed", range(3))
def test_cards_show_what_the_models_show(seed):
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    for number in range(12):
        random_story(rng, number)

    for language in LANGUAGES:
        with translation.override(language):
            stories = Story.objects.published(language).latest_first()
            expected = [
                model_view(story) for story in stories.select_related("hero_image")
            ]
            cards = [card_view(card) for card in stories.cards(language)]

        assert cards == expected
        assert cards, "every language lists some of the stories"


def test_cards_read_in_their_language_whatever_is_active():
    StoryFactory(published=True, translated=True, title_en="Harbour reopens")

    cards = Story.objects.published("zh-hans").cards("zh-hans")
    with translation.override("en"):
        [card] = cards

    assert card.title.value.startswith("中文标题")
    with translation.override("zh-hans"):
        assert card.get_absolute_url().startswith("/zh-hans/story/")


def test_an_english_summary_on_a_chinese_card_is_marked_english(client):
    story = StoryFactory(published=True, translated=True)
    story.summary_zh_hans = ""
    story.save()

    response = client.get("/zh-hans/")

    assertContains(
        response,
        '<p class="story-card__summary" lang="en">'
        "Leaders meet to talk about money, and about trust.</p>",
    )
    assertContains(response, f'<a href="/zh-hans/story/{story.slug}/">中文标题')
