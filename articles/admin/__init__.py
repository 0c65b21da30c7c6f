# Importing the modules registers their ModelAdmins.
from articles.admin import ingest, story  # noqa: F401
