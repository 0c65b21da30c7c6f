from articles.admin import story  # noqa: F401  (registers the newsroom admin)
