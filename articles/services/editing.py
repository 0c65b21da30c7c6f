"""Two editors on one story: no save overwrites work its author has not seen.

No lock is held while an editor has the story open. The form carries the
story's `edit_token()` from when it was opened; a save whose token no longer
matches the saved story's is refused, naming who changed what since. The
check locks the story's row until the save commits, so two saves at the
same moment cannot both pass it. Editors also see who else has the story
open: each open form sends a heartbeat to the shared cache (Redis in
production, so every app server sees every editor).
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache

from articles.models import Story

# A form that has not sent a heartbeat for this long is taken as closed. The
# page sends one every 15 seconds.
PRESENCE_SECONDS = 40


# Changes listed at most when a save is refused; the admin's History page
# has them all.
CHANGES_SHOWN = 10


def edit_token(story: Story) -> str:
    """Return a value that changes on every save of `story`.

    The time of the last save, and the last entry of the admin's history of
    the story, which says who saved what after it.
    """
    version = int(story.updated_at.timestamp() * 1_000_000)
    last_entry = story_log(story).order_by("-pk").values_list("pk", flat=True).first()
    return f"{version}:{last_entry or 0}"


def story_log(story: Story):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Story),
        object_id=str(story.pk),
    )


@dataclass(frozen=True)
class Change:
    """One save by someone else, as the admin's history recorded it."""

    by: str
    at: datetime
    description: str


def changes_since(story: Story, token: str) -> list[Change]:
    """Return the saves of `story` recorded after the version `token` names.

    An unreadable token (a form from an older page) gives the latest saves.
    """
    entries = story_log(story).select_related("user").order_by("-pk")
    _version, _separator, last_entry = token.partition(":")
    if last_entry.isdigit():
        entries = entries.filter(pk__gt=int(last_entry))
    return [
        Change(
            by=display_name(entry.user),
            at=entry.action_time,
            description=entry.get_change_message(),
        )
        for entry in reversed(entries[:CHANGES_SHOWN])
    ]


def display_name(user: AbstractBaseUser) -> str:
    return user.get_full_name() or user.get_username()


def presence_key(story_id: int, user_id: int) -> str:
    return f"editing:story:{story_id}:user:{user_id}"


def editors_key(story_id: int) -> str:
    return f"editing:story:{story_id}:editors"


def editing_heartbeat(*, story_id: int, user: AbstractBaseUser) -> list[str]:
    """Record that `user` has the story's form open; return the others' names.

    Each editor's heartbeat is a key of its own that expires by itself, so a
    closed tab disappears within PRESENCE_SECONDS. The list of ids that may
    be editing is rewritten by each heartbeat; two written at the same moment
    may drop an id, which that editor's next heartbeat puts back.
    """
    cache.set(
        presence_key(story_id, user.pk),
        display_name(user),
        PRESENCE_SECONDS,
    )
    editor_ids = set(cache.get(editors_key(story_id), [])) | {user.pk}
    seen = cache.get_many([presence_key(story_id, pk) for pk in editor_ids])
    present = {pk for pk in editor_ids if presence_key(story_id, pk) in seen}
    cache.set(editors_key(story_id), sorted(present), PRESENCE_SECONDS)
    return sorted(seen[presence_key(story_id, pk)] for pk in present if pk != user.pk)


def editing_leave(*, story_id: int, user: AbstractBaseUser) -> None:
    """Forget `user`'s heartbeat: the form was saved or closed."""
    cache.delete(presence_key(story_id, user.pk))
