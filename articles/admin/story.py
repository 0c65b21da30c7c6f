from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, F, OuterRef, Prefetch, Subquery
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.admin import versions
from articles.admin.actions import PurgesPageCacheMixin, ServiceActionMixin
from articles.admin.display import zoned_time
from articles.admin.preview import preview_view
from articles.admin.translate import translate_view
from articles.forms.story import StoryAdminForm
from articles.models import (
    Category,
    HeroImage,
    PendingChanges,
    RestrictionScope,
    Source,
    Story,
    StoryLanguage,
    StoryLanguageStatus,
    StoryRestriction,
    StoryStatus,
)
from articles.services.changes import (
    story_changes_publish,
    story_changes_schedule,
    story_edit,
    story_with_changes,
)
from articles.services.editing import editing_heartbeat, editing_leave
from articles.services.story import story_publish, story_unpublish

# The translation shown in the story list; the site has one.
LIST_LANGUAGE = "zh-hans"

# Set by the system, never typed: shown read-only in the "History" section,
# times with their zone.
HISTORY_FIELDS = [
    "first_published_at_zoned",
    "revised_at_zoned",
    "withdrawn_at_zoned",
    "created_at_zoned",
    "created_by",
    "updated_at_zoned",
    "updated_by",
]


# Times typed in the form; shown with their zone where they are read-only.
ZONED_INPUTS = {"original_published_at", "publish_at", "unpublish_at"}


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
                return queryset.published("en")
            case "scheduled":
                return queryset.scheduled()
            case "ended":
                return queryset.ended()
        return queryset


class ChineseStatusFilter(admin.SimpleListFilter):
    """Where the Chinese version of each story stands."""

    title = _("Chinese version")
    parameter_name = "chinese"

    def lookups(self, request, model_admin):
        return [
            ("missing", _("Missing")),
            (StoryLanguageStatus.DRAFT, _("Draft")),
            (StoryLanguageStatus.IN_REVIEW, _("In review")),
            (StoryLanguageStatus.PUBLISHED, _("Published")),
            ("out-of-date", _("Out of date")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case None:
                return queryset
            case "missing":
                return queryset.filter(translation_status__isnull=True)
            case "out-of-date":
                return queryset.exclude(translation_source_hash="").exclude(
                    translation_source_hash=F("en_source_hash")
                )
            case status:
                return queryset.filter(translation_status=status)


SOURCE_FIELDSET = _("Source and attribution")
# The value of the change form's "Save and publish changes" button.
PUBLISH_CHANGES = "publish-changes"

# Shown in the list and on the form, oldest first; only Legal lifts them.
ACTIVE_RESTRICTIONS = StoryRestriction.objects.active().order_by("applied_at")


@admin.register(Story)
class StoryAdmin(ServiceActionMixin, admin.ModelAdmin):
    # Other apps add their fields to this fieldset by its name.
    SOURCE_FIELDSET = SOURCE_FIELDSET
    form = StoryAdminForm
    change_form_template = "admin/articles/story/change_form.html"
    list_display = [
        "title",
        "status_label",
        "restriction_label",
        "language_status",
        "category",
        "source",
        "publish_at_zoned",
        "updated_at_zoned",
    ]
    list_filter = [
        "status",
        PublicationFilter,
        ChineseStatusFilter,
        ("publish_at", admin.DateFieldListFilter),
        "category",
        "source",
    ]
    list_select_related = ["category", "source"]
    search_fields = [
        "title_en",
        "title_zh_hans",
        "slug",
        "summary_en",
        "byline_en",
        "byline_zh_hans",
        "original_url",
        "source__name_en",
    ]
    date_hierarchy = "publish_at"
    ordering = ["-updated_at"]
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["category", "source"]
    # The library's own list, with thumbnails and search, opens to choose.
    raw_id_fields = ["hero_image"]
    actions = ["publish_selected", "unpublish_selected"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title_en",
                    "slug",
                    # Hidden: the version the editor opened (no silent overwrite).
                    "edit_token",
                    "summary_en",
                    "body_en",
                    "byline_en",
                    "category",
                ]
            },
        ),
        (
            SOURCE_FIELDSET,
            {
                "fields": [
                    "source",
                    "original_url",
                    "original_published_at",
                ]
            },
        ),
        (_("Hero image"), {"fields": ["hero_image", "hero_image_card"]}),
        (
            _("Publishing"),
            {
                "fields": [
                    "status",
                    "publish_at",
                    "unpublish_at",
                    "is_noindex",
                    "withdrawal_reason",
                    "withdrawal_note_en",
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

    first_published_at_zoned = zoned_time(Story, "first_published_at")
    revised_at_zoned = zoned_time(Story, "revised_at")
    withdrawn_at_zoned = zoned_time(Story, "withdrawn_at")
    created_at_zoned = zoned_time(Story, "created_at")
    updated_at_zoned = zoned_time(Story, "updated_at")
    publish_at_zoned = zoned_time(Story, "publish_at")
    unpublish_at_zoned = zoned_time(Story, "unpublish_at")
    original_published_at_zoned = zoned_time(Story, "original_published_at")

    class Media:
        js = ["admin/articles/story_form.js"]
        css = {"all": ["admin/articles/story_form.css"]}

    def get_queryset(self, request):
        translations = StoryLanguage.objects.filter(
            story=OuterRef("pk"), language=LIST_LANGUAGE
        )
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "restrictions",
                    queryset=ACTIVE_RESTRICTIONS,
                    to_attr="active_restrictions",
                )
            )
            .annotate(
                translation_status=Subquery(translations.values("status")[:1]),
                translation_source_hash=Subquery(
                    translations.values("source_hash")[:1]
                ),
                has_pending_changes=Exists(
                    PendingChanges.objects.filter(story=OuterRef("pk"))
                ),
            )
        )

    def get_object(self, request, object_id, from_field=None):
        """Return the story as the editor left it: with its pending changes."""
        story = super().get_object(request, object_id, from_field)
        if story is not None:
            story_with_changes(story)
        return story

    def get_urls(self):
        return [
            path(
                "<path:object_id>/translate/<str:language>/",
                self.admin_site.admin_view(self.translate_view),
                name="articles_story_translate",
            ),
            path(
                "<path:object_id>/preview/<str:language>/",
                self.admin_site.admin_view(self.preview_view),
                name="articles_story_preview",
            ),
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="articles_story_compare",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name="articles_story_restore",
            ),
            path(
                "<path:object_id>/editing/",
                self.admin_site.admin_view(self.editing_view),
                name="articles_story_editing",
            ),
            *super().get_urls(),
        ]

    def translate_view(self, request, object_id, language):
        return translate_view(self, request, object_id, language)

    def preview_view(self, request, object_id, language):
        return preview_view(self, request, object_id, language)

    def history_view(self, request, object_id, extra_context=None):
        return versions.history_view(self, request, object_id)

    def compare_view(self, request, object_id):
        return versions.compare_view(self, request, object_id)

    def restore_view(self, request, object_id, version_id):
        return versions.restore_view(self, request, object_id, version_id)

    def editing_view(self, request, object_id):
        """Record the caller's open form (POST); answer who else has it open.

        Polled by story_form.js while the change form is open; `leave` in
        the POST says the form was closed.
        """
        if request.method != "POST":
            return JsonResponse({"error": "POST only"}, status=405)
        story = get_object_or_404(Story.objects.only("pk"), pk=object_id)
        if not self.has_change_permission(request, story):
            raise PermissionDenied
        if "leave" in request.POST:
            editing_leave(story_id=story.pk, user=request.user)
            return JsonResponse({"others": []})
        others = editing_heartbeat(story_id=story.pk, user=request.user)
        return JsonResponse({"others": others})

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The address in full, where the editor decides it.
        slug = obj.slug if obj is not None and obj.slug else "<slug>"
        address = f"{settings.SITE_URL}/story/{slug}/"
        kwargs["help_texts"] = {
            "slug": _(
                "The story’s address: %(address)s. Filled in from the headline; "
                "locked once the story has been published."
            )
            % {"address": address},
            **kwargs.get("help_texts", {}),
        }
        return super().get_form(request, obj, change, **kwargs)

    def restrictions_of(self, story):
        """Return `story`'s restrictions not lifted; get_queryset prefetches them."""
        if not hasattr(story, "active_restrictions"):
            story.active_restrictions = (
                list(ACTIVE_RESTRICTIONS.filter(story=story)) if story.pk else []
            )
        return story.active_restrictions

    def has_change_permission(self, request, obj=None):
        # A story whose English text is restricted is Legal's until lifted.
        if obj is not None and any(
            restriction.hides_text_in(settings.LANGUAGE_CODE)
            for restriction in self.restrictions_of(obj)
        ):
            return False
        return super().has_change_permission(request, obj)

    @admin.display(description=_("chosen image"))
    def hero_image_card(self, story):
        # Replaced by story_form.js when another image is chosen.
        card = ""
        if story is not None and story.hero_image is not None:
            card = self.admin_site.get_model_admin(HeroImage).card(story.hero_image)
        return format_html(
            '<div class="hero-chosen" id="hero-chosen" data-card-url="{}">{}</div>',
            reverse("admin:articles_heroimage_card", args=[0]),
            card or _("None chosen."),
        )

    def get_fieldsets(self, request, obj=None):
        # A time shown read-only names its zone: its "_zoned" display stands
        # in for the input when get_readonly_fields names it, or on a page the
        # user may only read.
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.holds_changes:
            # Readers have seen the story: edits wait, and may be scheduled.
            fieldsets = [
                (
                    name,
                    {**options, "fields": [*options["fields"], "publish_changes_at"]},
                )
                if name == _("Publishing")
                else (name, options)
                for name, options in fieldsets
            ]
        if obj is not None and not self.has_change_permission(request, obj):
            zoned = ZONED_INPUTS
        else:
            read_only = set(self.get_readonly_fields(request, obj))
            zoned = {name for name in ZONED_INPUTS if f"{name}_zoned" in read_only}
        return [
            (
                title,
                {
                    **options,
                    "fields": [
                        f"{name}_zoned" if name in zoned else name
                        for name in options["fields"]
                    ],
                },
            )
            for title, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = [*HISTORY_FIELDS, "hero_image_card"]
        if obj is not None and any(
            restriction.scope == RestrictionScope.HERO_IMAGE
            for restriction in self.restrictions_of(obj)
        ):
            readonly.append("hero_image")
        if not self.has_publish_permission(request):
            readonly += ["status", "publish_at_zoned", "unpublish_at_zoned"]
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

    def has_translate_permission(self, request):
        return request.user.has_perm("articles.translate_story")

    @admin.display(description=_("languages"))
    def language_status(self, story):
        """English, then Chinese: ✓ published, ✎ in progress, ⚠ out of date, — none."""
        english = "✓" if story.status == StoryStatus.PUBLISHED else "✎"
        status = story.translation_status
        if status is None:
            chinese, label = "—", _("No Chinese version")
        elif (
            story.translation_source_hash
            and story.translation_source_hash != story.en_source_hash
        ):
            chinese, label = "⚠", _("English changed since the Chinese was approved")
        elif status == StoryLanguageStatus.PUBLISHED:
            chinese, label = "✓", _("Chinese published")
        else:
            chinese = "✎"
            label = StoryLanguageStatus(status).label
        url = reverse("admin:articles_story_translate", args=[story.pk, LIST_LANGUAGE])
        return format_html(
            'EN {} · <a href="{}" title="{}">中 {}</a>', english, url, label, chinese
        )

    @admin.display(description=_("restriction"))
    def restriction_label(self, story):
        """What is restricted, and by which demand: "⚠ The whole story (TD-…)"."""
        return (
            format_html_join(
                "\n",
                '<span class="restriction-label">⚠ {} ({})</span>',
                (
                    (restriction.part_label, restriction.reference)
                    for restriction in story.active_restrictions
                ),
            )
            or "—"
        )

    def render_change_form(self, request, context, add=False, change=False, **kwargs):
        story = context.get("original")
        context["pending_changes"] = (
            story.pending_changes_or_none if story is not None else None
        )
        context["preview_languages"] = settings.LANGUAGES
        context["can_publish"] = self.has_publish_permission(request)
        context["restrictions"] = self.restrictions_of(story) if story else []
        if story is not None and self.has_change_permission(request, story):
            context["editing_url"] = reverse(
                "admin:articles_story_editing", args=[story.pk]
            )
        # Work in progress is kept in the browser under this name.
        context["autosave_key"] = (
            f"story:{story.pk if story else 'new'}:user:{request.user.pk}"
        )
        return super().render_change_form(request, context, add, change, **kwargs)

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, story):
        if story.status == StoryStatus.PUBLISHED and not story.has_been_public:
            return format_html(
                '<span title="{}">{}</span>',
                story.publish_at,
                _("Scheduled"),
            )
        if story.has_pending_changes:
            return format_html(
                "{} · <strong>{}</strong>",
                story.get_status_display(),
                _("changes pending"),
            )
        return story.get_status_display()

    def save_model(self, request, obj, form, change):
        story = story_edit(story=obj, by=request.user)
        if story.holds_changes and PendingChanges.objects.filter(story=story).exists():
            story_changes_schedule(
                story=story,
                by=request.user,
                publish_at=form.cleaned_data.get("publish_changes_at"),
            )

    def response_change(self, request, obj):
        if request.POST.get("_continue") != PUBLISH_CHANGES:
            return super().response_change(request, obj)
        if not self.has_publish_permission(request):
            raise PermissionDenied
        try:
            story_changes_publish(story=obj, by=request.user)
        except ValidationError as error:
            # The edit is saved; only publishing it was refused.
            self.message_user(
                request,
                _("Changes saved but not published: %(errors)s")
                % {"errors": " ".join(error.messages)},
                messages.ERROR,
            )
        else:
            self.message_user(
                request, _("Changes published: readers see them now."), messages.SUCCESS
            )
        return HttpResponseRedirect(request.path)

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

    def action_object_label(self, story):
        return f"“{story.title_en}”"


@admin.register(Source)
class SourceAdmin(PurgesPageCacheMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "usage_terms", "homepage_url", "is_blocked"]
    list_filter = ["kind", "usage_terms", "is_blocked"]
    search_fields = ["name_en", "name_zh_hans", "slug", "homepage_url"]
    prepopulated_fields = {"slug": ["name_en"]}
    fieldsets = [
        (
            None,
            {"fields": ["name_en", "name_zh_hans", "slug", "kind", "homepage_url"]},
        ),
        (
            _("Rights"),
            {
                "fields": [
                    "usage_terms",
                    "terms_note",
                    "attribution_template_en",
                    "attribution_template_zh_hans",
                    "rights_contact_email",
                    "is_blocked",
                    "auto_publish_summaries",
                ]
            },
        ),
    ]

    def get_changeform_initial_data(self, request):
        # The usual lines, ready to edit. Set here and not as a model default,
        # which modeltranslation would copy into every language.
        return {
            "attribution_template_en": "As reported by {source}",
            "attribution_template_zh_hans": "据{source}报道",
            **super().get_changeform_initial_data(request),
        }


@admin.register(Category)
class CategoryAdmin(PurgesPageCacheMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name_en", "name_zh_hans", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    fields = [
        "name_en",
        "name_zh_hans",
        "slug",
        "description_en",
        "description_zh_hans",
        "position",
    ]
