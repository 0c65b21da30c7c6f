"""Highlighted headlines and excerpts for search results.

Everything is escaped; only the <mark> elements around matched words are
markup. A word matches when its stem is a query term (English), or when it
contains a query's Chinese character or bigram.
"""

import functools
import heapq
import re
import unicodedata
from collections.abc import Iterator
from itertools import takewhile

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from articles.search.tokens import CJK_RUN, STEMS, WORD, normalise

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
    stems = frozenset(term for term in terms if not CJK_RUN.fullmatch(term))
    cjk_terms = [term for term in terms if CJK_RUN.fullmatch(term)]
    streams = []
    if stems:
        streams.append(word_spans(text, stems))
    if cjk_terms:
        streams.append(
            span
            for run in CJK_RUN.finditer(text)
            for span in sorted(cjk_spans(run.group(), run.start(), cjk_terms))
        )
    # Words and CJK runs never overlap: merging keeps text order.
    return heapq.merge(*streams)


def word_spans(text: str, stems: frozenset[str]) -> Iterator[tuple[int, int]]:
    """Yield the offsets of the words of `text` whose stem is one of `stems`.

    Where folding keeps every offset (text in NFKC form whose case folding
    changes no length, as news text is), the folded text is searched in C
    for the words that can have one of `stems` for stem; otherwise each
    word is folded and stemmed in turn, as the index does.
    """
    folded = text.casefold()
    if len(folded) == len(text) and unicodedata.is_normalized("NFKC", text):
        for word in candidate_words(stems).finditer(folded):
            if STEMS[word.group()] in stems:
                yield word.span()
        return
    for word in WORD.finditer(text):
        if STEMS[normalise(word.group())] in stems:
            yield word.span()


@functools.lru_cache(maxsize=256)
def candidate_words(stems: frozenset[str]) -> re.Pattern:
    """Match the folded words that begin with the first letter of a stem.

    A Snowball English stem keeps its word's first letter (it rewrites
    endings, and "dying" becomes "die"), so no other word can have one of
    `stems` for stem.
    """
    # Stems are made of letters and digits: none is special in a class.
    initials = "".join(sorted({stem[0] for stem in stems}))
    letter = WORD.pattern.removesuffix("+")
    return re.compile(f"(?<!{letter})[{initials}]{letter}*")


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
