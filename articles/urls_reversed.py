"""URLs reversed, or translated, once per process.

A list page links twenty stories and their categories, and every page links
the home page, the search, the feeds, the removal request form, each
category in its navigation and itself in each language. Django's
`reverse()` costs about 150,000 instructions a call (callgrind), a sixth of
the home page, and `translate_url()` resolves the path first. A URL depends
only on the view's name and arguments (or the path translated), the
language, where the site is mounted and the URLconf, so it is made once
for each of them and kept.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse, translate_url
from django.utils.translation import get_language

# Far more than the stories a worker's readers ask for between restarts; an
# entry is about 300 bytes.
KEPT_URLS = 20_000


def reverse_once(viewname: str, **kwargs) -> str:
    """Return `reverse(viewname, kwargs=kwargs)`, reversed once and kept."""
    return kept_reverse(viewname, tuple(kwargs.items()), *url_context())


def url_context() -> tuple[str, str, str]:
    """What a URL depends on besides its view and arguments: the active
    language, the script prefix and the URLconf. Part of every kept key."""
    return get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF


@lru_cache(maxsize=KEPT_URLS)
def kept_reverse(viewname, kwargs, language, script_prefix, urlconf) -> str:
    # Called in the language, script prefix and URLconf of the key.
    return reverse(viewname, kwargs=dict(kwargs))


def translate_once(path: str, language: str) -> str:
    """Return `translate_url(path, language)`, translated once and kept."""
    return kept_translation(path, language, *url_context())


@lru_cache(maxsize=KEPT_URLS)
def kept_translation(path, language, current_language, script_prefix, urlconf):
    # Called in the current language, script prefix and URLconf of the key.
    return translate_url(path, language)
