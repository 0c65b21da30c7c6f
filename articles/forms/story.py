from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.widgets import AdminProseEditorWidget

from articles.models import Story
from articles.sanitize import unsafe_links
from articles.services.editing import changes_since, edit_token
from articles.zones import local_time

# The body editor's buttons: exactly what articles.sanitize keeps, so an
# editor never formats text that the cleaner then throws away
# (tests/stories/test_body_editor.py compares the two lists).
BODY_EDITOR_EXTENSIONS = {
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "HardBreak": True,
    "History": True,
}


class BodyEditorWidget(AdminProseEditorWidget):
    """django-prose-editor with our preset (static/admin/articles/body-editor.js)."""

    def __init__(self):
        super().__init__(config={"extensions": BODY_EDITOR_EXTENSIONS}, preset="body")

    @property
    def media(self):
        return super().media + forms.Media(
            css={"all": ["admin/articles/body-editor.css"]}
        )


def body_editor():
    """Return the rich-text widget for a story body, in any language."""
    return BodyEditorWidget()


def check_links(html: str) -> str:
    """Refuse a body whose links would not survive cleaning, naming them."""
    problems = unsafe_links(html or "")
    if problems:
        raise ValidationError(
            _(
                "These links are not web or e-mail addresses: %(links)s. "
                "Write each one in full, starting with https://."
            ),
            code="bad_link",
            params={"links": ", ".join(problems)},
        )
    return html


class StoryAdminForm(forms.ModelForm):
    """The English story. Translations are edited in the Translate view.

    It carries the `edit_token` of the version the editor opened, and refuses
    to save over a version saved by someone else since.
    """

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)

    # Shown once readers have seen the story (StoryAdmin.get_fieldsets).
    publish_changes_at = forms.SplitDateTimeField(
        label=_("Publish changes at"),
        required=False,
        widget=AdminSplitDateTime,
        help_text=_(
            "Optional: your saved changes go live at this time by themselves. "
            "Leave empty and press “Publish changes” to publish them now."
        ),
    )

    class Meta:
        model = Story
        fields = [
            "title_en",
            "slug",
            "summary_en",
            "body_en",
            "byline_en",
            "category",
            "source",
            "original_url",
            "original_published_at",
            "hero_image",
            "status",
            "publish_at",
            "unpublish_at",
            "withdrawal_reason",
            "withdrawal_note_en",
        ]
        widgets = {
            "summary_en": forms.Textarea(attrs={"rows": 3, "maxlength": 300}),
            "body_en": body_editor(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pending = self.instance.pending_changes_or_none
        if pending is not None:
            self.initial.setdefault("publish_changes_at", pending.publish_at)
        if self.instance.pk is not None:
            self.fields["edit_token"].initial = edit_token(self.instance)
        zone = timezone.get_current_timezone_name()
        for field in self.fields.values():
            if isinstance(field, forms.SplitDateTimeField | forms.DateTimeField):
                field.help_text = " ".join(
                    str(text)
                    for text in [
                        field.help_text,
                        _("Times are in %(zone)s.") % {"zone": zone},
                    ]
                    if text
                )

    def clean_body_en(self):
        return check_links(self.cleaned_data["body_en"])

    def clean_publish_changes_at(self):
        publish_at = self.cleaned_data["publish_changes_at"]
        if publish_at is not None and publish_at <= timezone.now():
            raise ValidationError(
                _("Choose a time in the future, or leave it empty."), code="past"
            )
        return publish_at

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is not None:
            self.refuse_stale_version(cleaned_data.get("edit_token", ""))
        return cleaned_data

    def saved_version(self) -> Story:
        """Return the story as last saved, its row locked until this save ends.

        Without the lock, two editors pressing Save at once both passed the
        check against the version their forms had loaded, and the later
        save overwrote the earlier. With it, the second waits for the first
        to commit, then sees its version. Validation must run in a
        transaction (the admin's views are atomic). SQLite has no row locks:
        it runs one write at a time, so there the check stays as it was.
        """
        return (
            Story.objects.select_for_update(of=("self",))
            .only("updated_at")
            .get(pk=self.instance.pk)
        )

    def refuse_stale_version(self, token):
        """Refuse the save if someone else saved the story after it was opened.

        Everything typed stays in the form, which now carries the current
        version's token: saving again, after comparing, keeps this version.
        """
        current = edit_token(self.saved_version())
        if token == current:
            return
        self.data = self.data.copy()
        self.data[self.add_prefix("edit_token")] = current
        changes = changes_since(self.instance, token)
        raise forms.ValidationError(
            [
                _(
                    "Someone else saved this story after you opened it, so your "
                    "changes were not saved. They are still in the form below: "
                    "compare them with the changes listed here, then save again "
                    "to keep your version."
                ),
                *(
                    _("%(name)s, %(time)s: %(changes)s")
                    % {
                        "name": change.by,
                        "time": local_time(change.at),
                        "changes": change.description,
                    }
                    for change in changes
                ),
            ],
            code="stale",
        )


class TranslateForm(forms.Form):
    """One language's text of a story, beside the English in the admin."""

    title = forms.CharField(label=_("headline"), max_length=200, required=False)
    summary = forms.CharField(
        label=_("summary"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    byline = forms.CharField(
        label=_("byline"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to show the English byline."),
    )
    body = forms.CharField(
        label=_("body"),
        required=False,
        widget=body_editor(),
        help_text=_("Formatted like the English body; cleaned the same way on save."),
    )
    alt_text = forms.CharField(label=_("alt text"), max_length=250, required=False)
    caption = forms.CharField(label=_("caption"), max_length=300, required=False)
    credit = forms.CharField(
        label=_("credit"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to show the English credit."),
    )

    def __init__(self, *args, has_hero_image, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_hero_image:
            del self.fields["alt_text"]
            del self.fields["caption"]
            del self.fields["credit"]

    def clean_body(self):
        return check_links(self.cleaned_data["body"])
