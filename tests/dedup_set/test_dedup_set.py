"""The clustering evaluation set is well formed and large enough (issue #16)."""

import re
from collections import Counter
from datetime import datetime, timedelta
from itertools import combinations
from urllib.parse import urlsplit

import pytest

from tests.dedup_set import (
    DISTRACTOR_KINDS,
    DISTRACTORS_DIR,
    EVENTS_DIR,
    load_distractors,
    load_events,
    load_items,
    true_pairs,
)

LANGUAGES = {"en", "zh-hans"}
ITEM_KEYS = {"outlet", "title", "summary", "body", "published", "link"}
SLUG = re.compile(r"^\d{3}-[a-z0-9]+(-[a-z0-9]+)*$")

EVENTS = load_events()
DISTRACTORS = load_distractors()
ITEMS = load_items()
EVENT_IDS = {event["event"] for event in EVENTS}


def body_words(item):
    """Words of the body text: English words, or Chinese character pairs."""
    text = re.sub(r"<[^>]+>", " ", item["body"]).lower()
    if item["language"] == "en":
        return set(re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text))
    han = re.sub(r"[^\u4e00-\u9fff]", "", text)
    return {han[i : i + 2] for i in range(len(han) - 1)} | set(
        re.findall(r"[a-z0-9]+", text)
    )


def test_counts():
    languages = Counter(event["language"] for event in EVENTS)
    assert len(EVENTS) >= 40
    assert languages["zh-hans"] >= 10
    assert languages["en"] >= 30
    assert len(DISTRACTORS) >= 40
    kinds = Counter(distractor["kind"] for distractor in DISTRACTORS)
    assert set(kinds) <= set(DISTRACTOR_KINDS)
    for kind in DISTRACTOR_KINDS:
        assert kinds[kind] >= 12, kind
    assert sum(d["language"] == "zh-hans" for d in DISTRACTORS) >= 8


@pytest.mark.parametrize("event", EVENTS, ids=lambda event: event["event"])
def test_event(event):
    path = EVENTS_DIR / f"{event['event']}.json"
    assert path.exists(), "the file is named after its event id"
    assert SLUG.match(event["event"])
    assert event["language"] in LANGUAGES
    assert event["topic"].strip()
    outlets = [item["outlet"] for item in event["items"]]
    assert len(outlets) >= 3
    assert len(set(outlets)) == len(outlets), "one item per outlet"
    times = [datetime.fromisoformat(item["published"]) for item in event["items"]]
    assert max(times) - min(times) <= timedelta(hours=60)


@pytest.mark.parametrize(
    "distractor", DISTRACTORS, ids=lambda distractor: distractor["distractor"]
)
def test_distractor(distractor):
    path = DISTRACTORS_DIR / f"{distractor['distractor']}.json"
    assert path.exists(), "the file is named after its distractor id"
    assert SLUG.match(distractor["distractor"])
    assert distractor["distractor"] not in EVENT_IDS
    assert distractor["kind"] in DISTRACTOR_KINDS
    assert distractor["near"] in EVENT_IDS
    assert distractor["language"] in LANGUAGES
    assert len(distractor["items"]) == 1


@pytest.mark.parametrize("item", ITEMS, ids=lambda item: item["link"])
def test_item(item):
    assert set(item) - {"cluster", "language", "kind", "near"} == ITEM_KEYS
    for key in ITEM_KEYS:
        assert isinstance(item[key], str) and item[key].strip(), key
    published = datetime.fromisoformat(item["published"])
    assert published.tzinfo is not None, "dates carry a zone"
    url = urlsplit(item["link"])
    assert url.scheme == "https"
    assert url.hostname.endswith(".example")
    assert item["body"].startswith("<p>") and item["body"].endswith("</p>")
    assert len(body_words(item)) >= 30, "a body is a few sentences at least"


def test_titles_and_links_are_unique():
    for key in ("title", "link"):
        counts = Counter(item[key] for item in ITEMS)
        assert [value for value, n in counts.items() if n > 1] == [], key


def test_each_outlet_keeps_one_domain():
    domains = {}
    for item in ITEMS:
        domains.setdefault(item["outlet"], set()).add(urlsplit(item["link"]).hostname)
    assert {o: d for o, d in domains.items() if len(d) > 1} == {}


def test_distractors_are_published_near_their_event():
    times = {}
    for item in ITEMS:
        if item["kind"] == "event":
            times.setdefault(item["cluster"], []).append(
                datetime.fromisoformat(item["published"])
            )
    for item in ITEMS:
        if item["kind"] != "event":
            published = datetime.fromisoformat(item["published"])
            near = times[item["near"]]
            assert min(abs(published - t) for t in near) <= timedelta(hours=72), item[
                "cluster"
            ]


def test_items_are_written_in_their_own_words():
    """No two bodies share 80% or more of their words: no item is a copy."""
    words = [body_words(item) for item in ITEMS]
    copies = [
        (ITEMS[i]["link"], ITEMS[j]["link"])
        for i, j in combinations(range(len(ITEMS)), 2)
        if len(words[i] & words[j]) >= 0.8 * min(len(words[i]), len(words[j]))
    ]
    assert copies == []


def test_loader_labels():
    clusters = Counter(item["cluster"] for item in ITEMS)
    for event in EVENTS:
        assert clusters[event["event"]] == len(event["items"])
    for distractor in DISTRACTORS:
        assert clusters[distractor["distractor"]] == 1
    pairs = true_pairs(ITEMS)
    assert len(pairs) == sum(n * (n - 1) // 2 for n in clusters.values())
    assert load_items() == ITEMS, "the order is deterministic"
