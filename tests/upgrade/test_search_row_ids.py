"""Upgrading a database whose search rows have counted ids (migration 0021).

The database is taken back to the migration before, where two stories are
indexed with counted ids, the older one first, through the historical
models (and, on SQLite, the FTS5 triggers of that state). Migrated forward,
the rows carry the ids `search_row_id` gives them, the index still finds
both stories, newest first, and a later write still reaches the index.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Story, StorySearch
from articles.search.indexing import search_row_id, story_search_update
from articles.search.results import StorySearchResults
from tests.upgrade.test_three_apps import create_category_and_source, latest, migrate

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("articles", "0020_story_credit_count")]
NOW = timezone.now()


def fill_search_rows(apps):
    """Index two published stories the way the counted ids were written."""
    articles = lambda name: apps.get_model("articles", name)  # noqa: E731
    category, source = create_category_and_source(apps)
    for days in (2, 1):
        story = articles("Story").objects.create(
            title_en=f"Summit day {days}",
            slug=f"summit-{days}",
            summary_en="Leaders meet.",
            body_en="<p>A body.</p>",
            category=category,
            source=source,
            original_url=f"https://harbour.example/{days}",
            status="published",
            publish_at=NOW - timedelta(days=days),
            first_published_at=NOW - timedelta(days=days),
        )
        articles("StorySearch").objects.create(
            story=story,
            language="en",
            title="summit day leader meet",
            document="a bodi",
        )


def summit_search() -> list[str]:
    results = StorySearchResults(
        query="summit", language="en", stories=Story.objects.published("en"), cap=10
    )
    return [story.title_en for story in results[0 : results.count()]]


def test_upgrade_gives_search_rows_their_place_in_publication_order():
    fill_search_rows(migrate(BEFORE))
    assert sorted(StorySearch.objects.values_list("id", flat=True)) == [1, 2]

    migrate(latest())

    for row in StorySearch.objects.select_related("story"):
        assert row.id == search_row_id(row.story_id, "en", row.story.publish_at)
    assert summit_search() == ["Summit day 1", "Summit day 2"]
    # The index is still kept in step with the rows.
    older = Story.objects.get(slug="summit-2")
    older.title_en = "Volcano day 2"
    older.save()
    story_search_update(story=older)
    assert summit_search() == ["Summit day 1"]


def test_downgrade_leaves_the_schema_it_found():
    migrate(BEFORE)

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Changing the primary key back rebuilds the table; the triggers
            # that keep the FTS5 table in step must be there again.
            cursor.execute(
                "SELECT name FROM sqlite_master "
                "WHERE type = 'trigger' AND tbl_name = 'articles_storysearch'"
            )
            assert sorted(name for (name,) in cursor.fetchall()) == [
                "articles_storysearch_search_delete",
                "articles_storysearch_search_insert",
                "articles_storysearch_search_update",
            ]
        else:
            columns = connection.introspection.get_table_description(
                cursor, "articles_storysearch"
            )
            assert "title_vector" not in {column.name for column in columns}
    migrate(latest())
