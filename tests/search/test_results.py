"""Which matches are ranked: all of them, or `cap` of them when more match."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from articles.models import Story
from articles.search.results import StorySearchResults
from tests.factories import StoryFactory
from tests.search.helpers import indexed

pytestmark = pytest.mark.django_db

# Checks of PostgreSQL's index and table layout; SQLite has an FTS5 table.
postgresql_layout = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has one FTS5 table"
)


def catalogue_rows(sql: str, params: tuple = ()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def summit_stories() -> tuple[Story, list[Story]]:
    """Return an old story matching best, and three newer equal ones, oldest first.

    A scheduled story, newer than all of them, matches too: it must never
    take a ranked place.
    """
    now = timezone.now()
    best = indexed(
        StoryFactory(
            published=True,
            title_en="Summit summit",
            publish_at=now - timedelta(days=400),
        )
    )
    newer = [
        indexed(
            StoryFactory(
                published=True,
                body_en="<p>A summit, once.</p>",
                publish_at=now - timedelta(days=days),
            )
        )
        for days in (3, 2, 1)
    ]
    indexed(StoryFactory(scheduled=True, title_en="Summit summit summit"))
    return best, newer


def search(*, cap: int) -> StorySearchResults:
    return StorySearchResults(
        query="summit",
        language="en",
        stories=Story.objects.published("en"),
        cap=cap,
    )


def test_every_match_is_ranked_when_they_fit_under_the_cap():
    best, newer = summit_stories()

    results = search(cap=10)

    assert results.count() == 4
    # Best first; the equal matches newest first.
    assert results[0:4] == [best, newer[2], newer[1], newer[0]]
    assert results[1:3] == [newer[2], newer[1]]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite ranks the best-scored matches"
)
def test_postgresql_ranks_the_newest_visible_matches_when_more_match_than_the_cap():
    best, newer = summit_stories()

    results = search(cap=2)

    # The old best match is past the newest two, so it is not ranked.
    assert results.count() == 2
    assert results[0:2] == [newer[2], newer[1]]


@postgresql_layout
def test_postgresql_has_a_full_text_index_per_language():
    rows = catalogue_rows(
        "SELECT indexdef FROM pg_indexes "
        "WHERE tablename = 'articles_storysearch' AND indexdef LIKE %s",
        ("%USING gin (search_vector)%",),
    )
    definitions = [definition for (definition,) in rows]

    # A search reads only its language's index (migration 0018); a language
    # added to LANGUAGES needs one too.
    assert sorted(definitions) == [
        "CREATE INDEX articles_storysearch_vector_{} ON public.articles_storysearch "
        "USING gin (search_vector) WHERE ((language)::text = '{}'::text)".format(
            language.replace("-", "_"), language
        )
        for language, _name in sorted(settings.LANGUAGES)
    ]


@postgresql_layout
def test_postgresql_keeps_search_text_out_of_the_rows_a_search_scans():
    [(options,)] = catalogue_rows(
        "SELECT reloptions FROM pg_class WHERE relname = 'articles_storysearch'"
    )

    # Migration 0019: a match costs its search scan a small row, not its text.
    assert options == ["toast_tuple_target=128"]


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL ranks the newest matches"
)
def test_sqlite_ranks_the_best_scored_matches_when_more_match_than_the_cap():
    best, newer = summit_stories()

    results = search(cap=2)

    # The scheduled story scores best of all and is skipped, not counted.
    assert results.count() == 2
    assert results[0:2] == [best, newer[2]]


def test_a_page_reads_the_text_of_its_language_only():
    summit_stories()

    page = search(cap=10)[0:4]

    # The other languages' bodies (15-25 KB each) stay in the database.
    for story in page:
        assert {"body_zh_hans", "title_zh_hans"} <= story.get_deferred_fields()
        assert "body_en" not in story.get_deferred_fields()
