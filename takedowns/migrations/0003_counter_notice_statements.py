"""Counter-notices record the statements 17 U.S.C. § 512(g)(3) requires.

Three fields say whether the counter-notice makes the statement under
penalty of perjury, consents to jurisdiction and accepts service of process;
"where the material was" becomes required. Counter-notices recorded before
have no answer on record, so they keep False: the new ones are checked by
CounterNotice.clean, not by a database constraint the old rows would break.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('takedowns', '0002_takedown_request_field'),
    ]

    operations = [
        migrations.AddField(
            model_name='counternotice',
            name='accepts_service',
            field=models.BooleanField(default=False, verbose_name='acceptance of service of process'),
        ),
        migrations.AddField(
            model_name='counternotice',
            name='consents_to_jurisdiction',
            field=models.BooleanField(default=False, verbose_name='consent to jurisdiction'),
        ),
        migrations.AddField(
            model_name='counternotice',
            name='statement_under_penalty',
            field=models.BooleanField(default=False, verbose_name='statement under penalty of perjury'),
        ),
        migrations.AlterField(
            model_name='counternotice',
            name='material_location',
            field=models.TextField(max_length=2000, verbose_name='where the material was'),
        ),
    ]
