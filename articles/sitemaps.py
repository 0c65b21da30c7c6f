"""Sitemaps: stories with hreflang alternates and images, categories, Google News.

Every story sitemap starts from `Story.objects.published(language)`, the one
definition of public, and lists a story only in the languages it is public
in. Stories marked `is_noindex` are left out: their pages ask search engines
not to index them.
"""

import operator
from datetime import timedelta
from functools import reduce
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.utils import timezone

from articles.models import Category, Story

# Google News: articles published in the last two days, at most 1,000.
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000


def public_stories():
    """Return the stories public in at least one language, with their flags.

    `live_languages` then says which languages, with no further query.
    """
    public = reduce(
        operator.or_,
        (Story.objects.published(language) for language, _name in settings.LANGUAGES),
    )
    return public.select_related("hero_image").latest_first()


class SiteSitemap(Sitemap):
    """A sitemap whose addresses start from SITE_URL.

    Django takes the domain from the sites framework or from the request.
    The site has no use for django.contrib.sites (one site, one address),
    and the request's Host header must not reach a cached sitemap: the
    first request to render it would decide the host for every reader.
    """

    i18n = True

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class StorySitemap(SiteSitemap):
    """Every indexable public story, once per public language, with alternates."""

    alternates = True
    x_default = True

    def items(self):
        return public_stories().filter(is_noindex=False)

    def get_languages_for_item(self, item):
        # Only the languages readers can see it in: an unpublished
        # translation's URL shows the English text under a notice (noindex).
        return item.live_languages

    def lastmod(self, item):
        return item.revised_at or item.first_published_at or item.publish_at


class CategorySitemap(SiteSitemap):
    """The category pages, which exist in every language."""

    alternates = True
    x_default = True
    changefreq = "hourly"

    def items(self):
        return Category.objects.all()


class NewsSitemap(StorySitemap):
    """Google News: stories first published in the last 48 hours.

    Each language version is its own article for Google News; a page holds
    at most 1,000 of them, and more go to ?p=2.
    """

    alternates = False
    x_default = False
    limit = NEWS_LIMIT

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return super().items().filter(first_published_at__gte=since)[:NEWS_LIMIT]


# Section name -> sitemap, each at /sitemap-<section>.xml (aggregator/urls.py).
SITEMAPS = {
    "stories": StorySitemap,
    "categories": CategorySitemap,
    "news": NewsSitemap,
}
