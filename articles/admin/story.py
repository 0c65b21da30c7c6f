from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.admin.ingest import ImportedFilter, also_reported_by, upstream_changes
from articles.forms.story import StoryAdminForm
from articles.models import Category, HeroImage, Source, Story, StoryStatus
from articles.services.story import story_publish, story_save, story_unpublish

# Set by the system, never typed: shown read-only in the "History" section.
HISTORY_FIELDS = [
    "first_published_at",
    "revised_at",
    "withdrawn_at",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
]


class PublicationFilter(admin.SimpleListFilter):
    """Where a published story stands against its publication window."""

    title = _("visibility")
    parameter_name = "visibility"

    def lookups(self, request, model_admin):
        return [
            ("live", _("Live now")),
            ("scheduled", _("Scheduled")),
            ("ended", _("Withdrawn or expired")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "live":
                return queryset.published()
            case "scheduled":
                return queryset.scheduled()
            case "ended":
                return queryset.ended()
        return queryset


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    form = StoryAdminForm
    list_display = [
        "title",
        "status_label",
        "category",
        "source",
        "publish_at",
        "updated_at",
    ]
    list_filter = [
        "status",
        PublicationFilter,
        ImportedFilter,
        ("publish_at", admin.DateFieldListFilter),
        "category",
        "source",
    ]
    list_select_related = ["category", "source"]
    search_fields = [
        "title",
        "slug",
        "summary",
        "byline",
        "original_url",
        "source__name",
    ]
    date_hierarchy = "publish_at"
    ordering = ["-updated_at"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["category", "source", "hero_image"]
    actions = ["publish_selected", "unpublish_selected"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "byline", "category"]}),
        (
            _("Source and attribution"),
            {
                "fields": [
                    "source",
                    "original_url",
                    "original_published_at",
                    "attribution",
                    "also_reported",
                    "source_changes",
                ]
            },
        ),
        (_("Hero image"), {"fields": ["hero_image"]}),
        (
            _("Publishing"),
            {
                "fields": [
                    "status",
                    "publish_at",
                    "unpublish_at",
                    "withdrawal_reason",
                    "withdrawal_note",
                ]
            },
        ),
        (
            _("History"),
            {
                "classes": ["collapse"],
                "fields": HISTORY_FIELDS,
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = [*HISTORY_FIELDS, "also_reported", "source_changes"]
        if not self.has_publish_permission(request):
            readonly += ["status", "publish_at", "unpublish_at"]
        if obj is not None and obj.has_been_public:
            # Readers and other sites link to it: the address must not move.
            readonly.append("slug")
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and obj.has_been_public:
            return {}
        return super().get_prepopulated_fields(request, obj)

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_story")

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, story):
        if story.status == StoryStatus.PUBLISHED and not story.has_been_public:
            return format_html(
                '<span title="{}">{}</span>',
                story.publish_at,
                _("Scheduled"),
            )
        return story.get_status_display()

    @admin.display(description=_("also reported by"))
    def also_reported(self, story):
        return also_reported_by(story)

    @admin.display(description=_("changed at the source"))
    def source_changes(self, story):
        return upstream_changes(story)

    def save_model(self, request, obj, form, change):
        story_save(story=obj, by=request.user)

    @admin.action(
        description=_("Publish selected stories"),
        permissions=["publish"],
        location=[admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM],
    )
    def publish_selected(self, request, queryset):
        self.apply_to_each(
            request,
            queryset,
            lambda story: story_publish(story=story, by=request.user),
            lambda count: ngettext(
                "%d story published.", "%d stories published.", count
            ),
        )

    @admin.action(
        description=_("Unpublish selected stories"),
        permissions=["publish"],
        location=[admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM],
    )
    def unpublish_selected(self, request, queryset):
        self.apply_to_each(
            request,
            queryset,
            lambda story: story_unpublish(story=story, by=request.user),
            lambda count: ngettext(
                "%d story unpublished.", "%d stories unpublished.", count
            ),
        )

    def apply_to_each(self, request, queryset, service, summary):
        """Run `service` on each story; report what failed, story by story."""
        done = 0
        for story in queryset:
            try:
                service(story)
            except ValidationError as error:
                self.message_user(
                    request,
                    _("“%(title)s”: %(errors)s")
                    % {"title": story.title, "errors": " ".join(error.messages)},
                    messages.ERROR,
                )
            else:
                done += 1
        if done:
            self.message_user(request, summary(done) % done, messages.SUCCESS)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "usage_terms", "homepage_url", "is_blocked"]
    list_filter = ["kind", "usage_terms", "is_blocked"]
    search_fields = ["name", "slug", "homepage_url"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "homepage_url"]}),
        (
            _("Rights"),
            {
                "fields": [
                    "usage_terms",
                    "terms_note",
                    "attribution_template",
                    "rights_contact_email",
                    "is_blocked",
                    "auto_publish_summaries",
                ]
            },
        ),
    ]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(HeroImage)
class HeroImageAdmin(admin.ModelAdmin):
    list_display = ["alt_text", "credit", "licence", "width", "height", "created_at"]
    list_filter = ["licence"]
    search_fields = ["alt_text", "caption", "credit"]
    readonly_fields = ["width", "height", "uploaded_by", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
