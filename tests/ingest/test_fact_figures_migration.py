"""Migration 0006: stored items get the count of figures their facts hold."""

from importlib import import_module

import pytest
from django.apps import apps

from ingest.models import FeedItem
from tests.dedup_set import load_items
from tests.ingest.dedup_measure import ingest_items

pytestmark = pytest.mark.django_db

migration = import_module("ingest.migrations.0006_feeditem_fact_figures")


def test_stored_items_get_their_count_of_figures():
    ingest_items([item for item in load_items() if item["kind"] == "event"][:4])
    at_ingest = dict(FeedItem.objects.values_list("pk", "fact_figures"))
    assert any(at_ingest.values())
    FeedItem.objects.update(fact_figures=0)

    migration.count_fact_figures(apps, None)

    assert dict(FeedItem.objects.values_list("pk", "fact_figures")) == at_ingest
