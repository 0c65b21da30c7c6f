"""The takedowns models, moved from the articles app without touching a row.

The tables keep their names (each model's Meta.db_table), so this migration
only tells Django's state where the models now live. It then moves their
content types to this app, and with them every permission and admin log
entry, and points tasks queued under the old module at the new one.
"""

import django.db.models.deletion
import django.utils.timezone
import takedowns.models
from django.conf import settings
from django.db import migrations, models

from articles.migration_operations import move_content_types, move_queued_tasks


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('articles', '0011_legal_group'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('django_tasks_database', '0021_conditional_partial_index_ordering'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='TakedownRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('reference', models.CharField(default=takedowns.models.new_reference, max_length=20, unique=True, verbose_name='reference')),
                        ('status', models.CharField(choices=[('received', 'Received'), ('under-review', 'Under review'), ('needs-info', 'Needs information'), ('action-taken', 'Action taken'), ('rejected', 'Rejected'), ('duplicate', 'Duplicate'), ('withdrawn', 'Withdrawn'), ('lapsed', 'Lapsed'), ('counter-notice', 'Counter-notice received'), ('legal-hold', 'Legal hold'), ('restored', 'Restored')], default='received', max_length=20, verbose_name='status')),
                        ('track', models.CharField(choices=[('us-dmca', 'United States (DMCA)'), ('eu-dsa', 'European Union (DSA)'), ('other', 'Other')], max_length=10, verbose_name='track')),
                        ('right_type', models.CharField(choices=[('copyright', 'Copyright'), ('press', "Press publishers' right"), ('trademark', 'Trademark'), ('defamation', 'Defamation or personality right'), ('privacy', 'Privacy'), ('other', 'Other')], max_length=12, verbose_name='type of right')),
                        ('locale', models.CharField(choices=[('en', 'English'), ('zh-hans', 'Simplified Chinese')], max_length=10, verbose_name='language of the notice')),
                        ('name', models.CharField(max_length=200, verbose_name='full name')),
                        ('email', models.EmailField(max_length=254, verbose_name='e-mail')),
                        ('email_normalised', models.CharField(db_index=True, editable=False, max_length=254, verbose_name='normalised e-mail')),
                        ('acting_as', models.CharField(choices=[('holder', 'The rights holder'), ('employee', 'An employee of the rights holder'), ('agent', 'An authorised agent')], max_length=10, verbose_name='acting as')),
                        ('principal_name', models.CharField(blank=True, max_length=200, verbose_name='rights holder represented')),
                        ('organisation', models.CharField(blank=True, max_length=200, verbose_name='organisation')),
                        ('postal_address', models.TextField(blank=True, max_length=1000, verbose_name='postal address')),
                        ('phone', models.CharField(blank=True, max_length=40, verbose_name='telephone')),
                        ('country', models.CharField(max_length=2, verbose_name='country')),
                        ('signature', models.CharField(max_length=200, verbose_name='signature')),
                        ('work_description', models.TextField(blank=True, max_length=5000, verbose_name='the work')),
                        ('original_urls', models.JSONField(blank=True, default=list, verbose_name='original URLs')),
                        ('explanation', models.TextField(max_length=10000, verbose_name='explanation')),
                        ('requested_remedy', models.CharField(choices=[('remove-story', 'Remove the story'), ('remove-image', 'Remove the image'), ('extract', 'Shorten to an extract with a link'), ('credit', 'Add or fix the credit'), ('correct', 'Correct the text'), ('other', 'Other')], max_length=15, verbose_name='remedy asked')),
                        ('declarations', models.JSONField(default=dict, verbose_name='declarations')),
                        ('submitted_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='submitted')),
                        ('ip_hmac', models.CharField(blank=True, max_length=64, verbose_name='IP address HMAC')),
                        ('user_agent', models.CharField(blank=True, max_length=300, verbose_name='browser')),
                        ('acknowledged_at', models.DateTimeField(blank=True, null=True, verbose_name='acknowledged')),
                        ('status_token_nonce', models.CharField(default=takedowns.models.new_nonce, editable=False, max_length=32, verbose_name='status link nonce')),
                        ('due_at', models.DateTimeField(blank=True, null=True, verbose_name='decision due')),
                        ('lapse_at', models.DateTimeField(blank=True, null=True, verbose_name='lapses')),
                        ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided')),
                        ('decision_note', models.TextField(blank=True, help_text='Sent to the claimant with the decision.', verbose_name='decision note')),
                        ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='closed')),
                        ('assigned_to', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='assigned to')),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
                        ('duplicate_of', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='duplicates', to='takedowns.takedownrequest', verbose_name='duplicate of')),
                    ],
                    options={
                        'verbose_name': 'takedown request',
                        'verbose_name_plural': 'takedown requests',
                        'db_table': 'articles_takedownrequest',
                        'ordering': ['-submitted_at'],
                        'permissions': [('handle_takedown', 'Can review and decide takedown requests'), ('view_takedown_pii', 'Can see the personal data of claimants')],
                    },
                ),
                migrations.CreateModel(
                    name='TakedownItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('scope', models.CharField(choices=[('whole', 'The whole story'), ('hero-image', 'The hero image only'), ('language', 'One language version'), ('excerpt', 'An excerpt')], max_length=12, verbose_name='scope')),
                        ('language', models.CharField(blank=True, choices=[('en', 'English'), ('zh-hans', 'Simplified Chinese')], max_length=10, verbose_name='language')),
                        ('detail', models.CharField(blank=True, max_length=1000, verbose_name='detail')),
                        ('story', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='takedown_items', to='articles.story', verbose_name='story')),
                        ('request', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='items', to='takedowns.takedownrequest', verbose_name='takedown request')),
                    ],
                    options={
                        'verbose_name': 'claimed story',
                        'verbose_name_plural': 'claimed stories',
                        'db_table': 'articles_takedownitem',
                    },
                ),
                migrations.CreateModel(
                    name='TakedownEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('seq', models.PositiveIntegerField(editable=False, verbose_name='number')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='time')),
                        ('from_status', models.CharField(blank=True, choices=[('received', 'Received'), ('under-review', 'Under review'), ('needs-info', 'Needs information'), ('action-taken', 'Action taken'), ('rejected', 'Rejected'), ('duplicate', 'Duplicate'), ('withdrawn', 'Withdrawn'), ('lapsed', 'Lapsed'), ('counter-notice', 'Counter-notice received'), ('legal-hold', 'Legal hold'), ('restored', 'Restored')], max_length=20, verbose_name='from')),
                        ('to_status', models.CharField(blank=True, choices=[('received', 'Received'), ('under-review', 'Under review'), ('needs-info', 'Needs information'), ('action-taken', 'Action taken'), ('rejected', 'Rejected'), ('duplicate', 'Duplicate'), ('withdrawn', 'Withdrawn'), ('lapsed', 'Lapsed'), ('counter-notice', 'Counter-notice received'), ('legal-hold', 'Legal hold'), ('restored', 'Restored')], max_length=20, verbose_name='to')),
                        ('actor_kind', models.CharField(choices=[('staff', 'Staff'), ('system', 'System'), ('notifier', 'Notifier')], max_length=10, verbose_name='actor kind')),
                        ('action', models.CharField(max_length=40, verbose_name='action')),
                        ('note', models.TextField(blank=True, verbose_name='note')),
                        ('payload', models.JSONField(blank=True, default=dict, verbose_name='details')),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='actor')),
                        ('request', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='takedowns.takedownrequest', verbose_name='takedown request')),
                    ],
                    options={
                        'verbose_name': 'takedown event',
                        'verbose_name_plural': 'takedown events',
                        'db_table': 'articles_takedownevent',
                        'ordering': ['request', 'seq'],
                    },
                ),
                migrations.CreateModel(
                    name='OutboundMessage',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('template', models.CharField(max_length=60, verbose_name='template')),
                        ('to_email', models.EmailField(max_length=254, verbose_name='to')),
                        ('subject', models.CharField(max_length=300, verbose_name='subject')),
                        ('body', models.TextField(verbose_name='body')),
                        ('status', models.CharField(choices=[('queued', 'Queued'), ('sent', 'Sent'), ('failed', 'Failed')], default='queued', max_length=10, verbose_name='status')),
                        ('attempts', models.PositiveIntegerField(default=0, verbose_name='attempts')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created')),
                        ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent')),
                        ('last_error', models.TextField(blank=True, verbose_name='last error')),
                        ('request', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='messages', to='takedowns.takedownrequest', verbose_name='takedown request')),
                    ],
                    options={
                        'verbose_name': 'outbound message',
                        'verbose_name_plural': 'outbound messages',
                        'db_table': 'articles_outboundmessage',
                        'ordering': ['created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='CounterNotice',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('name', models.CharField(max_length=200, verbose_name='full name')),
                        ('email', models.EmailField(max_length=254, verbose_name='e-mail')),
                        ('postal_address', models.TextField(max_length=1000, verbose_name='postal address')),
                        ('phone', models.CharField(max_length=40, verbose_name='telephone')),
                        ('country', models.CharField(blank=True, max_length=2, verbose_name='country')),
                        ('material_location', models.TextField(blank=True, max_length=2000, verbose_name='where the material was')),
                        ('reason', models.CharField(choices=[('licensed', 'Licensed'), ('fair-use', 'Quotation or fair use'), ('not-the-work', 'Not the work claimed'), ('misidentified', 'Misidentified'), ('other', 'Other')], max_length=15, verbose_name='reason')),
                        ('explanation', models.TextField(max_length=10000, verbose_name='explanation')),
                        ('signature', models.CharField(max_length=200, verbose_name='signature')),
                        ('received_at', models.DateTimeField(verbose_name='received')),
                        ('restore_not_before', models.DateTimeField(verbose_name='restore not before')),
                        ('restore_deadline', models.DateTimeField(verbose_name='restore by')),
                        ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                        ('request', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='counter_notices', to='takedowns.takedownrequest', verbose_name='takedown request')),
                    ],
                    options={
                        'verbose_name': 'counter-notice',
                        'verbose_name_plural': 'counter-notices',
                        'db_table': 'articles_counternotice',
                    },
                ),
                migrations.AddIndex(
                    model_name='takedownrequest',
                    index=models.Index(fields=['status', 'due_at'], name='articles_ta_status_9fcb11_idx'),
                ),
                migrations.AddIndex(
                    model_name='takedownrequest',
                    index=models.Index(fields=['submitted_at'], name='articles_ta_submitt_8064ef_idx'),
                ),
                migrations.AddConstraint(
                    model_name='takedownrequest',
                    constraint=models.CheckConstraint(condition=models.Q(('status__in', ['received', 'under-review', 'needs-info', 'action-taken', 'rejected', 'duplicate', 'withdrawn', 'lapsed', 'counter-notice', 'legal-hold', 'restored'])), name='takedown_request_status_valid'),
                ),
                migrations.AddConstraint(
                    model_name='takedownrequest',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('duplicate_of__isnull', False), ('status', 'duplicate')), models.Q(models.Q(('status', 'duplicate'), _negated=True), ('duplicate_of__isnull', True)), _connector='OR'), name='takedown_request_duplicate_has_original'),
                ),
                migrations.AddConstraint(
                    model_name='takedownitem',
                    constraint=models.UniqueConstraint(fields=('request', 'story', 'scope', 'language'), name='takedown_item_unique'),
                ),
                migrations.AddConstraint(
                    model_name='takedownitem',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('scope', 'language'), models.Q(('language', ''), _negated=True)), models.Q(models.Q(('scope', 'language'), _negated=True), ('language', '')), _connector='OR'), name='takedown_item_language_only_for_language_scope'),
                ),
                migrations.AddConstraint(
                    model_name='takedownevent',
                    constraint=models.UniqueConstraint(fields=('request', 'seq'), name='takedown_event_seq_unique'),
                ),
                migrations.AddIndex(
                    model_name='outboundmessage',
                    index=models.Index(fields=['status', 'created_at'], name='articles_ou_status_875f4d_idx'),
                ),
            ],
        ),
        move_content_types(
            ['takedownrequest', 'takedownitem', 'takedownevent', 'counternotice', 'outboundmessage'],
            from_app="articles",
            to_app="takedowns",
        ),
        move_queued_tasks(
            ['send_takedown_message'],
            from_module="articles.tasks",
            to_module="takedowns.tasks",
        ),
    ]
