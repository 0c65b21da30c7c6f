"""A story's history: every saved version, compared side by side, restored.

The versions are django-reversion's (articles.services.history). Restoring
one calls articles.services.changes, which holds it as pending changes on a
story readers have seen.
"""

from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from articles.diff import diff_text
from articles.models import Category, HeroImage, Source, Story
from articles.services.changes import story_version_restore
from articles.services.history import VERSIONED_FIELDS, story_versions

# Related rows a version names by id; the comparison shows their names.
RELATED_MODELS = {"category": Category, "source": Source, "hero_image": HeroImage}


def history_view(model_admin, request, object_id):
    story = get_story(model_admin, request, object_id)
    versions = list(story_versions(story))
    context = {
        **story_context(model_admin, request, story),
        "title": _("History of “%(title)s”") % {"title": story.title_en},
        "versions": versions,
        "can_restore": model_admin.has_change_permission(request, story),
    }
    return TemplateResponse(request, "admin/articles/story/history.html", context)


def compare_view(model_admin, request, object_id):
    story = get_story(model_admin, request, object_id)
    try:
        ids = [int(request.GET["before"]), int(request.GET["after"])]
    except (KeyError, ValueError):
        ids = []
    found = {
        version.pk: version for version in story_versions(story).filter(pk__in=ids)
    }
    if len(ids) != 2 or ids[0] == ids[1] or set(ids) - set(found):
        messages.error(request, _("Choose two versions of this story to compare."))
        return HttpResponseRedirect(
            reverse("admin:articles_story_history", args=[story.pk])
        )
    before, after = found[ids[0]], found[ids[1]]
    if before.revision.date_created > after.revision.date_created:
        before, after = after, before
    context = {
        **story_context(model_admin, request, story),
        "title": _("Compare versions of “%(title)s”") % {"title": story.title_en},
        "before": before,
        "after": after,
        "fields": compare(before.field_dict, after.field_dict),
        "can_restore": model_admin.has_change_permission(request, story),
    }
    return TemplateResponse(request, "admin/articles/story/compare.html", context)


def restore_view(model_admin, request, object_id, version_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    story = get_story(model_admin, request, object_id)
    if not model_admin.has_change_permission(request, story):
        raise PermissionDenied
    version = get_object_or_404(story_versions(story), pk=version_id)
    try:
        restored = story_version_restore(story=story, version=version, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(
            reverse("admin:articles_story_history", args=[story.pk])
        )
    if restored.holds_changes:
        messages.success(
            request,
            _(
                "The version of %(time)s is restored as pending changes. Readers "
                "see the published version until you publish them."
            )
            % {"time": display(version.revision.date_created)},
        )
    else:
        messages.success(request, _("The earlier version is restored."))
    return HttpResponseRedirect(reverse("admin:articles_story_change", args=[story.pk]))


def get_story(model_admin, request, object_id):
    story = model_admin.get_object(request, object_id)
    if story is None:
        raise Http404("No such story.")
    if not model_admin.has_view_or_change_permission(request, story):
        raise PermissionDenied
    return story


def story_context(model_admin, request, story):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "story": story,
    }


def compare(before: dict, after: dict) -> list[tuple[str, list]]:
    """Return (label, diff rows) for each versioned field that differs."""
    names = related_names(before, after)
    fields = []
    for name in VERSIONED_FIELDS:
        field = Story._meta.get_field(name)
        old, new = before.get(field.attname), after.get(field.attname)
        if name in RELATED_MODELS:
            old, new = names.get((name, old), ""), names.get((name, new), "")
        old, new = display(old), display(new)
        # Compared as shown: times differ below the minute editors type.
        if old == new:
            continue
        # modeltranslation's verbose names already say the language: "[en]".
        fields.append(
            (
                str(field.verbose_name),
                diff_text(old, new, is_html=name.startswith("body")),
            )
        )
    return fields


def related_names(before: dict, after: dict) -> dict:
    """Name the category, source and image of both versions, a query each."""
    names = {}
    for name, model in RELATED_MODELS.items():
        attname = Story._meta.get_field(name).attname
        ids = {before.get(attname), after.get(attname)} - {None}
        for row in model.objects.filter(pk__in=ids):
            names[(name, row.pk)] = str(row)
    return names


def display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    return str(value)
