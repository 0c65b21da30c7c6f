"""Two editors on one story: no save overwrites work its author has not seen.

No locks are held. The form carries the story's `edit_token()` from when it
was opened; a save whose token no longer matches is refused, naming who
changed what since. Editors also see who else has the story open: each open
form sends a heartbeat to the shared cache (Redis in production, so every
app server sees every editor).
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache

from articles.models import Story

# A form that has not sent a heartbeat for this long is taken as closed. The
# page sends one every 15 seconds.
PRESENCE_SECONDS = 40


def edit_token(story: Story) -> str:
    """Return a value that changes on every save of `story`."""
    return str(int(story.updated_at.timestamp() * 1_000_000))


def token_time(token: str) -> datetime | None:
    """Return when the version `token` names was saved, or None if unreadable."""
    try:
        microseconds = int(token)
    except ValueError:
        return None
    return datetime.fromtimestamp(microseconds / 1_000_000, tz=UTC)


@dataclass(frozen=True)
class Change:
    """One save by someone else, as the admin's history recorded it."""

    by: str
    at: datetime
    description: str


def changes_since(story: Story, token: str) -> list[Change]:
    """Return the saves of `story` recorded after the version `token` names.

    An unreadable token (a form from an old page) gives every recorded save.
    """
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Story),
        object_id=str(story.pk),
    ).select_related("user")
    since = token_time(token)
    if since is not None:
        entries = entries.filter(action_time__gt=since)
    return [
        Change(
            by=display_name(entry.user),
            at=entry.action_time,
            description=entry.get_change_message(),
        )
        for entry in entries.order_by("action_time")
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
