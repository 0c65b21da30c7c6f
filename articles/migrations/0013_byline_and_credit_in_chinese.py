from django.db import migrations, models
from django.db.models import Case, F, Value, When


# Bylines and credits written so far are English: copy them into the _en
# columns, as 0003 did for the first translated fields. An empty one stays
# NULL, which is how the translated columns say "none".
def copy_into_english_columns(apps, schema_editor):
    for model_name, field in [("story", "byline"), ("heroimage", "credit")]:
        apps.get_model("articles", model_name).objects.update(
            **{
                f"{field}_en": Case(
                    When(**{field: ""}, then=Value(None)), default=F(field)
                )
            }
        )


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0012_feeds_and_takedowns_move_out'),
    ]

    operations = [
        migrations.AddField(
            model_name='heroimage',
            name='credit_en',
            field=models.CharField(blank=True, help_text='Photographer and agency, e.g. “Jane Doe / Reuters”. Shown as “Photo: …”; a story cannot be published with an uncredited image.', max_length=200, null=True, verbose_name='credit'),
        ),
        migrations.AddField(
            model_name='heroimage',
            name='credit_zh_hans',
            field=models.CharField(blank=True, help_text='Photographer and agency, e.g. “Jane Doe / Reuters”. Shown as “Photo: …”; a story cannot be published with an uncredited image.', max_length=200, null=True, verbose_name='credit'),
        ),
        migrations.AddField(
            model_name='story',
            name='byline_en',
            field=models.CharField(blank=True, help_text='The original author(s), e.g. “Jane Doe and John Roe”.', max_length=200, null=True, verbose_name='byline'),
        ),
        migrations.AddField(
            model_name='story',
            name='byline_zh_hans',
            field=models.CharField(blank=True, help_text='The original author(s), e.g. “Jane Doe and John Roe”.', max_length=200, null=True, verbose_name='byline'),
        ),
        migrations.RunPython(copy_into_english_columns, migrations.RunPython.noop),
    ]
