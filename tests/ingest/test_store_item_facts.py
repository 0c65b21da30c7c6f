"""`manage.py store_item_facts`: items stored before facts were get them, as
at ingest, and new write-ups of their events join them."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ingest.models import FeedItem, FeedItemFact
from tests.dedup_set import load_items
from tests.ingest.dedup_measure import ingest_items

pytestmark = pytest.mark.django_db

EVENT = "005-orvane-earthquake"


def store_item_facts(*args):
    output = StringIO()
    call_command("store_item_facts", *args, stdout=output)
    return output.getvalue()


def stored_facts():
    """Each item's facts and the counts kept on its row, by GUID."""
    return {
        item.guid: (
            sorted(item.facts.values_list("key", "weight", "is_figure", "reported_at")),
            item.fact_weight,
            item.fact_figures,
        )
        for item in FeedItem.objects.prefetch_related("facts")
    }


def forget_facts():
    """Put the items as ingest left them before facts were stored."""
    FeedItemFact.objects.all().delete()
    FeedItem.objects.update(fact_weight=0, fact_figures=0)


@pytest.fixture
def write_ups():
    return [item for item in load_items() if item["cluster"] == EVENT]


def test_old_items_get_the_facts_ingest_gives(write_ups):
    ingest_items(write_ups[:2])
    at_ingest = stored_facts()
    forget_facts()

    output = store_item_facts("--batch-size", "1")

    assert stored_facts() == at_ingest
    assert all(weight > 0 for _facts, weight, _figures in at_ingest.values())
    assert "2 items had no facts: 2 have facts now, 0 have none" in output


def test_a_new_write_up_joins_old_items_once_they_have_facts(write_ups):
    ingest_items(write_ups[:2])
    forget_facts()
    store_item_facts()

    clusters = ingest_items(write_ups[:3])

    assert len(set(clusters)) == 1


def test_running_again_changes_nothing(write_ups):
    ingest_items(write_ups[:2])
    forget_facts()
    store_item_facts()
    stored = stored_facts()

    output = store_item_facts()

    assert stored_facts() == stored
    assert "0 items had no facts" in output


def test_items_whose_text_has_no_facts_are_counted(write_ups):
    ingest_items(write_ups[:1])
    FeedItem.objects.update(summary="", content="")
    forget_facts()

    output = store_item_facts()

    assert not FeedItemFact.objects.exists()
    assert "1 items had no facts: 0 have facts now, 1 have none" in output


def test_batch_size_must_be_positive():
    with pytest.raises(CommandError, match="at least 1"):
        store_item_facts("--batch-size", "0")


def test_without_facts_old_items_are_not_joined(write_ups):
    ingest_items(write_ups[:2])
    forget_facts()

    clusters = ingest_items(write_ups[:3])

    assert clusters[2] not in clusters[:2]
