"""Writes to the search index: one StorySearch row per language with text.

Every story write calls `story_search_update` inside its own transaction, so
the index never disagrees with the committed text. Whether a reader may see
a story is decided when searching (`Story.objects.published`), so a row
exists for every language the story has text in, published or not. A row's
id places it in publication order (`search_row_id`), so it is written again
with every write to its story, whatever changed.
"""

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from modeltranslation.utils import build_localized_fieldname

from articles.models import Story, StorySearch
from articles.sanitize import html_to_text
from articles.search.tokens import document_terms

LANGUAGES = [code for code, _name in settings.LANGUAGES]
TEXT_FIELDS = ["title", "summary", "body"]

# A search row's id, from its high bits to its low: the language's number
# (1 to 3: two bits), the story's publication time in whole seconds since
# 1970 (33 bits, to the year 2242) and the story's id (28 bits), 63 bits
# in all, so that the id is a positive 64-bit integer.
STORY_ID_BITS = 28
TIME_BITS = 33
LANGUAGE_SHIFT = TIME_BITS + STORY_ID_BITS
STORY_ID_MASK = (1 << STORY_ID_BITS) - 1
if len(LANGUAGES) > 3:
    raise ImproperlyConfigured("Search row ids have room for three languages.")


def search_row_id(story_id: int, language: str, publish_at: datetime | None) -> int:
    """Return the id of the search row of `story_id` in `language`.

    The ids of one language sort as their stories' publication times (to
    the second, then by story id), so a search reads matches newest first
    in index order (`articles.search.backends`); the languages' ids lie in
    separate ranges (`language_id_range`). A story without a publication
    time sorts first. The row is written again whenever the story is.
    """
    if story_id > STORY_ID_MASK:
        raise ValueError(f"Story ids above {STORY_ID_MASK} cannot be indexed.")
    seconds = int(publish_at.timestamp()) if publish_at is not None else 0
    seconds = min(max(seconds, 0), (1 << TIME_BITS) - 1)
    return language_bits(language) | (seconds << STORY_ID_BITS) | story_id


def language_bits(language: str) -> int:
    """Return the high bits of the search row ids of `language`."""
    return (LANGUAGES.index(language) + 1) << LANGUAGE_SHIFT


def language_id_range(
    language: str,
    published_from: datetime | None = None,
    published_before: datetime | None = None,
) -> tuple[int, int]:
    """Return the first and last search row id `language` may have.

    With a publication time range, the ids of the stories published in it
    lie between the two returned (to the second: a search still filters
    the stories by their exact times).
    """
    first = language_bits(language)
    last = first + (1 << LANGUAGE_SHIFT) - 1
    if published_from is not None:
        first = max(first, search_row_id(0, language, published_from))
    if published_before is not None:
        last = min(last, search_row_id(STORY_ID_MASK, language, published_before))
    return first, last


def text_columns() -> list[str]:
    """Name the columns the index is made from (title_en, title_zh_hans, …)."""
    return [
        build_localized_fieldname(name, language)
        for language in LANGUAGES
        for name in TEXT_FIELDS
    ]


def search_rows(story_id: int, columns: dict) -> list[StorySearch]:
    """Return the unsaved StorySearch rows of one story's text columns.

    A language gets a row when its headline is written; a translation with
    no headline yet has nothing a reader could find.
    """
    rows = []
    for language in LANGUAGES:
        title = columns[build_localized_fieldname("title", language)]
        if not (title or "").strip():
            continue
        summary = columns[build_localized_fieldname("summary", language)] or ""
        body = html_to_text(columns[build_localized_fieldname("body", language)] or "")
        rows.append(
            StorySearch(
                id=search_row_id(story_id, language, columns["publish_at"]),
                story_id=story_id,
                language=language,
                # The headline and summary say what the story is about: they
                # are weighted above the body, so one passing mention in a
                # body never outranks the story itself.
                title=document_terms(f"{title}\n{summary}"),
                document=document_terms(body),
            )
        )
    return rows


@transaction.atomic
def story_search_update(*, story: Story) -> list[StorySearch]:
    """Re-index `story` from the text now in the database, in every language.

    Call it in the transaction that changed the text: it reads the row
    again, so columns another writer changed (a translator's, while an
    editor saves the English) are indexed as they will be committed.
    """
    columns = (
        Story.objects.filter(pk=story.pk).values("publish_at", *text_columns()).get()
    )
    rows = search_rows(story.pk, columns)
    StorySearch.objects.filter(story_id=story.pk).delete()
    return StorySearch.objects.bulk_create(rows)


@transaction.atomic
def story_search_rebuild(*, story_ids: Iterable[int]) -> int:
    """Re-index the stories `story_ids` in bulk; return the rows written."""
    story_ids = list(story_ids)
    rows = []
    for columns in Story.objects.filter(pk__in=story_ids).values(
        "pk", "publish_at", *text_columns()
    ):
        rows.extend(search_rows(columns["pk"], columns))
    StorySearch.objects.filter(story_id__in=story_ids).delete()
    StorySearch.objects.bulk_create(rows, batch_size=500)
    return len(rows)
