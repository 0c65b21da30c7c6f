"""Feeds and takedowns move to their own apps; a restriction names its cause.

The feed and takedown models now live in the `ingest` and `takedowns` apps,
on the same tables: here the articles app only forgets them. A story
restriction pointed at a takedown request and item, which made the articles
app depend on takedowns; it now names its cause generically (the takedown
item, through the contenttypes framework), filled from the old columns
before they go.
"""

import django.db.models.deletion
from django.db import migrations, models


# The takedown right types' labels when this migration was written: the
# reason a restriction now states itself.
RIGHT_TYPE_LABELS = {
    "copyright": "Copyright",
    "press": "Press publishers' right",
    "trademark": "Trademark",
    "defamation": "Defamation or personality right",
    "privacy": "Privacy",
    "other": "Other",
}


def name_causes(apps, schema_editor):
    """Point each restriction at the claimed story (takedown item) it came
    from, and copy what its 451 page says: the reference and the right."""
    content_types = apps.get_model("contenttypes", "ContentType").objects
    takedown_item, _created = content_types.get_or_create(
        app_label="takedowns", model="takedownitem"
    )
    restrictions = apps.get_model("articles", "StoryRestriction").objects
    for restriction in restrictions.select_related("request"):
        restriction.cause_type = takedown_item
        restriction.cause_id = restriction.item_id
        restriction.reference = restriction.request.reference
        restriction.reason = RIGHT_TYPE_LABELS.get(
            restriction.request.right_type, "Other"
        )
        restriction.save(update_fields=["cause_type", "cause_id", "reference", "reason"])


def restore_items(apps, schema_editor):
    restrictions = apps.get_model("articles", "StoryRestriction").objects
    restrictions.update(
        item_id=models.F("cause_id"),
        request_id=models.Subquery(
            apps.get_model("articles", "TakedownItem")
            .objects.filter(pk=models.OuterRef("cause_id"))
            .values("request_id")[:1]
        ),
    )


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0011_legal_group"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("ingest", "0001_initial"),
        ("takedowns", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="storyrestriction",
            name="cause_type",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="contenttypes.contenttype",
                verbose_name="cause type",
            ),
        ),
        migrations.AddField(
            model_name="storyrestriction",
            name="cause_id",
            field=models.PositiveBigIntegerField(null=True, verbose_name="cause id"),
        ),
        migrations.AddField(
            model_name="storyrestriction",
            name="reference",
            field=models.CharField(
                default="",
                help_text="The public reference of the demand, such as TD-7KQ2-M9PX.",
                max_length=40,
                verbose_name="reference",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="storyrestriction",
            name="reason",
            field=models.CharField(
                default="",
                help_text=(
                    "What the demand was about, in English (“Copyright”); pages "
                    "show it in their own language."
                ),
                max_length=100,
                verbose_name="reason",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(name_causes, restore_items),
        migrations.RemoveConstraint(
            model_name="storyrestriction",
            name="story_restriction_one_active_per_item",
        ),
        migrations.RemoveField(model_name="storyrestriction", name="item"),
        migrations.RemoveField(model_name="storyrestriction", name="request"),
        migrations.AlterField(
            model_name="storyrestriction",
            name="cause_type",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="contenttypes.contenttype",
                verbose_name="cause type",
            ),
        ),
        migrations.AlterField(
            model_name="storyrestriction",
            name="cause_id",
            field=models.PositiveBigIntegerField(verbose_name="cause id"),
        ),
        migrations.AddIndex(
            model_name="storyrestriction",
            index=models.Index(
                fields=["cause_type", "cause_id"], name="articles_st_cause_t_8e959f_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="storyrestriction",
            constraint=models.UniqueConstraint(
                condition=models.Q(("lifted_at", None)),
                fields=("cause_type", "cause_id"),
                name="story_restriction_one_active_per_cause",
            ),
        ),
        # The moved models: the state forgets them, the tables stay.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='counternotice',
                    name='recorded_by',
                ),
                migrations.RemoveField(
                    model_name='counternotice',
                    name='request',
                ),
                migrations.RemoveIndex(
                    model_name='feed',
                    name='feed_due',
                ),
                migrations.RemoveConstraint(
                    model_name='feed',
                    name='feed_poll_interval_minimum',
                ),
                migrations.RemoveConstraint(
                    model_name='feed',
                    name='feed_language_valid',
                ),
                migrations.RemoveIndex(
                    model_name='feeditem',
                    name='feed_item_canonical_url',
                ),
                migrations.RemoveIndex(
                    model_name='feeditem',
                    name='feed_item_content_hash',
                ),
                migrations.RemoveIndex(
                    model_name='feeditem',
                    name='feed_item_band0',
                ),
                migrations.RemoveIndex(
                    model_name='feeditem',
                    name='feed_item_band1',
                ),
                migrations.RemoveIndex(
                    model_name='feeditem',
                    name='feed_item_band2',
                ),
                migrations.RemoveIndex(
                    model_name='feeditem',
                    name='feed_item_band3',
                ),
                migrations.RemoveConstraint(
                    model_name='feeditem',
                    name='feed_item_one_per_guid',
                ),
                migrations.RemoveIndex(
                    model_name='outboundmessage',
                    name='articles_ou_status_875f4d_idx',
                ),
                migrations.RemoveConstraint(
                    model_name='takedownevent',
                    name='takedown_event_seq_unique',
                ),
                migrations.RemoveConstraint(
                    model_name='takedownitem',
                    name='takedown_item_unique',
                ),
                migrations.RemoveConstraint(
                    model_name='takedownitem',
                    name='takedown_item_language_only_for_language_scope',
                ),
                migrations.RemoveIndex(
                    model_name='takedownrequest',
                    name='articles_ta_status_9fcb11_idx',
                ),
                migrations.RemoveIndex(
                    model_name='takedownrequest',
                    name='articles_ta_submitt_8064ef_idx',
                ),
                migrations.RemoveConstraint(
                    model_name='takedownrequest',
                    name='takedown_request_status_valid',
                ),
                migrations.RemoveConstraint(
                    model_name='takedownrequest',
                    name='takedown_request_duplicate_has_original',
                ),
                migrations.DeleteModel(
                    name='CounterNotice',
                ),
                migrations.RemoveField(
                    model_name='feed',
                    name='default_category',
                ),
                migrations.RemoveField(
                    model_name='feed',
                    name='source',
                ),
                migrations.RemoveField(
                    model_name='feeditem',
                    name='cluster',
                ),
                migrations.RemoveField(
                    model_name='feeditem',
                    name='feed',
                ),
                migrations.RemoveField(
                    model_name='feeditem',
                    name='story',
                ),
                migrations.RemoveField(
                    model_name='outboundmessage',
                    name='request',
                ),
                migrations.RemoveField(
                    model_name='takedownevent',
                    name='actor',
                ),
                migrations.RemoveField(
                    model_name='takedownevent',
                    name='request',
                ),
                migrations.RemoveField(
                    model_name='takedownitem',
                    name='request',
                ),
                migrations.RemoveField(
                    model_name='takedownitem',
                    name='story',
                ),
                migrations.RemoveField(
                    model_name='takedownrequest',
                    name='assigned_to',
                ),
                migrations.RemoveField(
                    model_name='takedownrequest',
                    name='decided_by',
                ),
                migrations.RemoveField(
                    model_name='takedownrequest',
                    name='duplicate_of',
                ),
                migrations.DeleteModel(
                    name='DuplicateCluster',
                ),
                migrations.DeleteModel(
                    name='Feed',
                ),
                migrations.DeleteModel(
                    name='FeedItem',
                ),
                migrations.DeleteModel(
                    name='OutboundMessage',
                ),
                migrations.DeleteModel(
                    name='TakedownEvent',
                ),
                migrations.DeleteModel(
                    name='TakedownItem',
                ),
                migrations.DeleteModel(
                    name='TakedownRequest',
                ),
            ],
        ),
    ]
