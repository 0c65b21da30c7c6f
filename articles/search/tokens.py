"""The words of a text in English and Chinese, for search and for duplicates.

This module is the one definition of what a word is. English (and any other
alphabetic script) is split into runs of letters and digits, with full-width
forms and case folded. Chinese has no spaces between words: a run of CJK
characters is taken apart into its two-character windows (bigrams), so that
a two-character word such as 北约 or 峰会 is one term wherever it appears.

Search indexes the Snowball stem of each word, so "summits" finds "summit",
and each CJK character and bigram; the database indexes only ever see
space-separated terms, so SQLite and PostgreSQL agree on what matches.
Duplicate detection (`ingest.simhash`) fingerprints the same words, unstemmed,
and the same bigrams.
"""

import re
import unicodedata

import snowballstemmer

CJK_CHARACTERS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
CJK_RUN = re.compile(f"[{CJK_CHARACTERS}]+")
# Letters and digits of any other script; an underscore or a CJK character
# ends a word.
WORD = re.compile(f"[^\\W_{CJK_CHARACTERS}]+")
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


def normalise(text: str) -> str:
    """Fold full-width forms and case, so ＮＡＴＯ and nato are one word."""
    return unicodedata.normalize("NFKC", text).casefold()


def words(text: str) -> list[str]:
    """Return the non-CJK words of normalised `text`, in order, unstemmed."""
    return WORD.findall(text)


def stems(text: str) -> list[str]:
    """Return the stems of the non-CJK words of normalised `text`, in order."""
    return [STEMS[word] for word in words(text) if len(word) <= MAX_WORD_LENGTH]


def bigrams(run: str) -> list[str]:
    """Return the two-character windows of a CJK run: 北约峰会 -> 北约 约峰 峰会."""
    return [run[index : index + 2] for index in range(len(run) - 1)]


def cjk_terms(text: str) -> list[str]:
    """Return the bigrams of the CJK runs of normalised `text`, in order.

    A run of a single character has no bigram and stands for itself.
    """
    terms = []
    for run in CJK_RUN.findall(text):
        terms.extend(bigrams(run) if len(run) > 1 else [run])
    return terms


def document_terms(text: str) -> str:
    """Return the indexed terms of `text`, space-separated.

    Stems, then for each CJK run its characters and its bigrams.
    """
    text = normalise(text)
    terms = stems(text)
    for run in CJK_RUN.findall(text):
        terms.extend(run)
        terms.extend(bigrams(run))
    return " ".join(terms)


def query_terms(query: str) -> list[str]:
    """Return the terms a story must contain to match `query`, in order.

    A CJK run of two or more characters asks for each of its bigrams (the
    run itself in practice, for a two-character word), a single character
    for itself. Duplicates go; at most MAX_QUERY_TERMS are kept.
    """
    text = normalise(query)
    terms = stems(text) + cjk_terms(text)
    return list(dict.fromkeys(terms))[:MAX_QUERY_TERMS]
