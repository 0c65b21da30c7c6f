from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode

from articles.models.source import ATTRIBUTION_PLACEHOLDER

register = template.Library()


@register.simple_tag
def attribution(story):
    """Render the story's attribution line with the source linked to the original.

    "As reported by {source}" becomes "As reported by <a …>The New York
    Times</a>"; every part is escaped.
    """
    before, _, after = story.attribution_line.partition(ATTRIBUTION_PLACEHOLDER)
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
