from io import StringIO

from django.core.management import call_command
from django.db import migrations, models


def reindex(apps, schema_editor):
    """Index every story again: the summary moved to the weighted column."""
    call_command("rebuild_search", stdout=StringIO())



class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0013_byline_and_credit_in_chinese'),
    ]

    operations = [
        migrations.AlterField(
            model_name='storysearch',
            name='document',
            field=models.TextField(verbose_name='body terms'),
        ),
        migrations.AlterField(
            model_name='storysearch',
            name='title',
            field=models.TextField(verbose_name='headline and summary terms'),
        ),
        migrations.RunPython(reindex, reindex),
    ]
