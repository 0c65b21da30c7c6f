"""The URLs of stories and categories, reversed once per process.

A list page links twenty stories and their categories, and every page links
each category in its navigation. Django's `reverse()` costs about 150,000
instructions a call (callgrind), a sixth of the home page. The URL of a story
or a category depends only on its slug, the language, where the site is
mounted and the URLconf, so it is reversed once for each of them and kept.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# Far more than the stories a worker's readers ask for between restarts; an
# entry is about 300 bytes.
KEPT_URLS = 20_000


def slug_url(viewname: str, slug: str) -> str:
    """Return `reverse(viewname, kwargs={"slug": slug})`, reversed once."""
    return reversed_slug_url(
        viewname,
        slug,
        get_language(),
        get_script_prefix(),
        get_urlconf() or settings.ROOT_URLCONF,
    )


@lru_cache(maxsize=KEPT_URLS)
def reversed_slug_url(viewname, slug, language, script_prefix, urlconf) -> str:
    # Called in the language, script prefix and URLconf of the key.
    return reverse(viewname, kwargs={"slug": slug})
