"""Check the length of claimants' and counter-notifiers' e-mail addresses.

Validators live in Python only: no column changes.
"""

import takedowns.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('takedowns', '0002_takedown_request_field'),
    ]

    operations = [
        migrations.AlterField(
            model_name='counternotice',
            name='email',
            field=models.EmailField(max_length=254, validators=[takedowns.validators.validate_mailbox_length], verbose_name='e-mail'),
        ),
        migrations.AlterField(
            model_name='takedownrequest',
            name='email',
            field=models.EmailField(max_length=254, validators=[takedowns.validators.validate_mailbox_length], verbose_name='e-mail'),
        ),
    ]
