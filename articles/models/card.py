"""Story cards: what a list shows of a story, read as values, not models.

A home or category page shows twenty cards. Read as models, each card
cost a story, a category and a source instance (Django's `__init__`, its
signals, modeltranslation's set-up) and, in the template, a look-up of
the active language for every translated name. A card needs none of
that: it is the handful of columns the card template shows, each in the
page's language or in the English that modeltranslation falls back to.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from django.db.models.query import ValuesListIterable
from modeltranslation.utils import build_localized_fieldname, resolution_order

from articles.models.image import HeroImage
from articles.urls_reversed import reverse_once

# The translated fields a card shows, by relation prefix ("" for the story).
TRANSLATED_FIELDS = {
    "": ["title", "summary"],
    "category__": ["name"],
    "source__": ["name"],
    "hero_image__": ["alt_text"],
}
UNTRANSLATED_FIELDS = [
    "slug",
    "publish_at",
    "category__slug",
    "hero_image",
    "hero_image__is_hidden",
    "hero_image__renditions",
]


@dataclass(frozen=True, slots=True)
class Text:
    """A translated text as a page shows it.

    `fallback_language` is the language it is in when that is not the
    page's (English, where the translation is empty), so that the page can
    mark it (WCAG 3.1.2, language of parts); else None.
    """

    value: str
    fallback_language: str | None = None


@dataclass(frozen=True, slots=True)
class StoryCard:
    """A story as a list's card shows it (articles/includes/story_card.html)."""

    slug: str
    title: Text
    summary: Text
    publish_at: datetime
    category_slug: str | None
    category_name: Text
    source_name: Text
    hero_image: HeroImage | None

    def get_absolute_url(self) -> str:
        return reverse_once("articles:story-detail", slug=self.slug)

    def category_url(self) -> str:
        return reverse_once("articles:category-detail", slug=self.category_slug)


class StoryCardIterable(ValuesListIterable):
    """Yield a `StoryCard` for each row of `StoryQuerySet.cards(language)`.

    Made for one language by `story_cards_in()`: the rows hold each
    translated field's columns in modeltranslation's order of look-up.
    """

    languages: tuple[str, ...] = ()

    @classmethod
    def columns(cls) -> list[str]:
        """Name the columns a card reads, in a row's order, for `values_list()`."""
        return [
            *UNTRANSLATED_FIELDS,
            *(
                prefix + build_localized_fieldname(name, language)
                for prefix, names in TRANSLATED_FIELDS.items()
                for name in names
                for language in cls.languages
            ),
        ]

    def __iter__(self):
        for row in super().__iter__():
            yield self.story_card(row)

    def story_card(self, row: tuple) -> StoryCard:
        split = len(UNTRANSLATED_FIELDS)
        untranslated, translated = row[:split], row[split:]
        slug, publish_at, category_slug, image_id, hidden, renditions = untranslated
        title, summary, category_name, source_name, alt_text = self.texts(translated)
        hero_image = None
        if image_id is not None and not hidden:
            # What `picture()` reads; the rest of the image is not needed.
            hero_image = HeroImage(pk=image_id, renditions=renditions)
            language = alt_text.fallback_language or self.languages[0]
            column = build_localized_fieldname("alt_text", language)
            setattr(hero_image, column, alt_text.value)
        return StoryCard(
            slug=slug,
            title=title,
            summary=summary,
            publish_at=publish_at,
            category_slug=category_slug,
            category_name=category_name,
            source_name=source_name,
            hero_image=hero_image,
        )

    def texts(self, columns: tuple) -> list[Text]:
        """Each translated field's text: the first of its columns that is
        not empty, as modeltranslation's fallback reads them."""
        count = len(self.languages)
        return [
            first_text(columns[start : start + count], self.languages)
            for start in range(0, len(columns), count)
        ]


def first_text(values, languages) -> Text:
    for value, language in zip(values, languages, strict=True):
        if value:
            return Text(value, None if language == languages[0] else language)
    return Text("")


@cache
def story_cards_in(language: str) -> type[StoryCardIterable]:
    """Return the `StoryCardIterable` of cards in `language`."""
    return type(
        f"StoryCardIterable_{language}",
        (StoryCardIterable,),
        {"languages": resolution_order(language)},
    )
