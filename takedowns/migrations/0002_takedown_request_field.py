"""Rename the takedown request foreign keys from `request` to `takedown_request`.

`request` read like the HTTP request in admin and view code. RenameField
renames the columns in place, so every row keeps its link; the two unique
constraints that name the field are dropped and made again around the rename
because the migration state keeps a constraint's field names as written.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0012_feeds_and_takedowns_move_out'),
        ('takedowns', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='takedownevent',
            options={'ordering': ['takedown_request', 'seq'], 'verbose_name': 'takedown event', 'verbose_name_plural': 'takedown events'},
        ),
        migrations.RemoveConstraint(
            model_name='takedownevent',
            name='takedown_event_seq_unique',
        ),
        migrations.RemoveConstraint(
            model_name='takedownitem',
            name='takedown_item_unique',
        ),
        migrations.RenameField(
            model_name='counternotice',
            old_name='request',
            new_name='takedown_request',
        ),
        migrations.RenameField(
            model_name='outboundmessage',
            old_name='request',
            new_name='takedown_request',
        ),
        migrations.RenameField(
            model_name='takedownevent',
            old_name='request',
            new_name='takedown_request',
        ),
        migrations.RenameField(
            model_name='takedownitem',
            old_name='request',
            new_name='takedown_request',
        ),
        migrations.AddConstraint(
            model_name='takedownevent',
            constraint=models.UniqueConstraint(fields=('takedown_request', 'seq'), name='takedown_event_seq_unique'),
        ),
        migrations.AddConstraint(
            model_name='takedownitem',
            constraint=models.UniqueConstraint(fields=('takedown_request', 'story', 'scope', 'language'), name='takedown_item_unique'),
        ),
    ]
