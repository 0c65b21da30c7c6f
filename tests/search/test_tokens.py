import pytest

from articles.demo import seed
from articles.search.snippets import excerpt, highlight, iter_spans
from articles.search.tokens import (
    STEMS,
    WORD,
    cjk_terms,
    document_terms,
    normalise,
    query_terms,
    words,
)


def test_english_words_are_folded_and_stemmed():
    assert document_terms("Summits, SUMMIT and ｓｕｍｍｉｔｓ") == (
        "summit summit and summit"
    )
    assert query_terms("Elections election") == ["elect"]


def test_chinese_runs_give_characters_and_bigrams():
    assert document_terms("北约峰会") == "北 约 峰 会 北约 约峰 峰会"
    assert query_terms("北约") == ["北约"]
    assert query_terms("北") == ["北"]
    assert query_terms("北约峰会 summit") == ["summit", "北约", "约峰", "峰会"]


def test_words_are_folded_and_end_at_underscores_and_chinese():
    text = normalise("ＮＡＴＯ's Summits_2026北约峰会 Straße")

    assert words(text) == ["nato", "s", "summits", "2026", "strasse"]
    assert cjk_terms(text) == ["北约", "约峰", "峰会"]
    assert cjk_terms("北 约") == ["北", "约"]


def test_a_query_without_words_has_no_terms():
    assert query_terms(" !! ,, ") == []


def test_highlight_escapes_and_marks_every_form():
    marked = highlight("<b>Summits</b> & the summit", query_terms("summit"))

    assert marked == (
        "&lt;b&gt;<mark>Summits</mark>&lt;/b&gt; &amp; the <mark>summit</mark>"
    )


def test_excerpt_starts_near_the_first_match():
    text = "word " * 100 + "the summit opened " + "more " * 100

    snippet = excerpt(text, query_terms("summit"))

    assert snippet.startswith("… ")
    assert snippet.endswith(" …")
    assert "the <mark>summit</mark> opened" in snippet
    assert len(snippet) < 300
    assert excerpt("nothing here", query_terms("summit")) is None


# Word forms whose stems differ most from them: Snowball's exceptions,
# rewritten suffixes, a doubled consonant.
HARD_WORDS = (
    "dying lying tying skies skis early only gently ugly idly singly hopping "
    "hoping relational conditional generously communication news’ ‘atlas’ "
    "NATO’s naïve café"
)
# Words whose folding changes their length (ß, ﬁ, İ) or that are not in NFKC
# form (full-width letters): highlighting reads these word by word.
FOLDED_WORDS = "Straße ﬁnancing İstanbul Ｎａｔｏ’s"


@pytest.mark.parametrize(
    "text",
    [
        " ".join([seed.TITLE, seed.SUMMARY, *seed.PARAGRAPHS]),
        f"{seed.SUMMARY} {HARD_WORDS}",
        f"{seed.SUMMARY} {HARD_WORDS} {FOLDED_WORDS}",
        f"{seed.TITLE_ZH_HANS}（NATO）{seed.SUMMARY_ZH_HANS} nato峰会",
    ],
)
def test_highlights_mark_exactly_the_words_the_index_matches(text):
    # For each word of the text searched for alone, and for all of them at
    # once, the marked words are those whose indexed term is a query term.
    indexed_words = [
        (word.span(), STEMS[normalise(word.group())]) for word in WORD.finditer(text)
    ]
    queries = [[term] for _span, term in indexed_words] + [
        [term for _span, term in indexed_words]
    ]
    for terms in queries:
        expected = [span for span, term in indexed_words if term in terms]

        assert list(iter_spans(text, terms)) == expected


def test_english_and_chinese_matches_come_in_text_order():
    text = "北约峰会（NATO Summit）：summit 峰会"

    spans = list(iter_spans(text, query_terms("summit 峰会")))

    assert [text[start:end] for start, end in spans] == [
        "峰会",
        "Summit",
        "summit",
        "峰会",
    ]
