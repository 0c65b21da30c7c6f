"""The SQL of the full-text index, one dialect per database vendor.

The ORM has no full-text search that works on both databases, so the few
statements that need one live here, and nowhere else.

- SQLite: an FTS5 virtual table with external content over
  `articles_storysearch` (`title`, `document`), kept in step by triggers
  created with it (migration 0008), so every insert, update and delete of a
  StorySearch row (cascades included) reaches the index in the same
  transaction. Ranked by BM25, headline terms weighted ten times body terms.
- PostgreSQL: a stored generated `tsvector` column, `to_tsvector('simple', …)`
  of both columns (headline weighted A, the rest D), with a GIN index. The
  'simple' configuration only splits on spaces and lower-cases: stemming and
  Chinese segmentation have been done already (`articles.search.tokens`).
  Ranked by `ts_rank`.

Both rank first by relevance, then newest first.
"""

from django.db import connection

FTS_TABLE = "articles_storysearch_fts"
CONTENT_TABLE = "articles_storysearch"
VECTOR_COLUMN = "search_vector"
# BM25 column weights: headline, then summary and body.
SQLITE_WEIGHTS = (10.0, 1.0)

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


def match_sql(stories_sql: str) -> tuple[str, str]:
    """Return the FROM/WHERE and ORDER BY clauses matching `terms`.

    `stories_sql` is a subquery of the stories a reader may see, selecting
    `id` and `publish_at`; its parameters come before the ones of the
    returned clauses, which are (match expression, language).
    """
    if connection.vendor == "postgresql":
        query = "plainto_tsquery('simple', %s)"
        where = (
            f"FROM {CONTENT_TABLE} s JOIN ({stories_sql}) p ON p.id = s.story_id "
            f"WHERE s.{VECTOR_COLUMN} @@ {query} AND s.language = %s"
        )
        # Normalisation 1: divide by 1 + log(length), so a long body does
        # not outrank a short one by its length alone.
        order = f"ts_rank(s.{VECTOR_COLUMN}, {query}, 1) DESC"
        return where, order
    weights = ", ".join(str(weight) for weight in SQLITE_WEIGHTS)
    where = (
        f"FROM {FTS_TABLE} JOIN {CONTENT_TABLE} s ON s.id = {FTS_TABLE}.rowid "
        f"JOIN ({stories_sql}) p ON p.id = s.story_id "
        f"WHERE {FTS_TABLE} MATCH %s AND s.language = %s"
    )
    return where, f"bm25({FTS_TABLE}, {weights})"


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
    stories_sql: str,
    stories_params: tuple,
    offset: int,
    limit: int,
) -> list[int]:
    """Return the ids of the matching stories, best first, newest on ties."""
    where, order = match_sql(stories_sql)
    expression = match_expression(terms)
    params = [*stories_params, expression, language]
    if connection.vendor == "postgresql":
        params.append(expression)
    sql = f"SELECT p.id {where} ORDER BY {order}, p.publish_at DESC, p.id DESC "
    sql += "LIMIT %s OFFSET %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        return [row[0] for row in cursor.fetchall()]


def count_matches(
    *,
    terms: list[str],
    language: str,
    stories_sql: str,
    stories_params: tuple,
    cap: int,
) -> int:
    """Return how many stories match, counting no further than `cap`."""
    where, _order = match_sql(stories_sql)
    # Only constant names and the ORM's SQL go into the text; values are
    # parameters.
    sql = f"SELECT count(*) FROM (SELECT 1 {where} LIMIT %s) matches"  # noqa: S608
    params = [*stories_params, match_expression(terms), language, cap]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]
