"""The Translate view: English on the left, one translation on the right.

Reached from the story list ("中 ✎") and the story's change page. Translators
(`translate_story`) save drafts and submit them for review; editors
(`publish_story`) also publish, unpublish and confirm a translation after an
English edit. Each button calls one service in articles.services.language.
"""

import re

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.utils import build_localized_fieldname

from articles.forms.story import TranslateForm
from articles.models import StoryLanguage, StoryLanguageStatus
from articles.models.story import TRANSLATION_LANGUAGES
from articles.services.changes import (
    story_changes_publish,
    story_language_edit,
    story_with_changes,
)
from articles.services.language import (
    IMAGE_TEXT_FIELDS,
    STORY_TEXT_FIELDS,
    story_language_acknowledge,
    story_language_publish,
    story_language_submit,
    story_language_unpublish,
)


def publish_changes(*, story_language, by):
    """Publish the story's pending changes, this translation's among them."""
    story_changes_publish(story=story_language.story, by=by)


# Button name -> (service, needs publish permission, message when done).
ACTIONS = {
    "_submit": (story_language_submit, False, gettext_lazy("Submitted for review.")),
    "_publish": (story_language_publish, True, gettext_lazy("Published.")),
    "_unpublish": (story_language_unpublish, True, gettext_lazy("Unpublished.")),
    "_acknowledge": (
        story_language_acknowledge,
        True,
        gettext_lazy("Marked as still accurate for the current English."),
    ),
    "_publish_changes": (
        publish_changes,
        True,
        gettext_lazy("Changes published: readers see them now."),
    ),
}

# Splits a body after each closing block tag, so paragraphs line up.
BLOCK_END = re.compile(r"(</(?:p|h2|h3|h4|ul|ol|blockquote|table|figure)>)\s*")


def translate_view(model_admin, request, object_id, language):
    if language not in dict(TRANSLATION_LANGUAGES):
        raise Http404("No such translation language.")
    if not model_admin.has_translate_permission(request):
        raise PermissionDenied
    story = get_object_or_404(
        model_admin.get_queryset(request).select_related("hero_image", "source"),
        pk=object_id,
    )
    # The text as last saved: pending changes included.
    story_with_changes(story)
    story_language = StoryLanguage.objects.filter(
        story=story, language=language
    ).first()
    can_publish = model_admin.has_publish_permission(request)
    restrictions = [
        restriction
        for restriction in model_admin.restrictions_of(story)
        if restriction.hides_text_in(language)
    ]
    # A translator's edit of a published translation waits for an editor
    # as pending changes; it can only wait once readers have seen the story.
    is_locked = bool(restrictions) or (
        story_language is not None
        and story_language.status == StoryLanguageStatus.PUBLISHED
        and not can_publish
        and not story.holds_changes
    )
    form = TranslateForm(
        request.POST or None,
        initial=translated_text(story, language),
        has_hero_image=story.hero_image is not None,
    )
    if request.method == "POST":
        if is_locked:
            raise PermissionDenied
        if form.is_valid():
            try:
                return save_and_act(request, story, language, form, can_publish)
            except ValidationError as error:
                add_errors(form, error)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Translate “%(title)s”") % {"title": story.title_en},
        "story": story,
        "language": language,
        "language_name": dict(settings.LANGUAGES)[language],
        "story_language": story_language,
        "english": english_text(story),
        "form": form,
        "can_publish": can_publish,
        "is_locked": is_locked,
        "restrictions": restrictions,
        "changes": english_changes(story, story_language),
        "pending_changes": story.pending_changes_or_none,
    }
    return TemplateResponse(request, "admin/articles/story/translate.html", context)


@transaction.atomic
def save_and_act(request, story, language, form, can_publish):
    """Save the text, then run the button's service; return the redirect.

    One transaction: when the service refuses, the text is not saved either
    (a published translation would otherwise show it to readers at once);
    the page shows the refusal with everything typed.
    """
    action = next((name for name in ACTIONS if name in request.POST), None)
    service, needs_publish, done = ACTIONS.get(
        action, (None, False, gettext_lazy("Draft saved."))
    )
    if needs_publish and not can_publish:
        raise PermissionDenied
    story_language = story_language_edit(
        story=story, language=language, text=form.cleaned_data, by=request.user
    )
    if service is not None:
        service(story_language=story_language, by=request.user)
    messages.success(request, done)
    return HttpResponseRedirect(request.path)


def add_errors(form, error):
    """Show a service's refusal on the fields it names, the rest at the top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, field_errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, field_errors)


def translated_text(story, language):
    """Return the current translation, as the form's initial values."""
    text = {
        name: getattr(story, build_localized_fieldname(name, language)) or ""
        for name in STORY_TEXT_FIELDS
    }
    if story.hero_image is not None:
        for name in IMAGE_TEXT_FIELDS:
            value = getattr(story.hero_image, build_localized_fieldname(name, language))
            text[name] = value or ""
    return text


def english_text(story):
    """Return the English, with the body split into paragraphs to line up."""
    text = story.english_source_text()
    # Shown beside their translations; not part of what makes a translation
    # out of date (names and credits rarely need a new translation).
    text["byline"] = story.byline_en or ""
    if story.hero_image is not None:
        text["credit"] = story.hero_image.credit_en or ""
    # "<p>a</p><p>b</p>" -> ["<p>a</p>", "<p>b</p>"]
    text["paragraphs"] = [
        block
        for block in BLOCK_END.sub(r"\1\n", text.pop("body")).split("\n")
        if block.strip()
    ]
    return text


def english_changes(story, story_language):
    """Return (field, approved, now) for each English field changed since approval."""
    if story_language is None or not story_language.is_out_of_date:
        return []
    approved = story_language.source_snapshot
    current = story.english_source_text()
    return [
        (name, approved.get(name, ""), value)
        for name, value in current.items()
        if approved.get(name, "") != value
    ]
