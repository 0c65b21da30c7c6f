from django.conf import settings
from django.core.files.storage import default_storage
from django.core.validators import MaxValueValidator, MinValueValidator
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
    """A photograph in the image library; it can lead several stories.

    Uploads go through `articles.services.image`, which validates and
    re-encodes the file and makes every rendition, so pages render the
    picture from this row alone.
    """

    # The files: a re-encoded master in private storage (never served) and
    # renditions in public storage. Only names are stored; storage derives
    # URLs from names without I/O, so a media-domain move needs no migration.
    master = models.CharField(
        _("master file"), max_length=200, editable=False, default=""
    )
    master_width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    master_height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    sha256 = models.CharField(
        _("SHA-256 of the upload"),
        max_length=64,
        editable=False,
        blank=True,
        db_index=True,
    )
    # [{"width", "height", "format", "name", "bytes"}], smallest first.
    renditions = models.JSONField(_("renditions"), default=list, editable=False)
    # The 1200×630 social card, same keys; {} until made.
    social = models.JSONField(_("social card"), default=dict, editable=False)
    # imaging.RENDITION_SPEC when the renditions were made: rebuild_renditions
    # redoes the images whose renditions were made to another recipe.
    rendition_spec = models.CharField(
        _("rendition recipe"), max_length=100, editable=False, blank=True
    )
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
    licence_url = models.URLField(
        _("licence URL"),
        blank=True,
        help_text=_("The licence's text, e.g. the Creative Commons deed; linked."),
    )
    source_url = models.URLField(
        _("source URL"),
        max_length=500,
        blank=True,
        help_text=_("Where the picture came from, for the rights record."),
    )
    focal_x = models.FloatField(
        _("focal point, across"),
        default=0.5,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_(
            "What must stay in a cropped version, such as the social card: "
            "0 is the left edge, 0.5 the middle, 1 the right edge."
        ),
    )
    focal_y = models.FloatField(
        _("focal point, down"),
        default=0.5,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_("0 is the top edge, 0.5 the middle, 1 the bottom edge."),
    )
    is_hidden = models.BooleanField(
        _("hidden by a takedown"),
        default=False,
        editable=False,
        help_text=_(
            "Set while an accepted takedown request restricts this picture: "
            "every story that uses it shows without it."
        ),
    )
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
            models.CheckConstraint(
                condition=models.Q(
                    focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1
                ),
                name="hero_image_focal_point_inside",
            ),
        ]

    def __str__(self):
        return self.alt_text

    def renditions_as(self, image_format: str) -> list[dict]:
        """Return the renditions in `image_format` ("jpg", "webp"), narrowest first."""
        return sorted(
            (
                rendition
                for rendition in self.renditions
                if rendition["format"] == image_format
            ),
            key=lambda rendition: rendition["width"],
        )

    @staticmethod
    def url_of(stored_file: dict) -> str:
        """Return the public address of a rendition or the social card.

        The storage derives it from the name alone, with no I/O.
        """
        return default_storage.url(stored_file["name"])

    @property
    def thumbnail(self) -> dict | None:
        """The smallest JPEG rendition, for lists; None before processing."""
        renditions = self.renditions_as("jpg")
        return renditions[0] if renditions else None

    @property
    def stored_names(self) -> list[tuple[str, str]]:
        """Every file this image owns, as (storage alias, name) pairs."""
        names = [("default", rendition["name"]) for rendition in self.renditions]
        if self.social:
            names.append(("default", self.social["name"]))
        if self.master:
            names.append(("private", self.master))
        return names
