from django import forms

from articles.models import Story


class StoryAdminForm(forms.ModelForm):
    class Meta:
        model = Story
        fields = [
            "title",
            "slug",
            "summary",
            "body",
            "byline",
            "category",
            "source",
            "original_url",
            "original_published_at",
            "attribution",
            "hero_image",
            "status",
            "publish_at",
            "unpublish_at",
            "withdrawal_reason",
            "withdrawal_note",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3, "maxlength": 300}),
            "body": forms.Textarea(attrs={"rows": 20}),
        }
