"""The labelled evaluation set for cross-source story clustering (issue #16).

Every file under ``events/`` is one news event written up by three to five
fictional outlets in their own words; every file under ``distractors/`` is a
single item that resembles an event (same topic, a look-alike title, or a
related but different story) and must stay in a cluster of its own. All text
was written for this project; see README.md.

    >>> from tests.dedup_set import load_items, true_pairs
    >>> items = load_items()
    >>> pairs = true_pairs(items)   # {(i, j), ...} indices into items, i < j

Each item is the JSON item (outlet, title, summary, body, published, link)
plus its label:

- ``cluster``: the event id, or the distractor's own id (a singleton);
- ``language``: "en" or "zh-hans";
- ``kind``: "event", or the distractor's kind ("same-topic-other-event",
  "lookalike-title", "related-different");
- ``near``: for a distractor, the event it resembles; None for event items.
"""

import json
from datetime import datetime
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent
EVENTS_DIR = ROOT / "events"
DISTRACTORS_DIR = ROOT / "distractors"

DISTRACTOR_KINDS = ("same-topic-other-event", "lookalike-title", "related-different")


def _read(directory):
    return [
        json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(directory.glob("*.json"))
    ]


def load_events():
    """The event files, as dicts, in file-name order."""
    return _read(EVENTS_DIR)


def load_distractors():
    """The distractor files, as dicts, in file-name order."""
    return _read(DISTRACTORS_DIR)


def load_items():
    """Every item of the set with its label, sorted by publication time then link."""
    items = []
    for event in load_events():
        for item in event["items"]:
            items.append(
                {
                    **item,
                    "cluster": event["event"],
                    "language": event["language"],
                    "kind": "event",
                    "near": None,
                }
            )
    for distractor in load_distractors():
        for item in distractor["items"]:
            items.append(
                {
                    **item,
                    "cluster": distractor["distractor"],
                    "language": distractor["language"],
                    "kind": distractor["kind"],
                    "near": distractor["near"],
                }
            )
    items.sort(
        key=lambda item: (datetime.fromisoformat(item["published"]), item["link"])
    )
    return items


def true_pairs(items):
    """The set of index pairs (i, j), i < j, of items that belong together."""
    return {
        (i, j)
        for (i, a), (j, b) in combinations(enumerate(items), 2)
        if a["cluster"] == b["cluster"]
    }
