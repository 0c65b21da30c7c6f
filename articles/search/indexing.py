"""Writes to the search index: one StorySearch row per language with text.

Every story write calls `story_search_update` inside its own transaction, so
the index never disagrees with the committed text. Whether a reader may see
a story is decided when searching (`Story.objects.published`), so a row
exists for every language the story has text in, published or not.
"""

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from modeltranslation.utils import build_localized_fieldname

from articles.models import Story, StorySearch
from articles.sanitize import html_to_text
from articles.search.tokens import document_terms

LANGUAGES = [code for code, _name in settings.LANGUAGES]
TEXT_FIELDS = ["title", "summary", "body"]


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
    columns = Story.objects.filter(pk=story.pk).values(*text_columns()).get()
    rows = search_rows(story.pk, columns)
    StorySearch.objects.filter(story_id=story.pk).delete()
    return StorySearch.objects.bulk_create(rows)


@transaction.atomic
def story_search_rebuild(*, story_ids: Iterable[int]) -> int:
    """Re-index the stories `story_ids` in bulk; return the rows written."""
    story_ids = list(story_ids)
    rows = []
    for columns in Story.objects.filter(pk__in=story_ids).values("pk", *text_columns()):
        rows.extend(search_rows(columns["pk"], columns))
    StorySearch.objects.filter(story_id__in=story_ids).delete()
    StorySearch.objects.bulk_create(rows, batch_size=500)
    return len(rows)
