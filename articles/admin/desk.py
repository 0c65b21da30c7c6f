"""The newsroom's panels on the admin index: one query each."""

from datetime import datetime, time, timedelta

from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.admin_site import PANEL_ROWS, DeskPanel, DeskRow
from articles.models import Story, StoryLanguage, StoryLanguageStatus, StoryStatus
from articles.zones import local_time

CHANGELIST = "admin:articles_story_changelist"


def story_row(story, note=""):
    return DeskRow(
        story.title_en, reverse("admin:articles_story_change", args=[story.pk]), note
    )


@admin.site.register_desk_panel
def my_drafts(request):
    """The drafts the user started or last changed."""
    if not request.user.has_perm("articles.change_story"):
        return None
    user = request.user
    drafts = (
        Story.objects.filter(status=StoryStatus.DRAFT)
        .filter(Q(created_by=user) | Q(updated_by=user))
        .only("id", "title_en", "updated_at")
        .order_by("-updated_at")[: PANEL_ROWS + 1]
    )
    return DeskPanel(
        title=_("My drafts"),
        rows=[
            story_row(
                story, _("saved %(time)s") % {"time": local_time(story.updated_at)}
            )
            for story in drafts
        ],
        empty=_("No drafts of yours."),
        more_url=reverse(CHANGELIST) + f"?status__exact={StoryStatus.DRAFT}",
    )


@admin.site.register_desk_panel
def translations_to_review(request):
    """Translations submitted for review, for those who may publish them."""
    if not request.user.has_perm("articles.publish_story"):
        return None
    submitted = (
        StoryLanguage.objects.filter(status=StoryLanguageStatus.IN_REVIEW)
        .select_related("story")
        .only("language", "updated_at", "story__id", "story__title_en")
        .order_by("updated_at")[: PANEL_ROWS + 1]
    )
    return DeskPanel(
        title=_("Translations to review"),
        rows=[
            DeskRow(
                story_language.story.title_en,
                reverse(
                    "admin:articles_story_translate",
                    args=[story_language.story.pk, story_language.language],
                ),
                _("submitted %(time)s")
                % {"time": local_time(story_language.updated_at)},
            )
            for story_language in submitted
        ],
        empty=_("No translations wait for review."),
        more_url=reverse(CHANGELIST) + f"?chinese={StoryLanguageStatus.IN_REVIEW}",
    )


@admin.site.register_desk_panel
def scheduled_today(request):
    """Stories that go live later today, in the page's time zone."""
    if not request.user.has_perm("articles.view_story"):
        return None
    today = timezone.localdate()
    end_of_day = timezone.make_aware(
        datetime.combine(today + timedelta(days=1), time.min)
    )
    scheduled = (
        Story.objects.scheduled()
        .filter(publish_at__lt=end_of_day)
        .only("id", "title_en", "publish_at")
        .order_by("publish_at")[: PANEL_ROWS + 1]
    )
    return DeskPanel(
        title=_("Scheduled today"),
        rows=[story_row(story, local_time(story.publish_at)) for story in scheduled],
        empty=_("Nothing else is scheduled today."),
        more_url=reverse(CHANGELIST) + "?visibility=scheduled",
    )
