"""Preview a story as readers will see it, from its change form.

GET shows the story with its pending changes; POST shows the change form's
unsaved values ("Preview" before saving). Either way the public story
template renders an unsaved Story, in the language asked for, and nothing
is written. Staff only; never stored by any cache, never indexed.
"""

import zoneinfo

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from modeltranslation.utils import build_localized_fieldname

from articles.models import Category, Story
from articles.services.changes import story_with_changes


def preview_view(model_admin, request, object_id, language):
    if language not in dict(settings.LANGUAGES):
        raise Http404("No such language.")
    story = get_object_or_404(Story.objects.with_page_data(), pk=object_id)
    if not model_admin.has_view_or_change_permission(request, story):
        raise PermissionDenied
    story_with_changes(story)
    if request.method == "POST":
        if not model_admin.has_change_permission(request, story):
            raise PermissionDenied
        form_class = model_admin.get_form(request, story, change=True)
        # Validation copies each valid field onto the story; a field with an
        # error keeps its saved value, and the form itself is not saved. It
        # locks the story's row for its version check: in a transaction.
        with transaction.atomic():
            form_class(request.POST, request.FILES, instance=story).is_valid()
    story.clean_bodies()
    story.fetch_credits()
    text = getattr(story, build_localized_fieldname("body", language))
    is_untranslated = language != settings.LANGUAGE_CODE and not text
    context = {
        "story": story,
        "is_story_page": True,
        "is_preview": True,
        "is_untranslated": is_untranslated,
        "text_language": settings.LANGUAGE_CODE if is_untranslated else language,
        "navigation_categories": list(Category.objects.all()),
    }
    zone = settings.LANGUAGE_TIME_ZONES.get(language, settings.TIME_ZONE)
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(zone)):
        response = TemplateResponse(request, "articles/story_detail.html", context)
        response.render()
    # Unpublished text: no shared cache may keep it, no search engine index it.
    patch_cache_control(response, private=True, no_store=True)
    response.headers["X-Robots-Tag"] = "noindex"
    return response
