"""Every saved version of a story, through django-reversion.

Each service that saves a story (its published columns, or its pending
changes) records the version it saved here, with who and when; the admin's
history page lists them, compares any two and restores one as pending
changes (articles.services.changes).
"""

import reversion
from django.contrib.auth.models import AbstractBaseUser
from reversion.models import Version

from articles.models import Story

# What a version holds: the text in both languages, source, hero image,
# category and schedule. Derived and audit columns are left out.
VERSIONED_FIELDS = [
    "slug",
    *Story.HELD_FIELDS,
    "status",
    "publish_at",
    "unpublish_at",
    "withdrawal_reason",
    "withdrawal_note_en",
    "withdrawal_note_zh_hans",
]


def register_story_versions():
    """Tell django-reversion which story columns a version holds."""
    if not reversion.is_registered(Story):
        reversion.register(Story, fields=VERSIONED_FIELDS)


def story_version_record(*, story: Story, by: AbstractBaseUser | None, comment: str):
    """Record `story` as it stands in memory as a new version.

    `story` may be unsaved changes merged onto the published row: the
    version is what the editor saved, published or not. `comment` is
    stored untranslated (gettext_noop) and translated when shown. Call inside the
    saving service's transaction, so a rolled-back save leaves no version.
    """
    with reversion.create_revision(atomic=False):
        reversion.set_user(by)
        reversion.set_comment(comment)
        reversion.add_to_revision(story)


def story_versions(story: Story):
    """Return the story's versions, newest first, with who saved each."""
    return (
        Version.objects.get_for_object(story)
        .select_related("revision__user")
        .order_by("-revision__date_created", "-pk")
    )
