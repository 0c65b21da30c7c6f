"""Which matches are ranked, in which order, and how many when more match."""

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from articles.models import Story
from articles.search.indexing import STORY_ID_MASK, language_id_range, search_row_id
from articles.search.results import StorySearchResults
from articles.services.story import story_save
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
    # The headline match first; the others newest first.
    assert results[0:4] == [best, newer[2], newer[1], newer[0]]
    assert results[1:3] == [newer[2], newer[1]]


def test_headline_matches_take_the_places_first_when_more_match_than_the_cap():
    best, newer = summit_stories()

    results = search(cap=2)

    # The scheduled story, the newest headline match, is skipped, not counted.
    assert results.count() == 2
    assert results[0:2] == [best, newer[2]]


def test_headline_matches_come_newest_first_past_the_cap():
    now = timezone.now()
    headlines = [
        indexed(
            StoryFactory(
                published=True,
                title_en=f"Summit day {days}",
                publish_at=now - timedelta(days=days),
            )
        )
        for days in (30, 20, 10)
    ]

    results = search(cap=2)

    assert results.count() == 2
    assert results[0:2] == [headlines[2], headlines[1]]


def test_every_word_must_be_in_the_headline_or_summary_to_come_first():
    now = timezone.now()
    older_about_both = indexed(
        StoryFactory(
            published=True,
            title_en="Ceasefire talks resume",
            summary_en="Both sides return.",
            publish_at=now - timedelta(days=5),
        )
    )
    newer_split = indexed(
        StoryFactory(
            published=True,
            title_en="Ceasefire holds",
            summary_en="Both sides wait.",
            body_en="<p>Talks go on.</p>",
            publish_at=now - timedelta(days=1),
        )
    )

    results = StorySearchResults(
        query="ceasefire talks",
        language="en",
        stories=Story.objects.published("en"),
        cap=10,
    )

    assert results[0:2] == [older_about_both, newer_split]


def test_a_rescheduled_story_moves_to_its_new_place():
    now = timezone.now()
    first, second = (
        indexed(
            StoryFactory(
                published=True,
                body_en="<p>Before the summit.</p>",
                publish_at=now - timedelta(days=days),
            )
        )
        for days in (2, 1)
    )
    assert search(cap=10)[0:2] == [second, first]

    first.publish_at = now - timedelta(hours=1)
    story_save(story=first, by=None)

    assert search(cap=10)[0:2] == [first, second]


def test_search_row_ids_sort_by_publication_within_a_language():
    now = timezone.now()
    earlier, later = now - timedelta(seconds=1), now

    assert search_row_id(5, "en", earlier) < search_row_id(4, "en", later)
    # In the same second, the later story (the larger id) is newer.
    assert search_row_id(4, "en", later) < search_row_id(5, "en", later)
    # No publication time yet sorts first.
    assert search_row_id(9, "en", None) < search_row_id(1, "en", earlier)
    first, last = language_id_range("en")
    for row_id in (search_row_id(1, "en", None), search_row_id(1, "en", now)):
        assert first <= row_id <= last
    assert search_row_id(1, "zh-hans", None) > last
    assert search_row_id(1, "zh-hans", now) & STORY_ID_MASK == 1


def test_a_publication_range_narrows_the_row_ids_read():
    start = timezone.now().replace(microsecond=0)
    end = start + timedelta(days=1)

    first, last = language_id_range("en", start, end)

    # Stories published in [start, end) have their rows inside; a second
    # either side is outside (the search's own filter is exact).
    for moment in (start, end - timedelta(microseconds=1)):
        assert first <= search_row_id(7, "en", moment) <= last
    for moment in (start - timedelta(seconds=1), end + timedelta(seconds=1)):
        assert not first <= search_row_id(7, "en", moment) <= last
    # Each bound alone narrows one end only.
    assert language_id_range("en", start)[1] == language_id_range("en")[1]
    assert language_id_range("en", None, end)[0] == language_id_range("en")[0]


def summits_published_at(*moments) -> list[Story]:
    """Index one published story headlined "Summit" at each of `moments`."""
    return [
        indexed(StoryFactory(published=True, title_en="Summit", publish_at=moment))
        for moment in moments
    ]


def test_a_publication_range_keeps_the_stories_at_its_edges():
    start = datetime(2026, 11, 2, tzinfo=UTC)
    end = start + timedelta(days=2)
    half_second = timedelta(milliseconds=500)
    first, last, _before, _after = summits_published_at(
        start, end - half_second, start - half_second, end
    )

    results = StorySearchResults(
        query="summit",
        language="en",
        stories=Story.objects.published("en").filter(
            publish_at__gte=start, publish_at__lt=end
        ),
        published_between=(start, end),
        cap=10,
    )

    assert results.count() == 2
    assert results[0:2] == [last, first]


def test_a_publication_range_bounds_what_the_index_reads():
    start = datetime(2026, 11, 2, tzinfo=UTC)
    end = start + timedelta(days=2)
    second = timedelta(seconds=1)
    _before, first, last, _after = summits_published_at(
        start - second, start, end - second, end + second
    )

    # The stories are not filtered by date: only the range keeps the others
    # out, so the search read no row outside it.
    results = StorySearchResults(
        query="summit",
        language="en",
        stories=Story.objects.published("en"),
        published_between=(start, end),
        cap=10,
    )

    assert results[0 : results.count()] == [last, first]


def test_a_story_id_too_large_for_a_search_row_id_is_refused():
    with pytest.raises(ValueError, match="cannot be indexed"):
        search_row_id(STORY_ID_MASK + 1, "en", timezone.now())


@pytest.mark.skipif(connection.vendor != "sqlite", reason="an SQLite query plan")
def test_sqlite_reads_matches_in_index_order_and_stories_from_an_index():
    summit_stories()
    statements = []

    def record(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert search(cap=10).count() == 4
    [(sql, params)] = statements
    plan = [row[-1] for row in catalogue_rows(f"EXPLAIN QUERY PLAN {sql}", params)]

    # Newest first from the FTS5 index itself, no sort of every match; each
    # match's story from the covering index, not from its long row.
    scans = [step for step in plan if step.startswith("SCAN")]
    assert scans.count("SCAN f VIRTUAL TABLE INDEX 192:M2><") == 2
    assert set(scans) == {
        "SCAN f VIRTUAL TABLE INDEX 192:M2><",
        "SCAN headline",
        "SCAN rest",
    }
    assert all(
        "COVERING INDEX story_visibility_by_id" in step
        for step in plan
        if "articles_story" in step
    )


@postgresql_layout
@pytest.mark.parametrize(
    ("vector", "index_prefix"),
    [
        ("search_vector", "articles_storysearch_vector_"),
        ("title_vector", "articles_storysearch_title_vector_"),
    ],
)
def test_postgresql_has_a_full_text_index_per_language(vector, index_prefix):
    rows = catalogue_rows(
        "SELECT indexdef FROM pg_indexes "
        "WHERE tablename = 'articles_storysearch' AND indexdef LIKE %s",
        (f"%USING gin ({vector})%",),
    )
    definitions = [definition for (definition,) in rows]

    # A search reads only its language's index (migrations 0018 and 0021);
    # a language added to LANGUAGES needs one too.
    assert sorted(definitions) == [
        f"CREATE INDEX {index_prefix}{{}} ON public.articles_storysearch "
        f"USING gin ({vector}) WHERE ((language)::text = '{{}}'::text)".format(
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
