"""The helpers of the public pages' templates that belong to takedowns."""

from django.urls import reverse
from django.utils.http import urlencode


def removal_url(story=None) -> str:
    """Return the address of the removal request page, naming `story` if any."""
    url = reverse("takedowns:takedown")
    if slug := getattr(story, "slug", ""):
        url += "?" + urlencode({"story": slug})
    return url
