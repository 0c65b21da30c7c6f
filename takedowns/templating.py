"""The helpers of the public pages' templates that belong to takedowns."""

from django.utils.http import urlencode

from articles.urls_reversed import reverse_once
from takedowns import deadlines


def legal_time(moment) -> str:
    """Show a takedown time on the legal clock, New York time, zone named."""
    return deadlines.legal_time(moment) if moment else ""


def removal_url(story=None) -> str:
    """Return the address of the removal request page, naming `story` if any."""
    url = reverse_once("takedowns:takedown")
    if slug := getattr(story, "slug", ""):
        url += "?" + urlencode({"story": slug})
    return url
