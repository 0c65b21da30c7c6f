"""What the Django templates left beside the Jinja2 pages use: the admin's,
the feeds' and the sitemaps' (the pages' helpers are in articles/templating.py)."""

from django import template

from articles import seo, templating
from articles.zones import local_time

register = template.Library()

# Staff pages: a time with the zone it is in ("…, 15:02 UTC").
register.filter("zoned", local_time)
# The feeds' item descriptions: "As reported by <a …>source</a>".
register.simple_tag(templating.attribution)
# The sitemaps: a story's picture, and its language as Google News names it.
register.filter("largest_image_url", seo.largest_image_url)
register.filter("news_language", seo.news_language)
