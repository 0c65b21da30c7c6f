from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from articles import imaging
from articles.models import HeroImage


class HeroImageForm(forms.ModelForm):
    """The image library's upload form; the picture is checked by content.

    The file is not a model field: `articles.services.image` turns it into
    the stored master and renditions.
    """

    image = forms.FileField(
        label=_("picture"),
        # Empty files reach clean_image, which says what is wrong with them.
        allow_empty_file=True,
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join(imaging.ACCEPTED_MIME_TYPES)}
        ),
        help_text=_(
            "JPEG, PNG or WebP, at least 640 pixels wide. Location and camera "
            "data are removed; the picture is turned upright and re-saved."
        ),
    )

    class Meta:
        model = HeroImage
        fields = [
            "image",
            "alt_text_en",
            "caption_en",
            "credit_en",
            "licence",
            "licence_url",
            "source_url",
            "focal_x",
            "focal_y",
        ]
        widgets = {
            "focal_x": forms.NumberInput(attrs={"step": "0.01", "min": 0, "max": 1}),
            "focal_y": forms.NumberInput(attrs={"step": "0.01", "min": 0, "max": 1}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding:
            self.fields["image"].required = False
            self.fields["image"].help_text = _(
                "Leave empty to keep the picture. A new one replaces it on "
                "every story that uses it."
            )

    def full_clean(self):
        super().full_clean()
        upload = self.files.get(self.add_prefix("image"))
        if self.errors and upload is not None and "image" not in self.errors:
            # Browsers cannot be sent a file back: say so, by name.
            self.add_error(
                "image",
                _(
                    "Nothing was saved, so the picture “%(name)s” was not kept: "
                    "choose it again before saving."
                )
                % {"name": upload.name},
            )

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if not upload:
            return upload
        # Refused unread: the size is known without opening the file.
        imaging.check_size(upload.size, max_bytes=settings.IMAGE_MAX_BYTES)
        upload.seek(0)
        # A small draft is enough to prove the whole file decodes; the
        # service decodes it again at full size.
        imaging.open_safely(
            upload.read(),
            max_bytes=settings.IMAGE_MAX_BYTES,
            max_pixels=settings.IMAGE_MAX_PIXELS,
            draft_long_edge=imaging.MIN_WIDTH,
        )
        upload.seek(0)
        return upload
