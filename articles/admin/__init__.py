# Importing the modules registers their ModelAdmins.
from articles.admin import image, ingest, story, takedown  # noqa: F401
