"""The one HTML cleaner for story bodies, and the one way to read HTML as text.

Editors, translators and imported feeds all pass through `clean_body_html`, so
a rule changes here once. It is idempotent: cleaning clean HTML changes nothing.

`html_to_text` gives the words of any HTML, to the search index, to duplicate
detection, to the check for an empty body, and as the titles, summaries and
bylines of imported entries.
"""

import re
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

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
    # A list that starts at 3, or counts a., b., c. (the body editor sets them).
    "ol": {"start", "type"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Elements a browser sets apart from the text around them: their tags
# separate words. The tags of any other element join the text on either side.
BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd",
    "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup",
    "hr", "legend", "li", "main", "nav", "ol", "p", "pre", "section", "summary",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
# In nh3's output every "<" of text or of an attribute is escaped, so a "<"
# starts a tag.
TAG = re.compile(r"<[^>]*>")


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


def html_to_text(html: str) -> str:
    """Return the text of `html` on one line, words separated by single spaces.

    Block elements and line breaks separate words, so "<p>a</p><p>b</p>" and
    "a<br>b" give "a b"; inline elements do not, so "<b>word</b>." gives
    "word.". Scripts, styles and comments go; entities are decoded. `html`
    may come from anywhere and be broken: nh3 parses it as a browser would.

    The result is plain text, auto-escaped wherever it is shown.
    """
    blocks = nh3.clean(
        html,
        tags=BLOCK_TAGS,
        clean_content_tags={"script", "style"},
        attributes={"*": set()},
    )
    return " ".join(unescape(TAG.sub(" ", blocks)).split())


class LinkCollector(HTMLParser):
    """Collect the href of every link in a piece of HTML."""

    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.extend(value or "" for name, value in attrs if name == "href")


def unsafe_links(html: str) -> list[str]:
    """Return the link addresses in `html` that `clean_body_html` would drop.

    A link must name its scheme (http, https or mailto): "example.com/page"
    would otherwise point inside our own site.
    """
    collector = LinkCollector()
    collector.feed(html)
    collector.close()
    return [
        href
        for href in collector.hrefs
        if urlsplit(href.strip()).scheme.lower() not in URL_SCHEMES
    ]
