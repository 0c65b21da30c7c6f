"""The categories of the site header, read once per purge of the pages."""

from articles.models import Category
from articles.pagecache.pages import request_sequence

# The categories this process last read, and the purge sequence it read them at.
last_read: tuple[int | None, list[Category]] = (None, [])


def navigation_categories(request) -> list[Category]:
    """Return the categories every public page's header lists, in order.

    Every change to a category purges the whole site (`PurgesPageCacheMixin`
    purges SITE_KEY), and every purge moves the page cache's purge
    sequence, which the request reads anyway: the categories read at one
    value of the sequence hold until it moves. So this process reads them
    again only after a purge, as the page cache renders its pages again only
    then. With the cache down (no sequence), every request reads them.

    The instances are shared between requests: pages only read them.
    """
    global last_read
    sequence = request_sequence(request)
    read_at, categories = last_read
    if sequence is None or sequence != read_at:
        categories = list(Category.objects.all())
        if sequence is not None:
            last_read = (sequence, categories)
    return list(categories)
