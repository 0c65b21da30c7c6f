"""Highlighted headlines and excerpts for search results.

Everything is escaped; only the <mark> elements around matched words are
markup. A word matches when its stem is a query term (English), or when it
contains a query's Chinese character or bigram.
"""

from collections.abc import Iterator
from itertools import takewhile

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from articles.search.tokens import CJK_RUN, STEMS, TOKEN, normalise

EXCERPT_LENGTH = 240
# How much text the excerpt shows before the first match.
LEAD = 60


def matched_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Return the (start, end) offsets of the matches of `terms` in `text`."""
    return merge(iter_spans(text, terms))


def iter_spans(text: str, terms: list[str]) -> Iterator[tuple[int, int]]:
    """Yield the offsets of the matches of `terms` in `text`, in text order.

    Lazily: an excerpt needs the first match and the few after it, and a
    body runs to thousands of words. Spans may overlap (Chinese bigrams).
    """
    stems = {term for term in terms if not CJK_RUN.fullmatch(term)}
    cjk_terms = [term for term in terms if CJK_RUN.fullmatch(term)]
    for token in TOKEN.finditer(text):
        if token.lastgroup == "cjk":
            yield from sorted(cjk_spans(token.group(), token.start(), cjk_terms))
        elif stems and STEMS[fold(token.group())] in stems:
            yield token.span()


def fold(word: str) -> str:
    """Return `normalise(word)`, cheaply for the usual, ASCII, word."""
    # For ASCII, NFKC changes nothing and casefold() is lower().
    return word.lower() if word.isascii() else normalise(word)


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
        pieces += [
            escape(text[position:start]),
            "<mark>",
            escape(text[start:end]),
            "</mark>",
        ]
        position = end
    pieces.append(escape(text[position:]))
    # Every piece of text is escaped; only the <mark> tags are markup. (One
    # format_html() per piece cost more than the search's own query did.)
    return mark_safe("".join(pieces))  # noqa: S308


def highlight(text: str, terms: list[str]) -> SafeString:
    """Return all of `text`, escaped, with the matches of `terms` marked."""
    return render(text, matched_spans(text, terms))


def excerpt(text: str, terms: list[str]) -> SafeString | None:
    """Return about EXCERPT_LENGTH characters of `text` around its first match.

    Return None if nothing in `text` matches.
    """
    spans = iter_spans(text, terms)
    first = next(spans, None)
    if first is None:
        return None
    start = max(0, first[0] - LEAD)
    if start > 0:
        # Start at a word boundary when the text has spaces (not Chinese).
        space = text.find(" ", start, first[0])
        start = space + 1 if space != -1 else start
    end = min(len(text), start + EXCERPT_LENGTH)
    if end < len(text):
        space = text.rfind(" ", first[1], end)
        end = space if space != -1 else end
    shown = merge([first, *takewhile(lambda span: span[0] < end, spans)])
    window = [
        (span_start - start, min(span_end, end) - start)
        for span_start, span_end in shown
    ]
    body = render(text[start:end], window)
    return format_html(
        "{}{}{}", "… " if start > 0 else "", body, " …" if end < len(text) else ""
    )
