"""Restricting stories for a legal reason, and lifting the restriction.

The only way other apps change what readers may see of a story for a legal
reason: each function hides or shows the hero images its restrictions
claim, and purges the page cache after commit, so a rolled-back decision is
never shown and a committed one is never served stale from our cache.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.utils import timezone

from articles.models import HeroImage, RestrictionScope, Story, StoryRestriction
from articles.pagecache.keys import story_change_keys
from articles.pagecache.purge import purge_on_commit
from articles.services.visibility import story_visibility_refresh


@transaction.atomic
def restriction_apply(
    *,
    story: Story,
    cause: models.Model,
    reference: str,
    reason: str,
    scope: str,
    language: str = "",
    by: AbstractBaseUser | None,
) -> StoryRestriction:
    """Restrict `story` (or the part `scope` names) because of `cause`.

    `reference` and `reason` (an English msgid, such as "Copyright") are
    what the 451 page tells readers.

    Raise ValidationError if the scope and language do not fit together or
    `cause` already has a restriction that is not lifted.
    """
    restriction = StoryRestriction(
        story=story,
        cause=cause,
        reference=reference,
        reason=reason,
        scope=scope,
        language=language if scope == RestrictionScope.LANGUAGE else "",
        applied_by=by,
    )
    restriction.full_clean()
    restriction.save()
    story_visibility_refresh(story=story)
    if scope == RestrictionScope.HERO_IMAGE and story.hero_image_id:
        set_hero_images_hidden({story.hero_image_id})
    purge_on_commit(story_change_keys(story))
    return restriction


@transaction.atomic
def restrictions_lift(
    restrictions: models.QuerySet, *, by: AbstractBaseUser | None, reason: str
) -> int:
    """Lift the active ones of `restrictions`; return how many were lifted."""
    lifted = list(restrictions.active().select_related("story"))
    now = timezone.now()
    for restriction in lifted:
        restriction.lifted_at = now
        restriction.lifted_by = by
        restriction.lift_reason = reason
        restriction.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    for story in {restriction.story for restriction in lifted}:
        story_visibility_refresh(story=story)
    set_hero_images_hidden(
        {
            restriction.story.hero_image_id
            for restriction in lifted
            if restriction.scope == RestrictionScope.HERO_IMAGE
            and restriction.story.hero_image_id
        }
    )
    purge_on_commit(story_change_keys(*(restriction.story for restriction in lifted)))
    return len(lifted)


@transaction.atomic
def restrictions_expire(restrictions: models.QuerySet, *, at) -> int:
    """Make the active ones of `restrictions` end by themselves at `at`.

    `at=None` makes them last until lifted. Return how many changed.
    """
    stories = list(Story.objects.filter(restrictions__in=restrictions.active()))
    purge_on_commit(story_change_keys(*stories))
    changed = restrictions.active().update(expires_at=at)
    for story in set(stories):
        story_visibility_refresh(story=story)
    return changed


def set_hero_images_hidden(image_ids: set[int]) -> None:
    """Hide the images a restriction in force claims; show the others again."""
    claimed = set(
        StoryRestriction.objects.in_force()
        .filter(scope=RestrictionScope.HERO_IMAGE, story__hero_image__in=image_ids)
        .values_list("story__hero_image", flat=True)
    )
    HeroImage.objects.filter(pk__in=claimed).update(is_hidden=True)
    HeroImage.objects.filter(pk__in=image_ids - claimed).update(is_hidden=False)
    if image_ids:
        # Every story showing one of them, not only the restricted one.
        showing = Story.objects.filter(hero_image__in=image_ids)
        purge_on_commit(story_change_keys(*showing))
