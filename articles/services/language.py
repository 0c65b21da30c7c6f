"""Writes to a story's translations: draft, submit, publish, unpublish.

The Translate view in the admin calls these; English publication stays in
`articles.services.story`. A translation is public only while its
StoryLanguage row is published *and* the English story is live.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from modeltranslation.utils import build_localized_fieldname

from articles.exceptions import PublishBlocked
from articles.models import Story, StoryLanguage, StoryLanguageStatus
from articles.services.history import story_version_record
from articles.services.story import story_readers_see_change
from articles.services.visibility import story_visibility_refresh

# What a translator writes, by the name the Translate form uses.
STORY_TEXT_FIELDS = ["title", "summary", "byline", "body"]
IMAGE_TEXT_FIELDS = ["alt_text", "caption", "credit"]


@transaction.atomic
def story_language_save(
    *, story: Story, language: str, text: dict, by: AbstractBaseUser | None
) -> StoryLanguage:
    """Save the `language` text of a story as it stands, without publishing it.

    `text` maps the names in STORY_TEXT_FIELDS and IMAGE_TEXT_FIELDS to the
    translated text; empty text means "not translated". The hero image's
    alt text and caption belong to the image, so they change on every story
    that uses it. The text is written to the story's columns: for a
    translation readers may see, articles.services.changes holds it instead.
    """
    locked = Story.objects.select_for_update().get(pk=story.pk)
    before = language_text(locked, language)
    # Only this language's columns are written: an editor may be saving the
    # English at the same time.
    story_columns = [localized(name, language) for name in STORY_TEXT_FIELDS]
    for name in STORY_TEXT_FIELDS:
        if name in text:
            setattr(locked, localized(name, language), text[name] or None)
    locked.save(update_fields=[*story_columns, "updated_at"])
    hero_image_text_save(story=locked, language=language, text=text)
    story_language = story_language_credit(
        story=locked,
        language=language,
        changed=language_text(locked, language) != before,
        by=by,
    )
    story_readers_see_change(story=locked)
    story_version_record(
        story=locked,
        by=by,
        comment=gettext_noop("Translation saved"),
    )
    return story_language


def hero_image_text_save(*, story: Story, language: str, text: dict):
    """Save the `language` alt text, caption and credit of the story's image.

    They belong to the image, so they change on every story that uses it,
    at once: they are never held as a story's pending changes.
    """
    hero_image = story.hero_image
    if hero_image is None or not any(name in text for name in IMAGE_TEXT_FIELDS):
        return
    for name in IMAGE_TEXT_FIELDS:
        if name in text:
            setattr(hero_image, localized(name, language), text[name] or None)
    hero_image.save(
        update_fields=[
            *(localized(name, language) for name in IMAGE_TEXT_FIELDS),
            "updated_at",
        ]
    )


def story_language_credit(
    *, story: Story, language: str, changed: bool, by: AbstractBaseUser | None
) -> StoryLanguage:
    """Return the story's `language` row, crediting `by` if the words changed.

    Whoever last changed the words translated them; a reviewer who only
    publishes them leaves the credit where it was.
    """
    story_language, created = StoryLanguage.objects.get_or_create(
        story=story, language=language
    )
    if created or changed:
        story_language.translated_by = by
    story_language.save()
    return story_language


@transaction.atomic
def story_language_submit(
    *, story_language: StoryLanguage, by: AbstractBaseUser | None
) -> StoryLanguage:
    """Mark a translation ready for review, recording the English it matches.

    Raise PublishBlocked, naming each untranslated field, if it is incomplete.
    """
    locked = lock(story_language)
    require_status(locked, {StoryLanguageStatus.DRAFT, StoryLanguageStatus.UNPUBLISHED})
    require_complete(locked)
    locked.status = StoryLanguageStatus.IN_REVIEW
    locked.translated_by = by
    record_english_source(locked)
    locked.save()
    return locked


@transaction.atomic
def story_language_publish(
    *, story_language: StoryLanguage, by: AbstractBaseUser | None
) -> StoryLanguage:
    """Publish a translation, recording who reviewed it and when.

    Readers see it once the English story is live too. Raise PublishBlocked
    if a field is untranslated or the source has no attribution line in this
    language.
    """
    locked = lock(story_language)
    require_status(
        locked,
        {
            StoryLanguageStatus.DRAFT,
            StoryLanguageStatus.IN_REVIEW,
            StoryLanguageStatus.UNPUBLISHED,
        },
    )
    require_complete(locked)
    locked.status = StoryLanguageStatus.PUBLISHED
    locked.reviewed_by = by
    locked.published_at = timezone.now()
    record_english_source(locked)
    locked.save()
    story_visibility_refresh(story=locked.story)
    story_readers_see_change(story=locked.story)
    return locked


@transaction.atomic
def story_language_unpublish(
    *, story_language: StoryLanguage, by: AbstractBaseUser | None
) -> StoryLanguage:
    """Take a translation off the site; the story's URL in that language then
    shows the English text under a notice."""
    locked = lock(story_language)
    require_status(locked, {StoryLanguageStatus.PUBLISHED})
    locked.status = StoryLanguageStatus.UNPUBLISHED
    locked.reviewed_by = by
    locked.save()
    story_visibility_refresh(story=locked.story)
    story_readers_see_change(story=locked.story)
    return locked


@transaction.atomic
def story_language_acknowledge(
    *, story_language: StoryLanguage, by: AbstractBaseUser | None
) -> StoryLanguage:
    """Confirm a translation still matches the English after an English edit.

    The out-of-date badge goes until the English changes again.
    """
    locked = lock(story_language)
    require_status(
        locked, {StoryLanguageStatus.IN_REVIEW, StoryLanguageStatus.PUBLISHED}
    )
    locked.reviewed_by = by
    record_english_source(locked)
    locked.save()
    return locked


def language_text(story: Story, language: str) -> dict:
    """Return the story's (and its hero image's) text in `language`."""
    text = {
        name: getattr(story, localized(name, language)) for name in STORY_TEXT_FIELDS
    }
    if story.hero_image is not None:
        for name in IMAGE_TEXT_FIELDS:
            text[name] = getattr(story.hero_image, localized(name, language))
    return text


def localized(name: str, language: str) -> str:
    return build_localized_fieldname(name, language)


def lock(story_language: StoryLanguage) -> StoryLanguage:
    # Two people may act on the same translation at once; the second waits
    # and then sees the first one's result. Only the translation and its
    # story are locked: PostgreSQL cannot lock the nullable side of the outer
    # joins to the source and hero image.
    return (
        StoryLanguage.objects.select_for_update(of=("self", "story"))
        .select_related("story__source", "story__hero_image")
        .get(pk=story_language.pk)
    )


def require_status(story_language: StoryLanguage, allowed: set):
    if story_language.status not in allowed:
        raise ValidationError(
            _("This translation is %(status)s; that cannot be done now.")
            % {"status": story_language.get_status_display().lower()},
            code="invalid_transition",
        )


def require_complete(story_language: StoryLanguage):
    """Raise PublishBlocked naming each field still untranslated."""
    story, language = story_language.story, story_language.language
    missing = {}
    for name in ("title", "summary", "body"):
        if not (getattr(story, localized(name, language)) or "").strip():
            missing[name] = _("Translate this field.")
    hero_image = story.hero_image
    if hero_image is not None:
        if not getattr(hero_image, localized("alt_text", language)):
            missing["alt_text"] = _("Translate the image's alt text.")
        if hero_image.caption_en and not getattr(
            hero_image, localized("caption", language)
        ):
            missing["caption"] = _("Translate the image's caption.")
    general = []
    source = story.source
    if source is not None and not getattr(
        source, localized("attribution_template", language)
    ):
        general.append(
            _(
                "%(source)s has no attribution line in this language; add it to "
                "the source first."
            )
            % {"source": source.name_en}
        )
    # The other outlets credited beside the source: their rules apply too.
    general += [
        message
        for credit in story.credits.select_related("source")
        for message in credit.publishing_errors(language)
    ]
    if general:
        missing[NON_FIELD_ERRORS] = general
    if missing:
        raise PublishBlocked(missing)


def record_english_source(story_language: StoryLanguage):
    """Remember the English this translation was checked against."""
    story = story_language.story
    story_language.source_hash = story.en_source_hash
    story_language.source_snapshot = story.english_source_text()
