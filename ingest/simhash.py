"""64-bit SimHash for near-duplicate detection in English and Chinese.

Texts that share most of their features get fingerprints a few bits apart
(Charikar 2002). Features are word 3-shingles for alphabetic scripts and
character bigrams for CJK, which has no spaces between words; the words and
bigrams are search's (`articles.search.tokens`). A fingerprint
is split into four 16-bit bands: by the pigeonhole principle, two
fingerprints at Hamming distance 3 or less agree exactly on at least one
band, so candidates come from four indexed equality look-ups, never from a
scan of the archive.
"""

import hashlib

from articles.search import tokens

BITS = 64
BAND_BITS = 16
BANDS = BITS // BAND_BITS
# Four bands find every pair within distance BANDS - 1 and no further.
MAX_DISTANCE = BANDS - 1


def features(text: str) -> list[str]:
    """Return the shingles of `text`: CJK character bigrams plus word 3-grams.

    Text shorter than three words still yields its words, so short titles get
    a fingerprint. Words are folded but, unlike search's, not stemmed and
    never left out for their length: fingerprints are stored, and new ones
    must stay comparable with those of the items already fetched.
    """
    text = tokens.normalise(text)
    words = tokens.words(text)
    shingles = [" ".join(words[i : i + 3]) for i in range(len(words) - 2)]
    return tokens.cjk_terms(text) + (words if len(words) < 3 else []) + shingles


# BIT_TABLES[bit] maps a byte to 1 if that bit is set, else to 0.
BIT_TABLES = [bytes(value >> bit & 1 for value in range(256)) for bit in range(8)]


def simhash(text: str) -> int:
    """Return the 64-bit SimHash of `text` as a signed integer.

    Signed, so that it fits a database BigIntegerField. Equal feature sets
    give equal fingerprints; an empty text gives 0.
    """
    hashes = [
        hashlib.blake2b(feature.encode(), digest_size=8).digest()
        for feature in features(text)
    ]
    data, total = b"".join(hashes), len(hashes)
    unsigned = 0
    # Bit b of the fingerprint is set when most features have bit b set.
    # Counting a column of bytes with translate() and count() runs in C,
    # some fifty times faster than adding up 64 bits per feature in Python.
    for byte in range(8):
        column = data[byte::8]
        for bit in range(8):
            if 2 * column.translate(BIT_TABLES[bit]).count(1) > total:
                unsigned |= 1 << ((7 - byte) * 8 + bit)
    return unsigned - (1 << BITS) if unsigned >= 1 << (BITS - 1) else unsigned


def bands(value: int) -> tuple[int, ...]:
    """Return the four 16-bit slices of a fingerprint, low bits first."""
    unsigned = value & ((1 << BITS) - 1)
    mask = (1 << BAND_BITS) - 1
    return tuple(unsigned >> (BAND_BITS * band) & mask for band in range(BANDS))


def distance(first: int, second: int) -> int:
    """Return the Hamming distance between two fingerprints."""
    return ((first ^ second) & ((1 << BITS) - 1)).bit_count()
