import importlib

from django.db import migrations, models

from articles.search.indexing import search_row_id

# Search reads matches newest first and stops once it has a page's worth
# (articles/search/backends.py), instead of ranking every match:
#
# - A search row's id now orders the rows of a language by their story's
#   publication time (`search_row_id`). It is computed, not counted. The
#   ids are rewritten here with the function the app writes them with;
#   every new id is above every counted one, so no two rows ever share one.
# - SQLite: changing the primary key rebuilds the table, which drops the
#   triggers that keep the FTS5 table in step (migration 0008); they are
#   created again, and the FTS5 table is rebuilt for the new ids.
# - PostgreSQL: the headline and summary terms get a vector and a GIN index
#   per language of their own, so that the stories whose headline or
#   summary has every word are found without reading each match's vector.
full_text_index = importlib.import_module("articles.migrations.0008_story_search")

LANGUAGES = ["en", "zh-hans"]
BATCH_SIZE = 1000

SQLITE_REBUILD = (
    "INSERT INTO articles_storysearch_fts(articles_storysearch_fts) VALUES ('rebuild')"
)
POSTGRESQL_CREATE = [
    """ALTER TABLE articles_storysearch ADD COLUMN title_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, title)) STORED""",
    *(
        f"""CREATE INDEX articles_storysearch_title_vector_{language.replace("-", "_")}
        ON articles_storysearch USING gin (title_vector)
        WHERE language = '{language}'"""
        for language in LANGUAGES
    ),
]
POSTGRESQL_DROP = [
    "ALTER TABLE articles_storysearch DROP COLUMN IF EXISTS title_vector",
]


def renumber_rows(apps, schema_editor):
    """Give every search row the id `search_row_id` gives it."""
    rows = apps.get_model("articles", "StorySearch").objects.values_list(
        "id", "story_id", "language", "story__publish_at"
    )
    renumbered = [
        (row_id, search_row_id(story_id, language, publish_at))
        for row_id, story_id, language, publish_at in rows.iterator()
    ]
    with schema_editor.connection.cursor() as cursor:
        for start in range(0, len(renumbered), BATCH_SIZE):
            batch = renumbered[start : start + BATCH_SIZE]
            values = ", ".join(["(%s, %s)"] * len(batch))
            # Both databases name a VALUES list's columns column1, column2.
            cursor.execute(
                "UPDATE articles_storysearch SET id = v.column2 "  # noqa: S608
                f"FROM (VALUES {values}) AS v WHERE articles_storysearch.id = v.column1",
                [number for pair in batch for number in pair],
            )


def create_sqlite_triggers(apps, schema_editor):
    """Create migration 0008's triggers again, after a rebuild of the table."""
    if schema_editor.connection.vendor == "sqlite":
        # The first statement of migration 0008 creates the FTS5 table itself.
        for statement in full_text_index.SQLITE_CREATE[1:]:
            schema_editor.execute(statement)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    renumber_rows(apps, schema_editor)
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_REBUILD)
    elif vendor == "postgresql":
        for statement in POSTGRESQL_CREATE:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    # The ids stay as they are; counting goes on from the largest.
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0020_story_credit_count"),
    ]

    # On SQLite the AlterField rebuilds the table, dropping its triggers, in
    # both directions; the operations on either side create them again.
    operations = [
        migrations.RunPython(migrations.RunPython.noop, create_sqlite_triggers),
        migrations.AlterField(
            model_name="storysearch",
            name="id",
            field=models.BigIntegerField(
                primary_key=True, serialize=False, verbose_name="ID"
            ),
        ),
        migrations.RunPython(create_sqlite_triggers, migrations.RunPython.noop),
        migrations.RunPython(forwards, backwards),
    ]
