from django import template
from django.urls import reverse
from django.utils.http import urlencode

from takedowns import deadlines

register = template.Library()


@register.filter
def legal_time(moment):
    """Show a takedown time on the legal clock, New York time, zone named."""
    return deadlines.legal_time(moment) if moment else ""


@register.simple_tag
def removal_url(story):
    """Return the address of the removal request page, naming `story` if any.

    Pages without a story pass an unset variable, which templates make "".
    """
    url = reverse("takedowns:takedown")
    if slug := getattr(story, "slug", ""):
        url += "?" + urlencode({"story": slug})
    return url
