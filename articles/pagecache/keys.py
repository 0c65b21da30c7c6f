"""The purge keys: names for what a public page shows.

Every cached public page is tagged with the keys of what it shows (its
story, its list, the site's navigation), in its language: the page cache
and the edge (Varnish `xkey`, Fastly `Surrogate-Key`, Cloudflare
`Cache-Tag`) both keep them, and a change purges exactly the pages tagged
with the keys `story_change_keys` gives for it.
"""

from django.conf import settings

# On every page: the navigation (categories) and the sources' credits show
# everywhere, so a change to them purges the whole site.
SITE_KEY = "site"
# Every sitemap, whose entries span both languages.
SITEMAP_KEY = "sitemap"


def story_key(story_id: int, language: str) -> str:
    """The story's own page in `language` (also its 451 and 410 pages)."""
    return f"s{story_id}-{language}"


def category_key(category_id: int, language: str) -> str:
    """A category's list pages and its feeds in `language`."""
    return f"c{category_id}-{language}"


def home_key(language: str) -> str:
    """The home page's list in `language`."""
    return f"home-{language}"


def feed_key(language: str) -> str:
    """The site's latest-stories feeds (RSS and Atom) in `language`."""
    return f"feed-{language}"


def story_change_keys(*stories) -> list[str]:
    """Return the keys to purge after a change to `stories`, in every language.

    A story readers have never seen (a draft, an imported draft, a story
    scheduled for later) is on no public page: nothing is purged for it.
    Otherwise its own page and every list it is, or was, on: the home page,
    its category (and the category it was read with, if it moved), the
    feeds and the sitemaps. Every language, because a page in one language
    shows the other's state (an untranslated story shows the English text).
    """
    keys = {}  # A dict keeps the keys unique and in order.
    for story in stories:
        if not story.has_been_public:
            continue
        keys[SITEMAP_KEY] = None
        category_ids = {story.category_id, story.loaded_category_id} - {None}
        for language, _name in settings.LANGUAGES:
            keys[story_key(story.pk, language)] = None
            keys[home_key(language)] = None
            keys[feed_key(language)] = None
            for category_id in sorted(category_ids):
                keys[category_key(category_id, language)] = None
    return list(keys)
