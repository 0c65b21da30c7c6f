"""The SQL of the full-text index, one dialect per database vendor.

The ORM has no full-text search that works on both databases, so the few
statements that need one live here, and nowhere else.

- SQLite: an FTS5 virtual table with external content over
  `articles_storysearch` (`title`, `document`), kept in step by triggers
  created with it (migrations 0008 and 0021), so every insert, update and
  delete of a StorySearch row (cascades included) reaches the index in the
  same transaction.
- PostgreSQL: stored generated `tsvector` columns, `to_tsvector('simple', …)`
  of both columns (`search_vector`) and of the headline and summary alone
  (`title_vector`), each with one partial GIN index per language
  (migrations 0018 and 0021), so a search reads only the matches in its
  language. The 'simple' configuration only splits on spaces and
  lower-cases: stemming and Chinese segmentation have been done already
  (`articles.search.tokens`).

Both order results the same way: first the stories whose headline or
summary has every word, then the others, newest first within each. A search
row's id sorts as its story's publication (`search_row_id`), so each part
is read newest first from the index and joined to the stories a reader may
see one match at a time, until enough are found: a search costs about as
much however many stories match, where scoring every match (BM25 on
SQLite, `ts_rank` on PostgreSQL, which reads each match's vector) cost
more the commoner the words were.
"""

from django.db import connection

from articles.models import Story
from articles.search.indexing import STORY_ID_MASK

FTS_TABLE = "articles_storysearch_fts"
CONTENT_TABLE = "articles_storysearch"
# The FTS5 column, and the PostgreSQL vector, of the headline and summary.
SQLITE_HEADLINE_COLUMN = "title"
POSTGRESQL_HEADLINE_VECTOR = "title_vector"
POSTGRESQL_VECTOR = "search_vector"
# The stories' index that covers `published()` and the search filters, by id.
SQLITE_STORY_INDEX = "story_visibility_by_id"

POSTGRESQL_QUERY = "plainto_tsquery('simple', %s)"

SQLITE_REBUILD = (
    "INSERT INTO articles_storysearch_fts(articles_storysearch_fts) VALUES ('rebuild')"
)


def rebuild_index() -> None:
    """Rebuild SQLite's FTS5 table from StorySearch; PostgreSQL needs nothing.

    The triggers keep it in step; this repairs an index changed by hand.
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(SQLITE_REBUILD)


# The SQL below holds only constant names, the ORM's own SQL and integers;
# every value is a parameter (hence the S608 exemptions).


def match_expression(terms: list[str]) -> str:
    """Return `terms` as the vendor's query text: every term is required."""
    if connection.vendor == "postgresql":
        return " ".join(terms)
    # FTS5 query syntax: a quoted string is one term; juxtaposition is AND.
    return " ".join('"{}"'.format(term.replace('"', '""')) for term in terms)


def ranked_story_ids(
    *,
    terms: list[str],
    language: str,
    id_range: tuple[int, int],
    stories_sql: str,
    stories_params: tuple,
    limit: int,
) -> list[int]:
    """Return the ids of at most `limit` matching stories, best first.

    `stories_sql` selects the `id` of the stories a reader may see; only
    those are returned, and only search rows of `language` whose ids lie in
    `id_range` (`language_id_range`) are read. The best are those whose
    headline or summary has every term; newest first among equals.
    """
    if connection.vendor == "postgresql":
        newest_matches = postgresql_newest_matches
    else:
        newest_matches = sqlite_newest_matches
    expression = match_expression(terms)
    headline_sql, headline_params = newest_matches(
        expression, language, id_range, stories_sql, stories_params, headline=True
    )
    rest_sql, rest_params = newest_matches(
        expression, language, id_range, stories_sql, stories_params, headline=False
    )
    # One statement: the headline matches, then as many of the others as the
    # limit leaves room for (none once the headline matches fill it).
    sql = (
        f"WITH headline AS MATERIALIZED ({headline_sql} LIMIT %s) "  # noqa: S608
        "SELECT story_id, 0 AS part, position FROM headline "
        "UNION ALL SELECT story_id, 1 AS part, position FROM ("
        f"{rest_sql} LIMIT %s - (SELECT count(*) FROM headline)"
        ") rest ORDER BY part, position DESC"
    )
    params = [*headline_params, limit, *rest_params, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [story_id for story_id, _part, _position in cursor.fetchall()]


def sqlite_newest_matches(
    expression, language, id_range, stories_sql, stories_params, *, headline
) -> tuple[str, list]:
    """Return the SQL of the visible matches, newest first: story_id, position.

    With `headline`, the matches in the headline and summary; without, the
    others. The FTS5 table yields its rowids (search row ids) in descending
    order, within `id_range`, and CROSS JOIN keeps it the outer
    loop: each match's story, whose id is the row id's low bits, is looked
    up in SQLITE_STORY_INDEX, and the scan stops at the caller's LIMIT.
    """
    if headline:
        expression = f"{{{SQLITE_HEADLINE_COLUMN}}} : ({expression})"
        rest = ""
    else:
        rest = " AND p.id NOT IN (SELECT story_id FROM headline)"
    sql = (
        f"SELECT p.id AS story_id, f.rowid AS position FROM {FTS_TABLE} f "  # noqa: S608
        f"CROSS JOIN ({sqlite_through_index(stories_sql)}) p "
        f"WHERE {FTS_TABLE} MATCH %s AND f.rowid BETWEEN %s AND %s "
        f"AND p.id = (f.rowid & {STORY_ID_MASK}){rest} "
        "ORDER BY f.rowid DESC"
    )
    return sql, [*stories_params, expression, *id_range]


def sqlite_through_index(stories_sql: str) -> str:
    """Return `stories_sql` reading the stories through SQLITE_STORY_INDEX.

    Without statistics (ANALYZE) SQLite's planner looks a story up by its
    primary key, reading the row to its end; the index costs a third as
    much. The ORM cannot name an index, so its FROM clause is completed.
    """
    table = f'FROM "{Story._meta.db_table}"'
    if table not in stories_sql:
        raise ValueError(f"Expected the stories' query to read {table}.")
    return stories_sql.replace(table, f'{table} INDEXED BY "{SQLITE_STORY_INDEX}"', 1)


def postgresql_newest_matches(
    expression, language, id_range, stories_sql, stories_params, *, headline
) -> tuple[str, list]:
    """Return the SQL of the visible matches, newest first: story_id, position.

    With `headline`, the matches in the headline and summary; without, the
    others. The GIN index finds the matches, which are sorted by search row
    id; each is then joined to the stories a reader may see by primary key,
    until the caller's LIMIT. The OFFSET 0s keep the planner from joining
    every visible story first (a hash join over all of them cost 24 ms
    at 100,000 stories) or from walking the search rows' primary key
    backwards, testing each row's vector.
    """
    vector = POSTGRESQL_HEADLINE_VECTOR if headline else POSTGRESQL_VECTOR
    rest = (
        "" if headline else "WHERE m.story_id NOT IN (SELECT story_id FROM headline) "
    )
    sql = (
        "SELECT m.story_id, m.id AS position FROM ("  # noqa: S608
        f"SELECT s.id, s.story_id FROM {CONTENT_TABLE} s "
        f"WHERE s.language = %s AND s.{vector} @@ {POSTGRESQL_QUERY} "
        "AND s.id BETWEEN %s AND %s ORDER BY s.id DESC OFFSET 0"
        ") m CROSS JOIN LATERAL ("
        f"SELECT 1 FROM ({stories_sql}) p WHERE p.id = m.story_id OFFSET 0"
        f") visible {rest}ORDER BY m.id DESC"
    )
    return sql, [language, expression, *id_range, *stories_params]
