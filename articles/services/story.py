"""Writes to stories: every way a story is saved, published or taken down.

The admin form, the bulk actions and the management commands all come here,
so the publishing rules and the audit columns are applied the same way.
"""

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from articles.exceptions import PublishBlocked
from articles.models import Story, StoryStatus
from articles.pagecache.keys import story_change_keys
from articles.pagecache.purge import purge_on_commit
from articles.search.indexing import story_search_update
from articles.services.history import story_version_record


@transaction.atomic
def story_save(*, story: Story, by: AbstractBaseUser | None) -> Story:
    """Save a story an editor has changed, recording who did it.

    The caller has validated the story (the admin form runs `full_clean`).
    Translations are left as they are in the database: they belong to the
    Translate view, and `story` may have been loaded before a translator saved.
    """
    story.updated_by = by
    if story._state.adding:
        story.created_by = by
        story.save()
    else:
        story.save(update_fields=story.english_field_names())
    story_readers_see_change(story=story)
    story_version_record(story=story, by=by, comment=gettext_noop("Saved"))
    return story


@transaction.atomic
def story_publish(
    *,
    story: Story,
    by: AbstractBaseUser | None,
    publish_at: datetime | None = None,
) -> Story:
    """Publish a story now, or at `publish_at` if given.

    A draft that already has a future publication time stays scheduled for
    it. Raise PublishBlocked, naming each missing field, if the story lacks
    what publishing requires.
    """
    locked = Story.objects.select_for_update().get(pk=story.pk)
    if locked.status == StoryStatus.WITHDRAWN:
        raise ValidationError(
            _("“%(title)s” was withdrawn; reinstate it in its form first.")
            % {"title": locked.title},
            code="withdrawn",
        )
    locked.status = StoryStatus.PUBLISHED
    if publish_at is not None:
        locked.publish_at = publish_at
    try:
        # full_clean applies the publishing gate and fills an empty time with now.
        locked.full_clean()
    except ValidationError as error:
        raise PublishBlocked(error.message_dict) from None
    locked.updated_by = by
    locked.save()
    story_readers_see_change(story=locked)
    story_version_record(story=locked, by=by, comment=gettext_noop("Published"))
    return locked


@transaction.atomic
def story_unpublish(*, story: Story, by: AbstractBaseUser | None) -> Story:
    """Take a published or scheduled story back to draft.

    Its URL answers 404 again. To tell readers why a story they saw has gone,
    withdraw it instead.
    """
    locked = Story.objects.select_for_update().get(pk=story.pk)
    if locked.status != StoryStatus.PUBLISHED:
        raise ValidationError(
            _("“%(title)s” is not published.") % {"title": locked.title},
            code="not_published",
        )
    locked.status = StoryStatus.DRAFT
    locked.updated_by = by
    locked.save()
    story_readers_see_change(story=locked)
    story_version_record(story=locked, by=by, comment=gettext_noop("Unpublished"))
    return locked


def story_readers_see_change(*, story: Story):
    """Bring what readers see in step with a write to `story`.

    The search index is updated in the caller's transaction; the pages
    showing the story are purged after commit (none for a draft).
    """
    story_search_update(story=story)
    purge_on_commit(story_change_keys(story))
