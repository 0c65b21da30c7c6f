# Importing the modules registers their ModelAdmins.
from articles.admin import desk, image, story  # noqa: F401
