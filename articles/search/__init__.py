"""Full-text search over published stories, in English and Chinese.

`tokens` turns text into the terms both the index and the queries use
(and gives duplicate detection, in `ingest`, its words and bigrams),
`backends` holds the SQL of the two databases' indexes (SQLite FTS5,
PostgreSQL GIN), and `snippets` highlights the terms in a result's text.
"""
