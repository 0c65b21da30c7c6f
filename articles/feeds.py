"""RSS 2.0 and Atom feeds of the latest public stories, per language and category.

The language comes from the URL (/feed/, /zh-hans/feed/), as for every other
page; the stories from `Story.objects.published(language)`, the one
definition of public. Links are absolute under SITE_URL: feeds are cached
and read elsewhere, so they must not depend on the Host header.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from articles import seo
from articles.models import Category, Story
from articles.pagecache.keys import category_key, feed_key
from articles.pagecache.pages import add_page_keys

FEED_LENGTH = 50


class AttributedRssFeed(Rss201rev2Feed):
    """RSS 2.0 whose items name their source in a <source> element.

    RSS 2.0 §<source>: the element's text is the source's name and its
    `url` attribute is required, so items without a source address get none.
    """

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("source_name") and item.get("source_url"):
            handler.addQuickElement(
                "source", item["source_name"], {"url": item["source_url"]}
            )


class AttributedAtomFeed(Atom1Feed):
    """Atom whose entries link to the original article with rel="via".

    RFC 4287 §4.2.7.2: "via" identifies the resource the entry's
    information came from, which is what the original article is.
    """

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("original_url"):
            handler.addQuickElement(
                "link", "", {"rel": "via", "href": item["original_url"]}
            )


class LatestStoriesFeed(Feed):
    """The latest public stories in the page's language, as RSS 2.0."""

    feed_type = AttributedRssFeed
    # The summary, the attribution line and a link to the original.
    description_template = "feeds/story_description.html"

    @property
    def language(self):
        return seo.bcp47(get_language())

    def title(self, obj):
        return _("%(site)s: latest stories") % {"site": settings.SITE_NAME}

    def description(self, obj):
        return _(
            "The latest stories on %(site)s, each crediting and linking to its source."
        ) % {"site": settings.SITE_NAME}

    def subtitle(self, obj):
        return self.description(obj)

    def link(self, obj):
        return seo.absolute_url(reverse("articles:home"))

    def feed_url(self, obj):
        return seo.absolute_url(reverse("articles:feed"))

    def get_object(self, request):
        add_page_keys(request, feed_key(get_language()))

    def stories(self, obj):
        """Return the stories this feed draws from, before ordering."""
        return Story.objects.published(get_language())

    def items(self, obj):
        return self.stories(obj).with_page_data().latest_first()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return seo.absolute_url(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.first_published_at or item.publish_at

    def item_updateddate(self, item):
        return item.revised_at or item.first_published_at or item.publish_at

    def item_author_name(self, item):
        return item.byline or item.source.name

    def item_categories(self, item):
        return [item.category.name]

    def item_enclosures(self, item):
        rendition = seo.largest_image(item.visible_hero_image)
        if rendition is None:
            return []
        return [
            Enclosure(
                seo.absolute_url(item.visible_hero_image.url_of(rendition)),
                str(rendition["bytes"]),
                "image/jpeg",
            )
        ]

    def item_extra_kwargs(self, item):
        return {
            "source_name": item.source.name,
            "source_url": item.source.homepage_url or item.original_url,
            "original_url": item.original_url,
        }


class LatestStoriesAtomFeed(LatestStoriesFeed):
    feed_type = AttributedAtomFeed

    def feed_url(self, obj):
        return seo.absolute_url(reverse("articles:feed-atom"))


class CategoryFeed(LatestStoriesFeed):
    """The latest public stories of one category, as RSS 2.0."""

    def get_object(self, request, slug):
        category = get_object_or_404(Category, slug=slug)
        add_page_keys(request, category_key(category.pk, get_language()))
        return category

    def title(self, obj):
        return _("%(site)s: %(category)s") % {
            "site": settings.SITE_NAME,
            "category": obj.name,
        }

    def description(self, obj):
        return _("The latest %(category)s stories on %(site)s.") % {
            "site": settings.SITE_NAME,
            "category": obj.name,
        }

    def link(self, obj):
        return seo.absolute_url(obj.get_absolute_url())

    def feed_url(self, obj):
        return seo.absolute_url(
            reverse("articles:category-feed", kwargs={"slug": obj.slug})
        )

    def stories(self, obj):
        return super().stories(obj).filter(category=obj)


class CategoryAtomFeed(CategoryFeed):
    feed_type = AttributedAtomFeed

    def feed_url(self, obj):
        return seo.absolute_url(
            reverse("articles:category-feed-atom", kwargs={"slug": obj.slug})
        )
