"""The one HTML cleaner for story bodies, whoever wrote them.

Editors, translators and imported feeds all pass through `clean_body_html`, so
a rule changes here once. It is idempotent: cleaning clean HTML changes nothing.
"""

from html import unescape

import nh3
from django.conf import settings

BODY_TAGS = {
    "p", "br", "h2", "h3", "h4", "blockquote", "ul", "ol", "li",
    "strong", "em", "b", "i", "u", "s", "sub", "sup", "a", "img",
    "figure", "figcaption", "table", "thead", "tbody", "tr", "th", "td",
    "code", "pre", "hr",
}  # fmt: skip
BODY_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def keep_attribute(tag, attribute, value):
    """Drop images that are not ours: a foreign src tracks readers."""
    if tag == "img" and attribute == "src" and not value.startswith(settings.MEDIA_URL):
        return None
    return value


def clean_body_html(html):
    """Return `html` with only the allowed tags, attributes and URL schemes.

    Scripts and styles lose their content as well as their tags; event
    handler attributes and `javascript:` URLs never survive.
    """
    return nh3.clean(
        html,
        tags=BODY_TAGS,
        clean_content_tags={"script", "style"},
        attributes=BODY_ATTRIBUTES,
        attribute_filter=keep_attribute,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def clean_plain_text(html):
    """Return the text of `html` with tags dropped, entities decoded and
    whitespace collapsed: for titles, summaries and bylines from outside.

    The result is plain text, auto-escaped wherever it is shown.
    """
    text = nh3.clean(html, tags=set(), clean_content_tags={"script", "style"})
    return " ".join(unescape(text).split())
