"""The ingest models, moved from the articles app without touching a row.

The tables keep their names (each model's Meta.db_table), so this migration
only tells Django's state where the models now live. It then moves their
content types to this app, and with them every permission and admin log
entry, and points tasks queued under the old module at the new one.
"""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

from articles.migration_operations import move_content_types, move_queued_tasks


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('articles', '0011_legal_group'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('django_tasks_database', '0021_conditional_partial_index_ordering'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='DuplicateCluster',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('item_count', models.PositiveIntegerField(default=0, editable=False, verbose_name='items')),
                        ('source_count', models.PositiveIntegerField(default=0, editable=False, verbose_name='sources')),
                    ],
                    options={
                        'verbose_name': 'duplicate cluster',
                        'verbose_name_plural': 'duplicate clusters',
                        'db_table': 'articles_duplicatecluster',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Feed',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('url', models.URLField(help_text='The address of the RSS or Atom feed, not of the website.', max_length=500, unique=True, validators=[django.core.validators.URLValidator(schemes=['http', 'https'])], verbose_name='feed URL')),
                        ('language', models.CharField(choices=[('en', 'English'), ('zh-hans', 'Simplified Chinese')], default='en', help_text='The language the feed is written in.', max_length=10, verbose_name='language')),
                        ('is_active', models.BooleanField(default=True, help_text='Inactive feeds are not polled. A feed the publisher has removed (HTTP 410 Gone) is made inactive automatically.', verbose_name='active')),
                        ('poll_interval_minutes', models.PositiveIntegerField(default=30, help_text='How often the feed is fetched, at least every 5 minutes. After failures the wait doubles each time, up to a day.', validators=[django.core.validators.MinValueValidator(5)], verbose_name='poll interval (minutes)')),
                        ('next_poll_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='next poll')),
                        ('etag', models.CharField(blank=True, editable=False, max_length=500, verbose_name='ETag')),
                        ('last_modified', models.CharField(blank=True, editable=False, max_length=100, verbose_name='Last-Modified')),
                        ('last_polled_at', models.DateTimeField(editable=False, null=True, verbose_name='last polled')),
                        ('last_success_at', models.DateTimeField(editable=False, null=True, verbose_name='last success')),
                        ('last_http_status', models.PositiveSmallIntegerField(editable=False, null=True, verbose_name='last HTTP status')),
                        ('consecutive_failures', models.PositiveIntegerField(default=0, editable=False, verbose_name='consecutive failures')),
                        ('last_error', models.TextField(blank=True, editable=False, verbose_name='last error')),
                        ('default_category', models.ForeignKey(blank=True, help_text='Imported drafts start in this category; editors may change it.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='feeds', to='articles.category', verbose_name='default category')),
                        ('source', models.ForeignKey(help_text='Whose feed this is; imported stories are credited to it.', on_delete=django.db.models.deletion.PROTECT, related_name='feeds', to='articles.source', verbose_name='source')),
                    ],
                    options={
                        'verbose_name': 'feed',
                        'verbose_name_plural': 'feeds',
                        'db_table': 'articles_feed',
                        'ordering': ['source__name', 'url'],
                    },
                ),
                migrations.CreateModel(
                    name='FeedItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('guid', models.CharField(max_length=500, verbose_name='GUID')),
                        ('url', models.URLField(blank=True, max_length=1000, verbose_name='URL')),
                        ('canonical_url', models.CharField(blank=True, max_length=1000, verbose_name='canonical URL')),
                        ('title', models.CharField(blank=True, max_length=500, verbose_name='title')),
                        ('summary', models.TextField(blank=True, verbose_name='summary')),
                        ('content', models.TextField(blank=True, verbose_name='content')),
                        ('author', models.CharField(blank=True, max_length=200, verbose_name='author')),
                        ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published')),
                        ('image_url', models.URLField(blank=True, max_length=1000, verbose_name='image URL')),
                        ('content_hash', models.CharField(max_length=64, verbose_name='content hash')),
                        ('simhash', models.BigIntegerField(verbose_name='SimHash')),
                        ('band0', models.PositiveIntegerField()),
                        ('band1', models.PositiveIntegerField()),
                        ('band2', models.PositiveIntegerField()),
                        ('band3', models.PositiveIntegerField()),
                        ('fetched_at', models.DateTimeField(verbose_name='fetched')),
                        ('has_upstream_change', models.BooleanField(default=False, help_text='The publisher changed this entry after its story was imported. The story is never changed automatically: compare and edit it.', verbose_name='changed at the source')),
                        ('cluster', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='items', to='ingest.duplicatecluster', verbose_name='duplicate cluster')),
                        ('feed', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='items', to='ingest.feed', verbose_name='feed')),
                        ('story', models.ForeignKey(blank=True, help_text='The draft this item created, if it was the first of its cluster.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='feed_items', to='articles.story', verbose_name='story')),
                    ],
                    options={
                        'verbose_name': 'feed item',
                        'verbose_name_plural': 'feed items',
                        'db_table': 'articles_feeditem',
                        'ordering': ['-fetched_at'],
                    },
                ),
                migrations.AddIndex(
                    model_name='feed',
                    index=models.Index(fields=['is_active', 'next_poll_at'], name='feed_due'),
                ),
                migrations.AddConstraint(
                    model_name='feed',
                    constraint=models.CheckConstraint(condition=models.Q(('poll_interval_minutes__gte', 5)), name='feed_poll_interval_minimum'),
                ),
                migrations.AddConstraint(
                    model_name='feed',
                    constraint=models.CheckConstraint(condition=models.Q(('language__in', ['en', 'zh-hans'])), name='feed_language_valid'),
                ),
                migrations.AddIndex(
                    model_name='feeditem',
                    index=models.Index(fields=['canonical_url'], name='feed_item_canonical_url'),
                ),
                migrations.AddIndex(
                    model_name='feeditem',
                    index=models.Index(fields=['content_hash'], name='feed_item_content_hash'),
                ),
                migrations.AddIndex(
                    model_name='feeditem',
                    index=models.Index(fields=['band0', 'fetched_at'], name='feed_item_band0'),
                ),
                migrations.AddIndex(
                    model_name='feeditem',
                    index=models.Index(fields=['band1', 'fetched_at'], name='feed_item_band1'),
                ),
                migrations.AddIndex(
                    model_name='feeditem',
                    index=models.Index(fields=['band2', 'fetched_at'], name='feed_item_band2'),
                ),
                migrations.AddIndex(
                    model_name='feeditem',
                    index=models.Index(fields=['band3', 'fetched_at'], name='feed_item_band3'),
                ),
                migrations.AddConstraint(
                    model_name='feeditem',
                    constraint=models.UniqueConstraint(fields=('feed', 'guid'), name='feed_item_one_per_guid'),
                ),
            ],
        ),
        move_content_types(
            ['feed', 'feeditem', 'duplicatecluster'],
            from_app="articles",
            to_app="ingest",
        ),
        move_queued_tasks(
            ['poll_feed'],
            from_module="articles.tasks",
            to_module="ingest.tasks",
        ),
    ]
