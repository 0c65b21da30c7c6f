"""The terms of a text, the same for the index and for the queries.

English (and any other alphabetic script) is split into words, case-folded
and reduced to its Snowball stem, so "summits" finds "summit". Chinese has
no spaces between words and no stemming: every run of CJK characters gives
its characters and its two-character windows (bigrams), so a two-character
word such as 北约 or 峰会 is one indexed term wherever it appears. The
database indexes then only ever see space-separated terms, and SQLite and
PostgreSQL agree on what matches.
"""

import html
import re
import unicodedata

import snowballstemmer

WORD = re.compile(r"[^\W_]+")
CJK_CHARACTERS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
CJK_RUN = re.compile(f"[{CJK_CHARACTERS}]+")
# Tags that end a block of text stand for a space; inline ones for nothing.
BLOCK_TAG = re.compile(
    r"</?(?:p|br|li|ul|ol|h[1-6]|div|blockquote|table|tr|td|th|figure|"
    r"figcaption|hr|pre|dd|dt|dl)\b[^>]*>",
    re.IGNORECASE,
)
TAG = re.compile(r"<[^>]*>")
# A query of more words than this is cut: readers type a few words, and each
# term costs an index look-up.
MAX_QUERY_TERMS = 12
# Longer "words" are base64, hashes or URLs, never what a reader searches for.
MAX_WORD_LENGTH = 40


class Stems(dict):
    """Word -> stem, computed once per word: news text repeats its words."""

    stemmer = snowballstemmer.stemmer("english")

    def __missing__(self, word):
        stem = self.stemmer.stemWord(word)
        if len(self) < 200_000:
            self[word] = stem
        return stem


STEMS = Stems()


def html_to_text(body: str) -> str:
    """Return the text of sanitised body HTML.

    Bodies have been through the sanitiser, so tags are well formed. A
    block tag becomes a space, so "</p><p>" does not join the last and
    first words; an inline tag becomes nothing, so "<b>word</b>." stays
    "word.".
    """
    text = TAG.sub("", BLOCK_TAG.sub(" ", body))
    return " ".join(html.unescape(text).split())


def normalise(text: str) -> str:
    """Fold full-width forms and case, so ＮＡＴＯ and nato are one word."""
    return unicodedata.normalize("NFKC", text).casefold()


def words(text: str) -> list[str]:
    """Return the stemmed non-CJK words of normalised `text`."""
    return [
        STEMS[word]
        for word in WORD.findall(CJK_RUN.sub(" ", text))
        if len(word) <= MAX_WORD_LENGTH
    ]


def document_terms(text: str) -> str:
    """Return the indexed terms of `text`, space-separated.

    Stemmed words, then for each CJK run its characters and its bigrams.
    """
    text = normalise(text)
    terms = words(text)
    for run in CJK_RUN.findall(text):
        terms.extend(run)
        terms.extend(run[index : index + 2] for index in range(len(run) - 1))
    return " ".join(terms)


def query_terms(query: str) -> list[str]:
    """Return the terms a story must contain to match `query`, in order.

    A CJK run of two or more characters asks for each of its bigrams (the
    run itself in practice, for a two-character word), a single character
    for itself. Duplicates go; at most MAX_QUERY_TERMS are kept.
    """
    text = normalise(query)
    terms = words(text)
    for run in CJK_RUN.findall(text):
        if len(run) == 1:
            terms.append(run)
        terms.extend(run[index : index + 2] for index in range(len(run) - 1))
    return list(dict.fromkeys(terms))[:MAX_QUERY_TERMS]
