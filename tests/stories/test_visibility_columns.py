"""The visibility columns never disagree with the rule they are kept from.

`published()` and the story page read columns that the translation and
restriction services keep (articles.services.visibility); `published_by_rule()`
and `restriction_in_force()` read the rows themselves. For random stories,
schedules, translations and restrictions, written through the services, both
give the same answer at random moments and at the exact boundaries, with no
write in between: publication, unpublication and expiry times pass by
themselves. The story page's state (`Story.public_state()`), which evaluates
the same conditions in Python on the story's row, agrees with both.
"""

import random
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone

from articles.models import (
    RestrictionScope,
    Story,
    StoryLanguage,
    StoryPublicState,
    StoryRestriction,
    StoryStatus,
)
from articles.models.story import holds, live_condition, restriction_in_force
from articles.services.language import story_language_unpublish
from articles.services.restriction import (
    restriction_apply,
    restrictions_expire,
    restrictions_lift,
)
from tests.factories import (
    CategoryFactory,
    SourceFactory,
    StoryFactory,
    StoryLanguageFactory,
)

pytestmark = pytest.mark.django_db

STORIES = 60
MOMENTS = 20
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def random_offset(generator: random.Random) -> timedelta:
    """A time within four hours either side of the start, to the minute."""
    return timedelta(minutes=generator.randint(-240, 240))


def create_random_story(
    generator: random.Random, start, number: int, **shared
) -> Story:
    """Create a story in a random state, through the services that keep it."""
    status = generator.choice(StoryStatus.values)
    publish_at = start + random_offset(generator)
    unpublish_at = None
    if generator.random() < 0.4:
        unpublish_at = publish_at + timedelta(minutes=generator.randint(1, 240))
    story = StoryFactory(
        status=status,
        publish_at=publish_at if status != StoryStatus.DRAFT else None,
        unpublish_at=unpublish_at if status != StoryStatus.DRAFT else None,
        first_published_at=publish_at if status == StoryStatus.WITHDRAWN else None,
        withdrawal_reason="correction" if status == StoryStatus.WITHDRAWN else "",
        translated=generator.random() < 0.6,
        **shared,
    )
    translation = StoryLanguage.objects.filter(story=story).first()
    if translation is not None and generator.random() < 0.3:
        story_language_unpublish(story_language=translation, by=None)
    elif translation is None and generator.random() < 0.3:
        StoryLanguageFactory(
            story=story, status=generator.choice(["draft", "in-review"])
        )
    for restriction_number in range(generator.choice([0, 0, 1, 1, 2, 3])):
        add_random_restriction(
            generator, start, story, f"{number}-{restriction_number}"
        )
    return story


def add_random_restriction(generator: random.Random, start, story: Story, name: str):
    scope = generator.choice(RestrictionScope.values)
    restriction = restriction_apply(
        story=story,
        # Any row may be a restriction's cause; a group is the cheapest.
        cause=Group.objects.create(name=f"cause {name}"),
        reference=f"TD-{name}",
        reason="Copyright",
        scope=scope,
        language=generator.choice(LANGUAGES)
        if scope == RestrictionScope.LANGUAGE
        else "",
        by=None,
    )
    this_one = StoryRestriction.objects.filter(pk=restriction.pk)
    if generator.random() < 0.5:
        restrictions_expire(this_one, at=start + random_offset(generator))
    if generator.random() < 0.2:
        restrictions_lift(this_one, by=None, reason="Counter-notice upheld.")


def boundaries(stories: list[Story]) -> list:
    """Every time at which some story's visibility changes by itself."""
    times = set()
    for story in stories:
        times.update(filter(None, [story.publish_at, story.unpublish_at]))
    times.update(
        StoryRestriction.objects.filter(expires_at__isnull=False).values_list(
            "expires_at", flat=True
        )
    )
    return sorted(times)


def assert_columns_agree_with_rule(moment):
    for language in LANGUAGES:
        fast = set(Story.objects.published(language).values_list("pk", flat=True))
        by_rule = set(
            Story.objects.published_by_rule(language).values_list("pk", flat=True)
        )
        assert fast == by_rule, (moment, language, fast ^ by_rule)

        # The story page's flags, evaluated on each row in Python, against
        # the database evaluating the rule on the rows that decide it.
        live = set(
            Story.objects.filter(live_condition(moment)).values_list("pk", flat=True)
        )
        gone = set(Story.objects.ended().values_list("pk", flat=True))
        stories = Story.objects.annotate(
            hidden_by_rule=ExpressionWrapper(
                restriction_in_force(language), output_field=BooleanField()
            )
        )
        for story in stories:
            where = (moment, language, story.pk)
            assert story.is_restricted_in(language) == story.hidden_by_rule, where
            assert story.is_live == (story.pk in live), where
            assert story.is_gone == (story.pk in gone), where
            is_live = story.public_state(language) is StoryPublicState.LIVE
            assert is_live == (story.pk in by_rule), where


@pytest.mark.parametrize("seed", [1, 2])
def test_published_columns_agree_with_the_rule_at_every_moment(seed, time_machine):
    generator = random.Random(seed)  # noqa: S311 (test data, not secrets)
    start = timezone.now().replace(second=0, microsecond=0)
    time_machine.move_to(start, tick=False)
    shared = {"category": CategoryFactory(), "source": SourceFactory()}
    stories = [
        create_random_story(generator, start, number, **shared)
        for number in range(STORIES)
    ]

    moments = generator.sample(boundaries(stories), MOMENTS // 2)
    moments += [start + random_offset(generator) for _ in range(MOMENTS // 2)]
    for moment in sorted(moments):
        # Exactly at a boundary, and just before it.
        for at in (moment - timedelta(microseconds=1), moment):
            time_machine.move_to(at, tick=False)
            assert_columns_agree_with_rule(at)


def test_holds_compares_null_as_sql_does():
    story = Story(status=StoryStatus.PUBLISHED, publish_at=None, unpublish_at=None)
    now = timezone.now()
    assert not holds(Q(publish_at__lte=now), story)
    assert not holds(Q(unpublish_at__gt=now), story)
    assert holds(Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=now), story)
    assert not holds(Q(status=StoryStatus.PUBLISHED) & Q(publish_at__lte=now), story)


def test_holds_refuses_not_and_xor():
    # NOT NULL-comparison is unknown in SQL but would be true in Python.
    with pytest.raises(ValueError, match="not NOT"):
        holds(~Q(unpublish_at__gt=timezone.now()), Story())
    with pytest.raises(ValueError, match="or XOR"):
        holds(Q(unpublish_at=None) ^ Q(publish_at=None), Story())
