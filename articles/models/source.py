from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models.base import Timestamped

ATTRIBUTION_PLACEHOLDER = "{source}"


class SourceKind(models.TextChoices):
    PUBLISHER = "publisher", _("Publisher")
    AGENCY = "agency", _("News agency")
    OWN_NEWSROOM = "own", _("Our own newsroom")


class SourceUsageTerms(models.TextChoices):
    LICENSED = "licensed", _("Licensed (syndication agreement)")
    PERMISSION = "permission", _("Written permission")
    QUOTATION = "quotation", _("Quotation and link only")
    PUBLIC_DOMAIN = "public-domain", _("Public domain or open licence")
    OWN = "own", _("Our own work")


def validate_attribution_template(value):
    if value and ATTRIBUTION_PLACEHOLDER not in value:
        raise ValidationError(
            _("The attribution line must contain {source}, where the name goes."),
            code="missing_placeholder",
        )


class Source(Timestamped):
    """A publisher or agency whose stories the site republishes."""

    name = models.CharField(
        _("publisher name"),
        max_length=120,
        unique=True,
        help_text=_("As readers know it, e.g. “The New York Times”."),
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=SourceKind, default=SourceKind.PUBLISHER
    )
    homepage_url = models.URLField(_("homepage"), blank=True)
    usage_terms = models.CharField(
        _("usage terms"),
        max_length=15,
        choices=SourceUsageTerms,
        default=SourceUsageTerms.QUOTATION,
        help_text=_("On what basis we may republish this source's work."),
    )
    terms_note = models.TextField(
        _("terms note"),
        blank=True,
        help_text=_("The licence or permission in detail: who agreed, when, limits."),
    )
    attribution_template = models.CharField(
        _("attribution line"),
        max_length=200,
        blank=True,
        validators=[validate_attribution_template],
        help_text=_(
            "Shown on every story from this source, e.g. “As reported by "
            "{source}”; {source} becomes the publisher's name, linked to the "
            "original article. Stories cannot be published while the English "
            "line is empty, nor in Chinese while the Chinese one is."
        ),
    )
    rights_contact_email = models.EmailField(
        _("rights contact"),
        blank=True,
        help_text=_("Where questions about rights in this source's work go."),
    )
    is_blocked = models.BooleanField(
        _("blocked"),
        default=False,
        help_text=_("A blocked source's stories cannot be published."),
    )

    auto_publish_summaries = models.BooleanField(
        _("auto-publish summaries"),
        default=False,
        help_text=_(
            "Only with the source's permission. Imported stories from this "
            "source's feeds are published at once, as a summary linking to "
            "the original, instead of waiting as drafts for an editor."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=SourceKind.values),
                name="source_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(usage_terms__in=SourceUsageTerms.values),
                name="source_usage_terms_valid",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_own_newsroom(self):
        return self.kind == SourceKind.OWN_NEWSROOM
