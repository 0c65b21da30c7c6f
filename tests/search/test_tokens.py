from articles.search.snippets import excerpt, highlight
from articles.search.tokens import (
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
