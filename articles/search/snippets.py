"""Highlighted headlines and excerpts for search results.

Everything is escaped; only the <mark> elements around matched words are
markup. A word matches when its stem is a query term (English), or when it
contains a query's Chinese character or bigram.
"""

import re

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from articles.search.tokens import CJK_CHARACTERS, CJK_RUN, STEMS, normalise

# A CJK run, or a word of any other script.
TOKEN = re.compile(f"[{CJK_CHARACTERS}]+|[^\\W_{CJK_CHARACTERS}]+")
EXCERPT_LENGTH = 240
# How much text the excerpt shows before the first match.
LEAD = 60


def matched_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Return the (start, end) offsets of the matches of `terms` in `text`."""
    stems = {term for term in terms if not CJK_RUN.fullmatch(term)}
    cjk_terms = [term for term in terms if CJK_RUN.fullmatch(term)]
    spans = []
    for token in TOKEN.finditer(text):
        word = token.group()
        if CJK_RUN.fullmatch(word):
            spans.extend(cjk_spans(word, token.start(), cjk_terms))
        elif STEMS[normalise(word)] in stems:
            spans.append(token.span())
    return merge(spans)


def cjk_spans(run: str, offset: int, terms: list[str]) -> list[tuple[int, int]]:
    spans = []
    for term in terms:
        start = run.find(term)
        while start != -1:
            spans.append((offset + start, offset + start + len(term)))
            start = run.find(term, start + 1)
    return spans


def merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def render(text: str, spans: list[tuple[int, int]]) -> SafeString:
    """Return `text` escaped, with each span wrapped in <mark>."""
    pieces, position = [], 0
    for start, end in spans:
        pieces.append(text[position:start])
        pieces.append(format_html("<mark>{}</mark>", text[start:end]))
        position = end
    pieces.append(text[position:])
    # format_html escapes the plain pieces and keeps the marked ones.
    return format_html_join("", "{}", ((piece,) for piece in pieces if piece))


def highlight(text: str, terms: list[str]) -> SafeString:
    """Return all of `text`, escaped, with the matches of `terms` marked."""
    return render(text, matched_spans(text, terms))


def excerpt(text: str, terms: list[str]) -> SafeString | None:
    """Return about EXCERPT_LENGTH characters of `text` around its first match.

    Return None if nothing in `text` matches.
    """
    spans = matched_spans(text, terms)
    if not spans:
        return None
    start = max(0, spans[0][0] - LEAD)
    if start > 0:
        # Start at a word boundary when the text has spaces (not Chinese).
        space = text.find(" ", start, spans[0][0])
        start = space + 1 if space != -1 else start
    end = min(len(text), start + EXCERPT_LENGTH)
    if end < len(text):
        space = text.rfind(" ", spans[0][1], end)
        end = space if space != -1 else end
    window = [
        (max(span_start, start) - start, min(span_end, end) - start)
        for span_start, span_end in spans
        if span_start < end and span_end > start
    ]
    body = render(text[start:end], window)
    return format_html(
        "{}{}{}", "… " if start > 0 else "", body, " …" if end < len(text) else ""
    )
