from datetime import timedelta

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.tasks import TaskResultStatus
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles.admin.story import StoryAdmin
from articles.admin_site import PANEL_ROWS, DeskPanel, DeskRow
from articles.models import Story, StoryStatus
from articles.zones import local_time
from ingest.clusters import duplicate_clusters_merge, feed_item_split
from ingest.models import DuplicateCluster, Feed, FeedItem
from ingest.services import feed_item_acknowledge_change
from ingest.tasks import poll_feed


class HealthFilter(admin.SimpleListFilter):
    title = _("health")
    parameter_name = "health"

    def lookups(self, request, model_admin):
        return [
            ("failing", _("Failing")),
            ("warning", _("With warnings")),
            ("healthy", _("Healthy")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "failing":
                return queryset.failing()
            case "warning":
                return queryset.with_warnings()
            case "healthy":
                return queryset.healthy()
        return queryset


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = [
        "url",
        "source",
        "language",
        "is_active",
        "last_success_at",
        "consecutive_failures",
        "items_last_day",
        "duplicate_rate",
        "error",
        "warning",
    ]
    list_filter = [HealthFilter, "is_active", "language", "source"]
    list_select_related = ["source"]
    search_fields = ["url", "source__name"]
    autocomplete_fields = ["source", "default_category"]
    actions = ["fetch_now"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "source",
                    "url",
                    "language",
                    "default_category",
                    "is_active",
                    "poll_interval_minutes",
                ]
            },
        ),
        (
            _("Health"),
            {
                "fields": [
                    "next_poll_at",
                    "last_polled_at",
                    "last_success_at",
                    "last_http_status",
                    "consecutive_failures",
                    "last_error",
                    "last_warning",
                    "etag",
                    "last_modified",
                ]
            },
        ),
    ]
    readonly_fields = [
        "last_polled_at",
        "last_success_at",
        "last_http_status",
        "consecutive_failures",
        "last_error",
        "last_warning",
        "etag",
        "last_modified",
    ]

    def get_queryset(self, request):
        day_ago = timezone.now() - timedelta(days=1)
        return (
            super()
            .get_queryset(request)
            .annotate(
                recent_items=Count("items", filter=Q(items__fetched_at__gte=day_ago)),
                total_items=Count("items"),
                duplicate_items=Count("items", filter=Q(items__story__isnull=True)),
            )
        )

    @admin.display(description=_("items in 24 h"), ordering="recent_items")
    def items_last_day(self, feed):
        return feed.recent_items

    @admin.display(description=_("duplicates"))
    def duplicate_rate(self, feed):
        if not feed.total_items:
            return "–"
        return f"{feed.duplicate_items / feed.total_items:.0%}"

    @admin.display(description=_("last error"))
    def error(self, feed):
        return Truncator(feed.last_error).chars(80)

    @admin.display(description=_("last warning"))
    def warning(self, feed):
        return Truncator(feed.last_warning).chars(80)

    @admin.action(
        description=_("Fetch now"),
        permissions=["change"],
        location=[admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM],
    )
    def fetch_now(self, request, queryset):
        queued = 0
        for feed in queryset:
            result = poll_feed.enqueue(feed_id=feed.pk)
            if result.status == TaskResultStatus.SUCCESSFUL:
                summary = result.return_value["summary"]
                if result.return_value["status"] == "failed":
                    level = messages.ERROR
                elif result.return_value["warning"]:
                    level = messages.WARNING
                else:
                    level = messages.SUCCESS
                self.message_user(request, f"{feed}: {summary}", level)
            elif result.status == TaskResultStatus.FAILED:
                self.message_user(
                    request,
                    _("%(feed)s: the poll failed.") % {"feed": feed},
                    messages.ERROR,
                )
            else:
                queued += 1
        if queued:
            message = ngettext(
                "%d feed queued for fetching.", "%d feeds queued for fetching.", queued
            )
            self.message_user(request, message % queued, messages.SUCCESS)


def confirmation(request, model_admin, *, title, question, confirm, items):
    """Return the page asking an editor to confirm an action on `items`.

    It posts the same form again with `post=yes`, as Django's own "delete
    selected" does.
    """
    posted = [
        (name, value)
        for name, values in request.POST.lists()
        if name != "csrfmiddlewaretoken"
        for value in values
    ]
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        "question": question,
        "confirm": confirm,
        "items": items,
        "posted": posted,
    }
    return TemplateResponse(request, "admin/ingest/confirm_action.html", context)


def cluster_items(queryset):
    """Return the items of clusters, earliest report first, with their sources."""
    return queryset.select_related("feed__source").order_by(
        "cluster_id", Coalesce("published_at", "fetched_at"), "pk"
    )


class FeedItemInline(admin.TabularInline):
    model = FeedItem
    fields = ["title", "source_name", "original", "story", "published_at", "fetched_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("feed__source", "story")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("source"))
    def source_name(self, item):
        return item.feed.source.name

    @admin.display(description=_("original"))
    def original(self, item):
        return format_html('<a href="{0}" rel="noreferrer">{0}</a>', item.url)


@admin.register(DuplicateCluster)
class DuplicateClusterAdmin(admin.ModelAdmin):
    list_display = ["__str__", "item_count", "source_count", "created_at"]
    inlines = [FeedItemInline]
    actions = ["merge"]

    def has_merge_permission(self, request):
        # Merging moves items between clusters: an item change.
        return request.user.has_perm("ingest.change_feeditem")

    @admin.action(description=_("Merge selected clusters"), permissions=["merge"])
    def merge(self, request, queryset):
        clusters = list(queryset)
        if "post" not in request.POST:
            return confirmation(
                request,
                self,
                title=_("Merge clusters"),
                question=_(
                    "These items will become one story: the earliest cluster's "
                    "draft, crediting every outlet. The other clusters' drafts "
                    "are deleted."
                ),
                confirm=_("Yes, merge them"),
                items=cluster_items(FeedItem.objects.filter(cluster__in=clusters)),
            )
        try:
            kept = duplicate_clusters_merge(clusters=clusters, by=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return None
        self.log_change(
            request,
            kept,
            _("Merged clusters %(ids)s into it.")
            % {"ids": ", ".join(str(cluster.pk) for cluster in clusters)},
        )
        self.message_user(
            request, _("Merged into %(cluster)s.") % {"cluster": kept}, messages.SUCCESS
        )
        return None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FeedItem)
class FeedItemAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "feed",
        "story",
        "cluster",
        "published_at",
        "fetched_at",
        "has_upstream_change",
        "dated_in_future",
    ]
    list_filter = ["has_upstream_change", "dated_in_future", "feed__source", "feed"]
    list_select_related = ["feed__source", "story", "cluster"]
    search_fields = ["title", "url", "guid"]
    date_hierarchy = "fetched_at"
    actions = ["acknowledge_change", "split"]
    readonly_fields = [
        "feed",
        "guid",
        "url",
        "canonical_url",
        "title",
        "summary",
        "content",
        "author",
        "published_at",
        "dated_in_future",
        "image_url",
        "cluster",
        "story",
        "fetched_at",
        "has_upstream_change",
    ]
    exclude = ["content_hash", "simhash", "band0", "band1", "band2", "band3"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(
        description=_("Mark source changes as reviewed"),
        permissions=["change"],
        location=[admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM],
    )
    def acknowledge_change(self, request, queryset):
        items = list(queryset.filter(has_upstream_change=True))
        for item in items:
            feed_item_acknowledge_change(item=item)
        message = ngettext("%d item reviewed.", "%d items reviewed.", len(items))
        self.message_user(request, message % len(items), messages.SUCCESS)

    @admin.action(
        description=_("Split off from its cluster"),
        permissions=["change"],
        location=[admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM],
    )
    def split(self, request, queryset):
        items = list(cluster_items(queryset))
        if "post" not in request.POST:
            return confirmation(
                request,
                self,
                title=_("Split off from the cluster"),
                question=_(
                    "Each item will be a story of its own, with its own draft, "
                    "and will never be clustered with the items it leaves again."
                ),
                confirm=_("Yes, split them off"),
                items=items,
            )
        for item in items:
            try:
                feed_item_split(item=item, by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                continue
            self.log_change(request, item, _("Split off from its cluster."))
            self.message_user(
                request,
                _("“%(item)s” is a story of its own now.") % {"item": item},
                messages.SUCCESS,
            )
        return None


SOURCE_FIELDSET = StoryAdmin.SOURCE_FIELDSET
SOURCE_FIELDS = ["also_reported", "source_changes"]


class ImportedFilter(admin.SimpleListFilter):
    """The editors' queue of stories that came from feeds."""

    title = _("imported")
    parameter_name = "imported"

    def lookups(self, request, model_admin):
        return [
            ("review", _("Imported, awaiting review")),
            ("changed", _("Imported, changed at the source")),
            ("all", _("All imported")),
        ]

    def queryset(self, request, queryset):
        items = FeedItem.objects.filter(story=OuterRef("pk"))
        match self.value():
            case "review":
                return queryset.filter(Exists(items), status=StoryStatus.DRAFT)
            case "changed":
                return queryset.filter(Exists(items.filter(has_upstream_change=True)))
            case "all":
                return queryset.filter(Exists(items))
        return queryset


def also_reported_by(story) -> str:
    """Render every outlet's item in the story's cluster side by side:
    source, headline, date and link, each with its feed item page, where an
    editor can split it off."""
    if story is None or story.pk is None:
        return "–"
    items = cluster_items(FeedItem.objects.filter(cluster__items__story=story))
    if len(items) < 2:
        return _("No other feed has reported this story.")
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td><a href='{}'>{}</a></td><td>{}</td>"
        "<td><a href='{}' rel='noreferrer'>{}</a></td></tr>",
        (
            (
                item.feed.source.name,
                reverse("admin:ingest_feeditem_change", args=[item.pk]),
                item.title,
                date_format(timezone.localtime(item.published_at), "DATETIME_FORMAT")
                if item.published_at
                else "–",
                item.url,
                _("original"),
            )
            for item in items
        ),
    )
    return format_html(
        "<table class='cluster-sources'><thead><tr><th scope='col'>{}</th>"
        "<th scope='col'>{}</th><th scope='col'>{}</th><th scope='col'>{}</th>"
        "</tr></thead><tbody>{}</tbody></table>",
        _("Source"),
        _("Headline"),
        _("Published"),
        _("Link"),
        rows,
    )


def upstream_changes(story) -> str:
    """Say whether the source changed the entry after import."""
    if story is None or story.pk is None:
        return "–"
    changed = story.feed_items.filter(has_upstream_change=True)
    if not changed:
        return _("No.")
    return format_html_join(
        "",
        '<p><a href="{}">{}</a></p>',
        (
            (
                reverse("admin:ingest_feeditem_change", args=[item.pk]),
                _("Changed at the source: compare “%(title)s” and edit the story.")
                % {"title": item.title},
            )
            for item in changed
        ),
    )


admin.site.unregister(Story)


@admin.register(Story)
class ImportedStoryAdmin(StoryAdmin):
    """The story admin, with what the feeds say about each story.

    Registered over the articles app's own, as django.contrib.auth's
    UserAdmin is extended: stories know nothing of feeds.
    """

    list_filter = [
        *StoryAdmin.list_filter[:3],
        ImportedFilter,
        *StoryAdmin.list_filter[3:],
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return [
            (name, {**options, "fields": [*options["fields"], *SOURCE_FIELDS]})
            if name == SOURCE_FIELDSET
            else (name, options)
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *SOURCE_FIELDS]

    @admin.display(description=_("also reported by"))
    def also_reported(self, story):
        return also_reported_by(story)

    @admin.display(description=_("changed at the source"))
    def source_changes(self, story):
        return upstream_changes(story)


@admin.site.register_desk_panel
def imported_drafts_waiting(request):
    """Drafts made from feed entries that no editor has published yet."""
    if not request.user.has_perm("articles.change_story"):
        return None
    waiting = (
        Story.objects.filter(
            Exists(FeedItem.objects.filter(story=OuterRef("pk"))),
            status=StoryStatus.DRAFT,
        )
        .only("id", "title_en", "created_at")
        .order_by("-created_at")[: PANEL_ROWS + 1]
    )
    return DeskPanel(
        title=gettext("Imported drafts waiting"),
        rows=[
            DeskRow(
                story.title_en,
                reverse("admin:articles_story_change", args=[story.pk]),
                gettext("imported %(time)s") % {"time": local_time(story.created_at)},
            )
            for story in waiting
        ],
        empty=gettext("No imported draft waits for review."),
        more_url=reverse("admin:articles_story_changelist") + "?imported=review",
    )
