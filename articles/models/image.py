from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models.base import Timestamped


class HeroImageLicence(models.TextChoices):
    OWN = "own", _("Our own")
    AGENCY = "agency", _("Agency licence")
    CC_BY = "cc-by-4.0", _("CC BY 4.0")
    CC_BY_SA = "cc-by-sa-4.0", _("CC BY-SA 4.0")
    PUBLIC_DOMAIN = "cc0", _("CC0 or public domain")
    PERMISSION = "permission", _("Publisher permission")
    EDITORIAL = "editorial", _("Editorial use")


class HeroImage(Timestamped):
    """A photograph that can lead one or more stories."""

    image = models.ImageField(
        _("image"),
        upload_to="heroes/%Y/%m/",
        width_field="width",
        height_field="height",
        help_text=_("JPEG, PNG or WebP."),
    )
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    alt_text = models.CharField(
        _("alt text"),
        max_length=250,
        help_text=_(
            "What the picture shows, for readers who cannot see it. "
            "Required; say what matters for the story, not “image of”."
        ),
    )
    caption = models.CharField(
        _("caption"),
        max_length=300,
        blank=True,
        help_text=_("Shown under the picture."),
    )
    credit = models.CharField(
        _("credit"),
        max_length=200,
        blank=True,
        help_text=_(
            "Photographer and agency, e.g. “Jane Doe / Reuters”. Shown as "
            "“Photo: …”; a story cannot be published with an uncredited image."
        ),
    )
    licence = models.CharField(
        _("licence"),
        max_length=15,
        choices=HeroImageLicence,
        default=HeroImageLicence.EDITORIAL,
    )
    licence_url = models.URLField(_("licence URL"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("hero image")
        verbose_name_plural = _("hero images")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(licence__in=HeroImageLicence.values),
                name="hero_image_licence_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(alt_text_en__isnull=False)
                & ~models.Q(alt_text_en=""),
                name="hero_image_has_alt_text",
            ),
        ]

    def __str__(self):
        return self.alt_text
