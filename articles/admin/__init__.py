from articles.admin import image, story  # noqa: F401  (registers the newsroom admin)
