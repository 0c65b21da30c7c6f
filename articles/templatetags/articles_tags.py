from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from articles import seo
from articles.models.source import ATTRIBUTION_PLACEHOLDER

register = template.Library()


@register.simple_tag
def attribution(story):
    """Render the story's attribution line with the source linked to the original.

    "As reported by {source}" becomes "As reported by <a …>The New York
    Times</a>" (or "据<a …>纽约时报</a>报道"); every part is escaped.
    """
    before, _placeholder, after = story.attribution_line.partition(
        ATTRIBUTION_PLACEHOLDER
    )
    if story.original_url:
        source = format_html(
            '<a href="{}" rel="noopener" class="attribution-source">{}</a>',
            story.original_url,
            story.source.name,
        )
    else:
        source = format_html("<span>{}</span>", story.source.name)
    return format_html("{}{}{}", before, source, after)


@register.simple_tag
def removal_url(story):
    """Return the address of the removal request page, naming `story` if any.

    Pages without a story pass an unset variable, which templates make "".
    """
    url = reverse("articles:takedown")
    if slug := getattr(story, "slug", ""):
        url += "?" + urlencode({"story": slug})
    return url


@register.simple_tag(takes_context=True)
def page_languages(context):
    """Return the page's language versions, canonical URL and switch link."""
    story = context.get("story") if context.get("is_story_page") else None
    return seo.page_languages(context["request"].path, story=story)


@register.filter
def bcp47(language):
    return seo.bcp47(language)


@register.simple_tag
def time_zone_label():
    """Name the zone that page times are shown in (Beijing time in Chinese)."""
    name = timezone.get_current_timezone_name()
    labels = {"Asia/Shanghai": _("Beijing time"), "UTC": _("UTC")}
    return labels.get(name, name)
