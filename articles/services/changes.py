"""Pending changes: edits to a story readers have seen, held until published.

The story's columns stay the published version; the edit waits beside it in
a PendingChanges row until an editor presses "Publish changes" or the time
it was scheduled for comes. Editors write the English side and the story's
shared fields (source, category, hero image); translators write their
language's text. Each side's save keeps the other side's pending text.
"""

import copy
from datetime import datetime
from functools import partial

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.tasks import default_task_backend
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from reversion.models import Version

from articles.exceptions import PublishBlocked
from articles.models import PendingChanges, Story, StoryLanguage, StoryLanguageStatus
from articles.services.history import story_version_record
from articles.services.language import (
    STORY_TEXT_FIELDS,
    hero_image_text_save,
    localized,
    require_complete,
    story_language_credit,
    story_language_save,
)
from articles.services.story import story_readers_see_change, story_save
from articles.tasks import publish_due_changes


def story_edit(*, story: Story, by: AbstractBaseUser | None) -> Story:
    """Save an editor's edit of a story (the English and the shared fields).

    Directly while readers have not seen the story (drafts, scheduled
    stories); held as pending changes once they may have.
    """
    if story._state.adding or not story.holds_changes:
        return story_save(story=story, by=by)
    return story_changes_save(story=story, by=by, language=settings.LANGUAGE_CODE)


@transaction.atomic
def story_language_edit(
    *, story: Story, language: str, text: dict, by: AbstractBaseUser | None
) -> StoryLanguage:
    """Save a translator's text of a story, as the Translate view does.

    While the translation is published on a story readers have seen, the
    story's text is held as pending changes like an editor's; otherwise it
    is written at once (story_language_save). The image's texts belong to
    the image and are always written at once.
    """
    story_language = StoryLanguage.objects.filter(
        story=story, language=language
    ).first()
    is_public = (
        story.holds_changes
        and story_language is not None
        and story_language.status == StoryLanguageStatus.PUBLISHED
    )
    if not is_public:
        story_language = story_language_save(
            story=story, language=language, text=text, by=by
        )
        if PendingChanges.objects.filter(story_id=story.pk).exists():
            # Pending changes carry this language's text too: keep it current.
            saved = Story.objects.get(pk=story.pk)
            story_changes_save(story=saved, by=by, language=language)
        return story_language
    edited = story_with_changes(Story.objects.get(pk=story.pk))
    before = held_values(edited, language=language)
    for name in STORY_TEXT_FIELDS:
        if name in text:
            setattr(edited, localized(name, language), text[name] or None)
    changed = held_values(edited, language=language) != before
    story_changes_save(story=edited, by=by, language=language)
    hero_image_text_save(story=edited, language=language, text=text)
    return story_language_credit(
        story=edited, language=language, changed=changed, by=by
    )


def held_values(story: Story, *, language: str | None = None) -> dict:
    """Return the held fields of `story` as JSON-ready values, by column.

    With `language`, only that language's text; English also takes the
    fields no language owns (source, category, hero image, …).
    """
    values = {}
    for name in Story.HELD_FIELDS:
        field = Story._meta.get_field(name)
        if language is not None and getattr(field, "language", "en") != language:
            continue
        values[field.attname] = field.value_from_object(story)
    # Datetimes as the JSONField stores them, so values compare equal.
    encoder = DjangoJSONEncoder()
    return {
        name: encoder.default(value) if isinstance(value, datetime) else value
        for name, value in values.items()
    }


def apply_held_values(story: Story, values: dict):
    """Set the held fields of `story`, in memory, from stored `values`."""
    for name in Story.HELD_FIELDS:
        field = Story._meta.get_field(name)
        if field.attname in values:
            setattr(story, field.attname, field.to_python(values[field.attname]))


def story_with_changes(story: Story) -> Story:
    """Return `story` with its pending changes applied, in memory only.

    One query.
    """
    pending = PendingChanges.objects.filter(story=story).first()
    # Remember the answer, so `story.pending_changes_or_none` costs nothing.
    Story.pending_changes.related.set_cached_value(story, pending)
    if pending is not None:
        apply_held_values(story, pending.values)
    return story


@transaction.atomic
def story_changes_save(
    *, story: Story, by: AbstractBaseUser | None, language: str | None
) -> Story:
    """Save an edit to a story readers have seen, holding what they would see.

    `story` carries the edit in memory. Its `language` held fields become
    pending, merged with what is already pending for the other languages;
    if they all equal the published version again, the pending changes go.
    An English save (the story form) also saves the publishing fields
    (status, times, withdrawal) at once. The published row's `updated_at`
    moves either way, so a form opened before this save can tell.
    Return the published story.
    """
    live = Story.objects.select_for_update().get(pk=story.pk)
    direct_fields = []
    # language=None: every language's text (a restored version).
    if language == settings.LANGUAGE_CODE:
        # modeltranslation's own `title` column and the like follow `title_en`.
        held = {*Story.HELD_FIELDS, *Story.HELD_TEXT}
        direct_fields = [
            name for name in Story.english_field_names() if name not in held
        ]
        for name in direct_fields:
            attname = Story._meta.get_field(name).attname
            setattr(live, attname, getattr(story, attname))
    pending = PendingChanges.objects.filter(story=live).first()
    story.clean_bodies()
    values = {
        **held_values(live),
        **(pending.values if pending is not None else {}),
        **held_values(story, language=language),
    }
    if values == held_values(live):
        if pending is not None:
            pending.delete()
    elif pending is None:
        PendingChanges.objects.create(
            story=live, values=values, created_by=by, updated_by=by
        )
    else:
        pending.values = values
        pending.updated_by = by
        pending.save()
    live.updated_by = by
    live.save(update_fields={*direct_fields, "updated_by", "updated_at"})
    story_readers_see_change(story=live)
    saved = copy.copy(live)
    apply_held_values(saved, values)
    story_version_record(
        story=saved, by=by, comment=gettext_noop("Changes saved, not published")
    )
    return live


@transaction.atomic
def story_changes_publish(*, story: Story, by: AbstractBaseUser | None) -> Story:
    """Make a story's pending changes its published version.

    The publishing checks run on the merged version, and for each published
    translation its completeness; raise PublishBlocked naming each problem,
    and nothing changes. The page cache is purged after commit.
    """
    live = Story.objects.select_for_update().get(pk=story.pk)
    pending = PendingChanges.objects.select_for_update().filter(story=live).first()
    if pending is None:
        raise ValidationError(
            _("“%(title)s” has no pending changes.") % {"title": live.title_en},
            code="no_changes",
        )
    apply_held_values(live, pending.values)
    try:
        live.full_clean()
    except ValidationError as error:
        raise PublishBlocked(error.message_dict) from None
    require_translations_complete(live)
    live.updated_by = by
    live.save()
    pending.delete()
    story_readers_see_change(story=live)
    story_version_record(story=live, by=by, comment=gettext_noop("Changes published"))
    return live


def require_translations_complete(story: Story):
    """Raise PublishBlocked if a published translation lost a field."""
    for story_language in StoryLanguage.objects.filter(
        story=story, status=StoryLanguageStatus.PUBLISHED
    ):
        story_language.story = story
        require_complete(story_language)


@transaction.atomic
def story_changes_schedule(
    *, story: Story, by: AbstractBaseUser | None, publish_at: datetime | None
) -> PendingChanges:
    """Publish a story's pending changes at `publish_at`; None unschedules.

    A worker task runs at that time (when the task backend can defer);
    `manage.py publish_pending_changes`, run every few minutes, publishes
    whatever is due in case a task was lost.
    """
    pending = (
        PendingChanges.objects.select_for_update().filter(story_id=story.pk).first()
    )
    if pending is None:
        raise ValidationError(
            _("“%(title)s” has no pending changes.") % {"title": story.title_en},
            code="no_changes",
        )
    if publish_at is not None and publish_at <= timezone.now():
        raise ValidationError(
            {"publish_at": _("Choose a time in the future.")}, code="past"
        )
    pending.publish_at = publish_at
    pending.updated_by = by
    pending.save(update_fields=["publish_at", "updated_by", "updated_at"])
    if publish_at is not None and default_task_backend.supports_defer:
        transaction.on_commit(
            partial(
                publish_due_changes.using(run_after=publish_at).enqueue,
                story_id=story.pk,
            )
        )
    return pending


def story_changes_publish_due(*, story_id: int | None = None) -> int:
    """Publish the pending changes whose time has come; return how many.

    Idempotent: changes already published, rescheduled or withdrawn are
    left alone. A refusal (a check fails on the merged version) keeps the
    changes pending and unscheduled, for an editor to fix.
    """
    due = PendingChanges.objects.filter(publish_at__lte=timezone.now())
    if story_id is not None:
        due = due.filter(story_id=story_id)
    published = 0
    for pending in due.select_related("story", "updated_by"):
        try:
            story_changes_publish(story=pending.story, by=pending.updated_by)
        except ValidationError:
            PendingChanges.objects.filter(pk=pending.pk).update(publish_at=None)
        else:
            published += 1
    return published


@transaction.atomic
def story_version_restore(
    *, story: Story, version: Version, by: AbstractBaseUser | None
) -> Story:
    """Bring back the text, source, category and image of an earlier version.

    For a story readers have seen, as pending changes to review and publish;
    for a draft or scheduled story, saved at once. Its publishing state
    (status, times) stays as it is now.
    """
    if version.object_id != str(story.pk):
        raise ValidationError(_("This version belongs to another story."))
    restored = Story.objects.get(pk=story.pk)
    apply_held_values(restored, version.field_dict)
    if not restored.holds_changes:
        return story_save(story=restored, by=by)
    return story_changes_save(story=restored, by=by, language=None)
