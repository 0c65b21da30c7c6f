"""The SQL of the full-text index, one dialect per database vendor.

The ORM has no full-text search that works on both databases, so the few
statements that need one live here, and nowhere else.

- SQLite: an FTS5 virtual table with external content over
  `articles_storysearch` (`title`, `document`), kept in step by triggers
  created with it (migration 0008), so every insert, update and delete of a
  StorySearch row (cascades included) reaches the index in the same
  transaction. Ranked by BM25, headline and summary terms weighted ten
  times body terms, inside the index: FTS5 scores a match from the index
  alone, while reading
  a match's story row costs a look-up outside it. So the best-scored
  matches come first, and only they are checked against what a reader may
  see, unless too few of them are visible.
- PostgreSQL: a stored generated `tsvector` column, `to_tsvector('simple', …)`
  of both columns (headline and summary weighted A, the body D), with one
  partial GIN index per language (migration 0018), so a search reads only
  the matches in its language. The 'simple' configuration only splits on
  spaces and lower-cases: stemming and Chinese segmentation have been done
  already (`articles.search.tokens`).
  Ranked by `ts_rank` among the newest matches a reader may see: the GIN
  index finds matches without reading their vectors, but `ts_rank` must
  read and decompress each one, so only a bounded number are ranked.

Both rank first by relevance, then newest first.
"""

from django.db import connection

FTS_TABLE = "articles_storysearch_fts"
CONTENT_TABLE = "articles_storysearch"
VECTOR_COLUMN = "search_vector"
# BM25 column weights: headline and summary, then body.
SQLITE_WEIGHTS = (10.0, 1.0)

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
    stories_sql: str,
    stories_params: tuple,
    limit: int,
) -> list[int]:
    """Return the ids of at most `limit` matching stories, best first.

    `stories_sql` selects the `id` and `publish_at` of the stories a reader
    may see; only those are returned. Equal matches come newest first.

    Which `limit` matches are ranked, when more match, depends on the
    database (see the module docstring): on SQLite the best-scored, on
    PostgreSQL the newest.
    """
    arguments = {
        "expression": match_expression(terms),
        "language": language,
        "stories_sql": stories_sql,
        "stories_params": stories_params,
        "limit": limit,
    }
    if connection.vendor == "postgresql":
        return postgresql_ranked_ids(**arguments)
    return sqlite_ranked_ids(**arguments)


def postgresql_ranked_ids(
    *, expression, language, stories_sql, stories_params, limit
) -> list[int]:
    # The newest `limit` visible matches come from the GIN index and the
    # stories' publication order; only they are ranked, so ts_rank reads at
    # most `limit` vectors however common the words are. Normalisation 1
    # divides by 1 + log(length), so a long body does not outrank a short
    # one by its length alone.
    # The vectors pass through the inner sort as TOAST pointers, read only
    # when ranked: no second look-up of the search rows.
    sql = (
        "SELECT c.id FROM ("  # noqa: S608
        f"SELECT p.id, p.publish_at, s.{VECTOR_COLUMN} AS vector "
        f"FROM ({stories_sql}) p JOIN {CONTENT_TABLE} s ON s.story_id = p.id "
        f"WHERE s.language = %s AND s.{VECTOR_COLUMN} @@ {POSTGRESQL_QUERY} "
        "ORDER BY p.publish_at DESC, p.id DESC LIMIT %s"
        f") c ORDER BY ts_rank(c.vector, {POSTGRESQL_QUERY}, 1) DESC, "
        "c.publish_at DESC, c.id DESC"
    )
    params = [*stories_params, language, expression, limit, expression]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def sqlite_matches_sql(candidates: int | None) -> str:
    """Return the FTS5 matches, best first: search_id, score, and `matches`.

    `matches` is how many rows match in all, counted before any LIMIT.
    With `candidates`, only that many best-scored rows. Its one parameter
    is the match expression.
    """
    weights = ", ".join(str(weight) for weight in SQLITE_WEIGHTS)
    limit = "" if candidates is None else f" LIMIT {int(candidates)}"
    # FTS5 refuses bm25() in a query with a window function: count outside.
    return (
        "SELECT search_id, score, count(*) OVER () AS matches FROM ("  # noqa: S608
        f"SELECT rowid AS search_id, bm25({FTS_TABLE}, {weights}) AS score "
        f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        f") ORDER BY score{limit}"
    )


def sqlite_ranked_ids(
    *, expression, language, stories_sql, stories_params, limit
) -> list[int]:
    def ranked_sql(candidates: int | None) -> str:
        # Inner joins only: SQLite folds the stories' subquery into the join
        # and looks each candidate up by primary key. (On the right of a
        # LEFT JOIN, a subquery with a join of its own is materialised and
        # scanned once per candidate.)
        return (
            f"SELECT p.id, m.matches FROM ({sqlite_matches_sql(candidates)}) m "  # noqa: S608
            f"JOIN {CONTENT_TABLE} s ON s.id = m.search_id AND s.language = %s "
            f"JOIN ({stories_sql}) p ON p.id = s.story_id "
            "ORDER BY m.score, p.publish_at DESC, p.id DESC LIMIT %s"
        )

    params = [expression, language, *stories_params, limit]
    with connection.cursor() as cursor:
        # First the best `limit` rows of the index, those a reader may see.
        cursor.execute(ranked_sql(limit), params)
        rows = cursor.fetchall()
        if len(rows) == limit or (rows and rows[0][1] <= limit):
            # Enough were visible, or they were all the matches there are.
            return [story_id for story_id, _matches in rows]
        # Readers may not see some of the best (drafts, other languages, the
        # category and date filters), and more may match: rank them all.
        cursor.execute(ranked_sql(None), params)
        return [story_id for story_id, _matches in cursor.fetchall()]
