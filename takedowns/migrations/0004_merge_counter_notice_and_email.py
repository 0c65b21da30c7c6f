
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('takedowns', '0003_counter_notice_statements'),
        ('takedowns', '0003_email_length_limit'),
    ]

    operations = [
    ]
