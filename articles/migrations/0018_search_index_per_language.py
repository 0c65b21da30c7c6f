from django.db import migrations

# PostgreSQL: one GIN index per language instead of one for both. A search
# is always in one language; with a single index the planner ANDs the GIN
# bitmap with a bitmap of every row of that language (a full scan of the
# story_search_one_per_language index, 100,000 entries in the benchmark)
# before it reads a row. A partial index answers "matches, in this
# language" by itself. A language added to settings.LANGUAGES needs its own
# index here. SQLite's FTS5 table is not affected.
LANGUAGES = ["en", "zh-hans"]

POSTGRESQL_CREATE = [
    "DROP INDEX IF EXISTS articles_storysearch_vector_gin",
    *(
        f"""CREATE INDEX articles_storysearch_vector_{language.replace("-", "_")}
        ON articles_storysearch USING gin (search_vector)
        WHERE language = '{language}'"""
        for language in LANGUAGES
    ),
]
POSTGRESQL_DROP = [
    *(
        f"DROP INDEX IF EXISTS articles_storysearch_vector_{language.replace('-', '_')}"
        for language in LANGUAGES
    ),
    """CREATE INDEX articles_storysearch_vector_gin
    ON articles_storysearch USING gin (search_vector)""",
]


def create_language_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_CREATE:
            schema_editor.execute(statement)


def drop_language_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0017_story_credit"),
    ]

    operations = [
        migrations.RunPython(create_language_indexes, drop_language_indexes),
    ]
