"""The other outlets a story credits beside its source, and their count.

`Story.credit_count` lets the story page skip reading the credits of the
many stories that credit no other outlet. This is the one writer of
StoryCredit rows, so the count never disagrees with them.
"""

from django.db import transaction

from articles.models import Story, StoryCredit, StoryStatus
from articles.services.story import story_readers_see_change


@transaction.atomic
def story_credits_replace(*, story: Story, credits: list[StoryCredit]) -> None:
    """Make unsaved `credits` the outlets `story` credits, instead of its own.

    The count is saved at once, without `save()` (so `updated_at` stays, as
    for the visibility columns), and set on `story`; readers of a published
    story see the new credits.
    """
    story.credits.all().delete()
    StoryCredit.objects.bulk_create(credits)
    story.credit_count = len(credits)
    Story.objects.filter(pk=story.pk).update(credit_count=story.credit_count)
    if story.status == StoryStatus.PUBLISHED:
        story_readers_see_change(story=story)
