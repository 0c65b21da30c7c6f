"""The visibility columns of a story, kept in step with the rows they follow.

`StoryQuerySet.published()` and the story page read whether a translation is
published and whether a restriction hides a language from columns of the
story itself (`Story.visibility_field_names()`), not from subqueries. Every
service that changes a StoryLanguage's status or a StoryRestriction calls
`story_visibility_refresh()` in its transaction, so the columns never
disagree with the rows. The story's own status and schedule need no call:
they are its own columns, read at query time.
"""

from django.conf import settings

from articles.models import Story, StoryLanguage, StoryLanguageStatus, StoryRestriction
from articles.models.story import (
    TRANSLATION_LANGUAGES,
    restricted_field,
    restriction_expires_field,
    translation_published_field,
)


def story_visibility_refresh(*, story: Story) -> None:
    """Recompute `story`'s visibility columns from its translations and restrictions.

    Saved at once, without `save()` (so `updated_at` and the page's ETag
    stay), and set on `story` too. Expiry times are copied, not compared: a
    restriction that expires needs no write, because `published()` compares
    the time when it runs.
    """
    published_languages = set(
        StoryLanguage.objects.filter(
            story=story, status=StoryLanguageStatus.PUBLISHED
        ).values_list("language", flat=True)
    )
    values = {
        translation_published_field(language): language in published_languages
        for language, _name in TRANSLATION_LANGUAGES
    }
    for language, _name in settings.LANGUAGES:
        expiry_times = list(
            StoryRestriction.objects.filter(story=story)
            .active()
            .hiding(language)
            .values_list("expires_at", flat=True)
        )
        values[restricted_field(language)] = bool(expiry_times)
        # Hidden until the last of them expires; one without expiry hides
        # the text until it is lifted.
        values[restriction_expires_field(language)] = (
            None if not expiry_times or None in expiry_times else max(expiry_times)
        )
    Story.objects.filter(pk=story.pk).update(**values)
    for name, value in values.items():
        setattr(story, name, value)
