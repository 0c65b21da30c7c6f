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


# The SQL below holds only constant names, the ORM's own SQL and integers;
# every value is a parameter (hence the S608 exemptions).


def candidates_sql(candidates: int | None) -> str:
    """Return a subquery of matching StorySearch rows: search_id, story_id, score.

    Lower scores are better on both databases. With `candidates`, only that
    many best-scored rows: ranking inside the index alone is fast, and
    joining every match of a common word to its story is not. Its
    parameters are (match expression, language).
    """
    limit = "" if candidates is None else f" LIMIT {int(candidates)}"
    if connection.vendor == "postgresql":
        query = "plainto_tsquery('simple', %s)"
        # Normalisation 1: divide by 1 + log(length), so a long body does
        # not outrank a short one by its length alone.
        return (
            f"SELECT s.id AS search_id, s.story_id, "  # noqa: S608
            f"-ts_rank(s.{VECTOR_COLUMN}, query, 1) AS score "
            f"FROM {CONTENT_TABLE} s, {query} query "
            f"WHERE s.{VECTOR_COLUMN} @@ query AND s.language = %s "
            f"ORDER BY score{limit}"
        )
    weights = ", ".join(str(weight) for weight in SQLITE_WEIGHTS)
    return (
        f"SELECT s.id AS search_id, s.story_id, m.score FROM ("  # noqa: S608
        f"SELECT rowid AS search_id, bm25({FTS_TABLE}, {weights}) AS score "
        f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s ORDER BY score{limit}"
        f") m JOIN {CONTENT_TABLE} s ON s.id = m.search_id WHERE s.language = %s"
    )


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
    candidates: int | None,
) -> list[int]:
    """Return the ids of the matching stories, best first, newest on ties.

    `stories_sql` selects the `id` and `publish_at` of the stories a reader
    may see. With `candidates`, only the best `candidates` matches are
    considered (see `candidates_sql`).
    """
    # Only constant names and the ORM's SQL go into the text; values are
    # parameters.
    sql = (
        f"SELECT p.id FROM ({candidates_sql(candidates)}) c "  # noqa: S608
        f"JOIN ({stories_sql}) p ON p.id = c.story_id "
        "ORDER BY c.score, p.publish_at DESC, p.id DESC LIMIT %s OFFSET %s"
    )
    params = [match_expression(terms), language, *stories_params, limit, offset]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def count_matches(
    *,
    terms: list[str],
    language: str,
    stories_sql: str,
    stories_params: tuple,
    cap: int,
) -> int:
    """Return how many stories match, counting no further than `cap`.

    Unranked, so the database stops at the cap.
    """
    if connection.vendor == "postgresql":
        matches = (
            f"SELECT s.story_id FROM {CONTENT_TABLE} s "  # noqa: S608
            f"WHERE s.{VECTOR_COLUMN} @@ plainto_tsquery('simple', %s) "
            "AND s.language = %s"
        )
    else:
        matches = (
            f"SELECT s.story_id FROM {FTS_TABLE} "  # noqa: S608
            f"JOIN {CONTENT_TABLE} s ON s.id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s AND s.language = %s"
        )
    sql = (
        f"SELECT count(*) FROM (SELECT 1 FROM ({matches}) c "  # noqa: S608
        f"JOIN ({stories_sql}) p ON p.id = c.story_id LIMIT %s) counted"
    )
    params = [match_expression(terms), language, *stories_params, cap]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]
