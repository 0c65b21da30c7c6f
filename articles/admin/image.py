import logging

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.admin.display import zoned_time
from articles.exceptions import MediaStorageError
from articles.forms.image import HeroImageForm
from articles.models import HeroImage
from articles.services.image import (
    hero_image_create,
    hero_image_delete,
    hero_image_replace,
    hero_image_update,
)

logger = logging.getLogger("articles.images")


@admin.register(HeroImage)
class HeroImageAdmin(admin.ModelAdmin):
    form = HeroImageForm
    list_display = [
        "thumbnail",
        "alt_text_en",
        "credit_en",
        "licence",
        "created_at_zoned",
    ]
    list_display_links = ["thumbnail", "alt_text_en"]
    list_filter = ["licence", ("created_at", admin.DateFieldListFilter)]
    date_hierarchy = "created_at"
    search_fields = [
        "alt_text_en",
        "alt_text_zh_hans",
        "caption_en",
        "credit_en",
        "credit_zh_hans",
    ]
    readonly_fields = [
        "preview",
        "social_preview",
        "dimensions",
        "sha256",
        "uploaded_by",
        "created_at_zoned",
        "updated_at_zoned",
    ]
    fieldsets = [
        # English only: the Chinese alt text and caption are written in the
        # Translate view of a story that uses the image.
        (
            None,
            {"fields": ["image", "preview", "alt_text_en", "caption_en", "credit_en"]},
        ),
        (_("Rights"), {"fields": ["licence", "licence_url", "source_url"]}),
        (
            _("Focal point"),
            {
                "description": _(
                    "The point that must stay in view when the picture is "
                    "cropped, as for the social card below."
                ),
                "fields": ["focal_x", "focal_y", "social_preview"],
            },
        ),
        (
            _("History"),
            {
                "classes": ["collapse"],
                "fields": [
                    "dimensions",
                    "sha256",
                    "uploaded_by",
                    "created_at_zoned",
                    "updated_at_zoned",
                ],
            },
        ),
    ]

    created_at_zoned = zoned_time(HeroImage, "created_at")
    updated_at_zoned = zoned_time(HeroImage, "updated_at")

    def get_urls(self):
        return [
            path(
                "<path:object_id>/card/",
                self.admin_site.admin_view(self.card_view),
                name="articles_heroimage_card",
            ),
            *super().get_urls(),
        ]

    def card_view(self, request, object_id):
        """Answer what the story form shows of a chosen image (story_form.js)."""
        hero_image = get_object_or_404(HeroImage, pk=object_id)
        if not self.has_view_permission(request, hero_image):
            raise PermissionDenied
        return JsonResponse({"card": self.card(hero_image)})

    def card(self, hero_image):
        """Return the thumbnail, alt text and credit of `hero_image`, as HTML."""
        return format_html(
            "{}<p><strong>{}</strong> {}<br><strong>{}</strong> {}</p>",
            self.thumbnail(hero_image),
            _("Alt text:"),
            hero_image.alt_text_en,
            _("Credit:"),
            hero_image.credit_en or _("none: publishing is blocked until it has one"),
        )

    @admin.display(description=_("picture"))
    def thumbnail(self, hero_image):
        rendition = hero_image.thumbnail
        if rendition is None:
            return "—"
        return format_html(
            '<img src="{}" width="120" height="{}" alt="" loading="lazy">',
            hero_image.url_of(rendition),
            round(120 * rendition["height"] / rendition["width"]),
        )

    @admin.display(description=_("preview"))
    def preview(self, hero_image):
        renditions = [
            rendition
            for rendition in hero_image.renditions_as("jpg")
            if rendition["width"] <= 960
        ]
        if not renditions:
            return "—"
        return self.shown_at_most_480(
            hero_image.url_of(renditions[-1]), renditions[-1], hero_image.alt_text
        )

    @admin.display(description=_("social card"))
    def social_preview(self, hero_image):
        if not hero_image.social:
            return "—"
        return self.shown_at_most_480(
            hero_image.url_of(hero_image.social), hero_image.social, ""
        )

    def shown_at_most_480(self, url, stored_file, alt_text):
        # Sized by attributes, not a style: the admin's CSP allows no inline
        # styles.
        width = min(480, stored_file["width"])
        height = round(width * stored_file["height"] / stored_file["width"])
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}">',
            url,
            width,
            height,
            alt_text,
        )

    @admin.display(description=_("size"))
    def dimensions(self, hero_image):
        return f"{hero_image.master_width} × {hero_image.master_height}"

    def changeform_view(self, request, *args, **kwargs):
        try:
            return super().changeform_view(request, *args, **kwargs)
        except MediaStorageError:
            # The service deleted what it wrote and the row rolled back with
            # the admin's transaction: nothing is half-saved, so the editor
            # may simply try again.
            logger.exception("hero image not stored")
            self.message_user(
                request,
                _(
                    "The picture could not be stored: the media storage did not "
                    "answer or refused it. Nothing was saved. Try again in a few "
                    "minutes, and tell the site's operators if it keeps failing."
                ),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data.get("image")
        if not change:
            hero_image_create(hero_image=obj, upload=upload, by=request.user)
        elif upload:
            hero_image_replace(hero_image=obj, upload=upload, by=request.user)
        else:
            hero_image_update(hero_image=obj, by=request.user)
        if upload:
            self.warn_about_copies(request, obj)

    def warn_about_copies(self, request, hero_image):
        copy = (
            HeroImage.objects.filter(sha256=hero_image.sha256)
            .exclude(pk=hero_image.pk)
            .first()
        )
        if copy is not None:
            self.message_user(
                request,
                _("The same file is already in the library as “%(copy)s”.")
                % {"copy": copy},
                messages.WARNING,
            )

    def delete_model(self, request, obj):
        hero_image_delete(hero_image=obj)

    def delete_queryset(self, request, queryset):
        for hero_image in queryset:
            hero_image_delete(hero_image=hero_image)
