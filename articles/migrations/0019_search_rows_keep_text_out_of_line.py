from django.db import migrations

# PostgreSQL: keep a search row's text and vector out of line (in TOAST),
# so that the table's own pages hold only what finding matches needs. A
# search's bitmap scan reads the row of every match, for its story and
# language; with the headline, body and vector stored inline up to 2 KB a
# row, the 6,000 rows of 北约 in the benchmark filled 2,200 pages (13.6 ms
# of a 38 ms query); with this, 3 ms. Only the ranked matches' vectors are
# read from TOAST, as before. 128 bytes is the smallest target PostgreSQL
# allows. Rows written before this keep their layout until rewritten
# (docs/operators.md, "Search"). SQLite's FTS5 table is not affected.
POSTGRESQL_SET = "ALTER TABLE articles_storysearch SET (toast_tuple_target = 128)"
POSTGRESQL_RESET = "ALTER TABLE articles_storysearch RESET (toast_tuple_target)"


def keep_text_out_of_line(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_SET)


def keep_text_inline(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_RESET)


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0018_search_index_per_language"),
    ]

    operations = [
        migrations.RunPython(keep_text_out_of_line, keep_text_inline),
    ]
