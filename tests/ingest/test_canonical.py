"""URL canonicalisation and SimHash are pure functions: no database."""

import pytest

from ingest import simhash
from ingest.canonical import canonical_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "HTTPS://News.Example.COM:443/World/Story?b=2&utm_source=x&a=1#comments",
            "https://news.example.com/World/Story?a=1&b=2",
        ),
        ("http://example.com:80", "http://example.com/"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        (
            "https://example.com/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&UTM_Medium=5",
            "https://example.com/a",
        ),
        ("https://example.com/a?q=&z=1", "https://example.com/a?q=&z=1"),
        ("https://user:secret@example.com/a", "https://example.com/a"),
        ("javascript:alert(1)", ""),
        ("not a url", ""),
        ("http://[::1]:99/x", "http://[::1]:99/x"),
        ("http://example.com:bad/", ""),
    ],
)
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


def test_simhash_is_stable_signed_64_bit_and_split_into_four_bands():
    value = simhash.simhash("NATO leaders meet in The Hague")

    assert value == simhash.simhash("nato  LEADERS meet in the hague")
    assert -(2**63) <= value < 2**63
    bands = simhash.bands(value)
    assert len(bands) == 4
    assert all(0 <= band < 2**16 for band in bands)
    assert sum(band << (16 * n) for n, band in enumerate(bands)) == value % 2**64


def test_chinese_text_is_fingerprinted_by_character_bigrams():
    features = simhash.features("北约峰会在海牙举行")

    assert "北约" in features
    assert "海牙" in features
    near = simhash.simhash("北约峰会在海牙举行，各国领导人出席会议并讨论防务开支")
    far = simhash.simhash("农民开着拖拉机进入海牙抗议新的氮排放规定")
    same = simhash.simhash("北约峰会在海牙举行，各国领导人出席会议并讨论防务开支。")
    assert simhash.distance(near, same) <= simhash.MAX_DISTANCE
    assert simhash.distance(near, far) > simhash.MAX_DISTANCE


def test_fingerprints_use_the_words_and_bigrams_of_search_unstemmed():
    features = simhash.features("ＮＡＴＯ Summits_open 北约峰会 today")

    assert features == [
        "北约",
        "约峰",
        "峰会",
        "nato summits open",
        "summits open today",
    ]
    assert simhash.features("Summits 北") == ["北", "summits"]


def test_empty_text_fingerprint_is_zero():
    assert simhash.simhash("") == 0
    assert simhash.distance(0, -1) == 64
