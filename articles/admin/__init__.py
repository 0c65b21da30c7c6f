# Importing the modules registers their ModelAdmins.
from articles.admin import image, story  # noqa: F401
