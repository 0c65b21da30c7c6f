"""Turn fetched feed bytes into clean, normalised entries.

feedparser reads RSS 0.9x, 1.0 (RDF) and 2.0 and Atom, and forgives most
broken XML. Before it runs, the bytes are decoded here, because the
encoding a feed declares is often wrong: GB2312 feeds use GBK characters,
and "ISO-8859-1" feeds are really UTF-8.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit
from xml.sax import SAXParseException

import feedparser
from django.utils.text import Truncator

from articles.sanitize import clean_body_html, html_to_text
from articles.search.tokens import CJK_RUN
from ingest.canonical import canonical_url

SUMMARY_LENGTH = 300
TITLE_LENGTH = 200

XML_ENCODING = re.compile(
    rb"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([A-Za-z0-9._:-]+)(["'])"""
)
HTTP_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE)
# Publishers label feeds with the narrow encoding and use its superset: GB2312
# and GBK feeds carry GB18030 characters, Latin-1 feeds carry Windows-1252's
# curly quotes. Decoding with the superset loses nothing.
ENCODING_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "iso-8859-1": "windows-1252",
    "latin-1": "windows-1252",
    "latin1": "windows-1252",
    "us-ascii": "windows-1252",
    "ascii": "windows-1252",
}
BOMS = [(b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")]


class ParseError(Exception):
    """The bytes are not a feed; the message says why, for editors."""


@dataclass(frozen=True)
class Entry:
    guid: str
    url: str
    title: str
    summary: str  # plain text, at most SUMMARY_LENGTH characters
    content: str  # sanitised HTML
    author: str
    published_at: datetime | None
    image_url: str

    @property
    def canonical_url(self) -> str:
        return canonical_url(self.url)

    @property
    def text(self) -> str:
        """The plain text that duplicate detection compares."""
        return "\n".join([self.title, self.summary, html_to_text(self.content)])

    @property
    def content_hash(self) -> str:
        """SHA-256 of the whitespace- and case-normalised text."""
        normalised = " ".join(self.text.casefold().split())
        return hashlib.sha256(normalised.encode()).hexdigest()


@dataclass(frozen=True)
class ParsedFeed:
    entries: list[Entry]
    warning: str  # what was wrong with a feed that could be read, or ""


def decode(content: bytes, content_type: str = "") -> str:
    """Return the text of a feed, whatever its bytes claim to be.

    Strictly valid UTF-8 wins over any label: by accident, text in another
    encoding almost never is. Otherwise the HTTP charset, then the XML
    declaration, widened to its superset; as a last resort, UTF-8 with
    replacement characters, so that one bad byte does not lose the feed.
    """
    for bom, encoding in BOMS:
        if content.startswith(bom):
            return content.decode(encoding, errors="replace").lstrip("\ufeff")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = [
        match.group(1) for match in [HTTP_CHARSET.search(content_type)] if match
    ]
    declared += [m.group(2).decode() for m in [XML_ENCODING.match(content)] if m]
    for label in declared:
        encoding = ENCODING_SUPERSETS.get(label.lower(), label)
        try:
            return content.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return content.decode("utf-8", errors="replace")


def parse_feed(content: bytes, *, url: str, content_type: str = "") -> ParsedFeed:
    """Return the entries of the feed in `content`, fetched from `url`.

    Relative links resolve as `link_base` says. Raise ParseError if
    `content` is not RSS or Atom at all; a feed that is broken but readable
    is read, and the warning says what was wrong with it.
    """
    text = decode(content, content_type)
    # Hand feedparser UTF-8 and say so, so that it does not decode again by
    # the (possibly wrong) declaration.
    utf8 = XML_ENCODING.sub(rb"\g<1>utf-8\g<3>", text.encode("utf-8"), count=1)
    parsed = feedparser_parse(utf8, base=url)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception") or "no RSS or Atom elements found"
        raise ParseError(f"Not a readable RSS or Atom feed: {reason}")
    base = link_base(parsed, url)
    if base != url:
        # feedparser resolves item links and the links inside bodies against
        # the base it is told, and the channel's link is known only once the
        # feed has been read: read it again, told.
        parsed = feedparser_parse(utf8, base=base)
    entries = [entry_from(raw, base) for raw in parsed.entries]
    return ParsedFeed(
        entries=[e for e in entries if e.guid and (e.title or e.url)],
        warning=parser_warning(parsed),
    )


def parser_warning(parsed: feedparser.FeedParserDict) -> str:
    """Return what feedparser had to forgive in a feed it read, or "".

    On broken XML (an undefined entity, a tag left open) feedparser reads the
    feed again with a lenient parser, which guesses where elements end.
    """
    if not parsed.get("bozo"):
        return ""
    problem = parsed.get("bozo_exception")
    if isinstance(problem, SAXParseException):
        # expat counts columns from 0, text editors from 1.
        problem = (
            f"not well-formed XML at line {problem.getLineNumber()}, column "
            f"{problem.getColumnNumber() + 1}: {problem.getMessage()}"
        )
    return (
        f"The feed is broken ({problem}) and was read as well as it could be: "
        "entries may be missing or incomplete."
    )


def feedparser_parse(utf8: bytes, *, base: str) -> feedparser.FeedParserDict:
    """Run feedparser on UTF-8 bytes, resolving relative links against `base`.

    xml:base, where the feed has it, still comes first.
    """
    return feedparser.parse(
        utf8,
        response_headers={
            "content-type": "application/xml; charset=utf-8",
            "content-location": base,
        },
        sanitize_html=False,  # clean_body_html does it, by our rules
    )


def link_base(parsed: feedparser.FeedParserDict, url: str) -> str:
    """Return the address relative links in `parsed`, fetched from `url`,
    resolve against (after any xml:base).

    Atom says: the document's own address. RSS wants absolute links and says
    nothing; readers resolve relative ones against the channel's <link>, the
    site the feed is about, which is often not where the feed is served
    from (a feed service, a CDN). A channel link on http does not make the
    links of a feed fetched over https insecure: the base takes https.
    """
    link = parsed.feed.get("link", "")
    scheme = urlsplit(link).scheme
    is_rss = parsed.get("version", "").startswith("rss")
    if not is_rss or scheme not in ("http", "https"):
        return url
    if scheme == "http" and urlsplit(url).scheme == "https":
        link = urlsplit(link)._replace(scheme="https").geturl()
    return link


def entry_from(raw: feedparser.FeedParserDict, base_url: str) -> Entry:
    link = raw.get("link", "")  # made absolute by feedparser
    html = ""
    for content in raw.get("content", []):
        html = content.get("value", "")
        if "html" in content.get("type", ""):
            break
    summary_html = raw.get("summary", "")
    html = html or summary_html
    title = collapse_repeated_headline(html_to_text(raw.get("title", "")))
    summary = html_to_text(summary_html or html)
    guid = raw.get("id") or link
    if not guid and title:
        # No id and no link: the title is all that identifies the entry.
        guid = "title:" + hashlib.sha256(title.encode()).hexdigest()
    return Entry(
        guid=guid[:500],
        url=link,
        title=Truncator(title).chars(TITLE_LENGTH),
        summary=Truncator(summary).chars(SUMMARY_LENGTH),
        content=clean_body_html(drop_repeated_paragraphs(html, title)),
        author=Truncator(html_to_text(raw.get("author", ""))).chars(200),
        published_at=entry_time(raw),
        image_url=image_url(raw, base_url),
    )


def entry_time(raw) -> datetime | None:
    """Return the entry's publication time in UTC, or None if it gives none."""
    parsed = raw.get("published_parsed") or raw.get("updated_parsed")
    if not parsed:
        return None
    return datetime(*parsed[:6], tzinfo=UTC)


def image_url(raw, base_url: str) -> str:
    candidates = [media.get("url", "") for media in raw.get("media_content", [])]
    candidates += [media.get("url", "") for media in raw.get("media_thumbnail", [])]
    candidates += [
        link.get("href", "")
        for link in raw.get("links", [])
        if link.get("rel") == "enclosure" and link.get("type", "").startswith("image/")
    ]
    for candidate in candidates:
        if candidate:
            return urljoin(base_url, candidate)[:1000]
    return ""


def collapse_repeated_headline(title: str) -> str:
    """Return `title` once if a scraper repeated it ("A A A" becomes "A").

    The repeated unit must be long enough not to be a word: "Bora Bora" and
    "哈哈" stay. Works by words for spaced scripts and by characters for
    Chinese.
    """
    words = title.split()
    for size in range(1, len(words) // 2 + 1):
        unit = words[:size]
        if len(words) % size or words != unit * (len(words) // size):
            continue
        if size >= 2 or (CJK_RUN.search(unit[0]) and len(unit[0]) >= 4):
            return " ".join(unit)
    if len(words) == 1 and CJK_RUN.search(title):
        for size in range(4, len(title) // 2 + 1):
            if len(title) % size == 0 and title == title[:size] * (len(title) // size):
                return title[:size]
    return title


PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>\s*", re.IGNORECASE | re.DOTALL)


def drop_repeated_paragraphs(html: str, title: str) -> str:
    """Remove paragraphs that repeat the headline or the paragraph before.

    Scraped pages often open with the headline again, several times, and
    repeat captions; the story shows the headline already.
    """
    kept, previous, position = [], html_to_text(title), 0
    for match in PARAGRAPH.finditer(html):
        text = html_to_text(match.group(1))
        kept.append(html[position : match.start()])
        if text and text == previous:
            position = match.end()
            continue
        kept.append(match.group(0))
        previous, position = text, match.end()
    kept.append(html[position:])
    return "".join(kept)
