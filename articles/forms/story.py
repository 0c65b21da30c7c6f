from django import forms
from django.utils.translation import gettext_lazy as _

from articles.models import Story


class StoryAdminForm(forms.ModelForm):
    """The English story. Translations are edited in the Translate view."""

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
            "body_en": forms.Textarea(attrs={"rows": 20}),
        }


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
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=_("HTML, like the English body; cleaned the same way on save."),
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
