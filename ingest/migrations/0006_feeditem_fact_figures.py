"""Keep each item's count of figures and dates among its facts on its row.

The look-up of a new item's matches needs each candidate's count; read from
the item's row it comes with the candidates, where counting their facts was
a second query (or, joined, a read of every stored fact on PostgreSQL). The
count of stored items is filled from their facts here, in one UPDATE.
"""

from django.db import migrations, models
from django.db.models import Count, Exists, OuterRef, Subquery


def count_fact_figures(apps, schema_editor):
    FeedItem = apps.get_model("ingest", "FeedItem")
    FeedItemFact = apps.get_model("ingest", "FeedItemFact")
    figures = FeedItemFact.objects.filter(item=OuterRef("pk"), is_figure=True)
    counts = figures.values("item").annotate(count=Count("pk")).values("count")
    FeedItem.objects.filter(Exists(figures)).update(fact_figures=Subquery(counts))


class Migration(migrations.Migration):

    dependencies = [
        ("ingest", "0005_feed_item_facts"),
    ]

    operations = [
        migrations.AddField(
            model_name="feeditem",
            name="fact_figures",
            field=models.PositiveIntegerField(
                default=0,
                editable=False,
                help_text="How many of the item's facts are figures or dates.",
                verbose_name="figures and dates among facts",
            ),
        ),
        migrations.RunPython(count_fact_figures, migrations.RunPython.noop),
    ]
