"""What readers may not see of a story, and why.

A restriction hides a whole story, one language version or its hero image
while it is in force. Readers' visibility (`StoryQuerySet.published()` and
`Story.public_state()`) reads the story columns kept from these rows;
nothing is deleted. The cause is whatever another app says caused it (the
takedowns app points it at the claimed story of an accepted notice), held
generically so that this app never depends on the apps that restrict
stories. Create and lift them through `articles.services.restriction` only.
"""

from typing import Self

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models.base import PlainTextModel
from articles.models.story import Story


class RestrictionScope(models.TextChoices):
    WHOLE = "whole", _("The whole story")
    HERO_IMAGE = "hero-image", _("The hero image only")
    LANGUAGE = "language", _("One language version")


class StoryRestrictionQuerySet(models.QuerySet):
    def in_force(self, language: str | None = None) -> Self:
        """Return restrictions readers are subject to now.

        With `language`, only those that hide the story's text in it: the
        whole story, or that language version. Hero-image restrictions act
        through HeroImage.is_hidden instead.
        """
        now = timezone.now()
        queryset = self.active().filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )
        if language is not None:
            queryset = queryset.hiding(language)
        return queryset

    def hiding(self, language: str) -> Self:
        """Return restrictions that hide the story's text in `language`.

        The whole story, or that language version, whether in force or not.
        """
        return self.filter(
            Q(scope=RestrictionScope.WHOLE)
            | Q(scope=RestrictionScope.LANGUAGE, language=language)
        )

    def active(self) -> Self:
        """Return restrictions not lifted yet (in force or waiting to expire)."""
        return self.filter(lifted_at__isnull=True)


class StoryRestriction(PlainTextModel):
    """A story, or part of it, hidden from readers for a legal reason.

    Active while not lifted and not expired; one row per cause, so lifting
    one cause's restriction never lifts another's.

    `reference` and `reason` are what the 451 page tells readers.
    """

    story = models.ForeignKey(
        Story, models.PROTECT, related_name="restrictions", verbose_name=_("story")
    )
    cause_type = models.ForeignKey(
        ContentType, models.PROTECT, related_name="+", verbose_name=_("cause type")
    )
    cause_id = models.PositiveBigIntegerField(_("cause id"))
    cause = GenericForeignKey("cause_type", "cause_id")
    # What readers and staff are told, kept here so that neither the 451
    # page nor the story admin reaches into the app that caused it.
    reference = models.CharField(
        _("reference"),
        max_length=40,
        help_text=_("The public reference of the demand, such as TD-7KQ2-M9PX."),
    )
    reason = models.CharField(
        _("reason"),
        max_length=100,
        help_text=_(
            "What the demand was about, in English (“Copyright”); pages show "
            "it in their own language."
        ),
    )
    scope = models.CharField(_("scope"), max_length=12, choices=RestrictionScope)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    applied_at = models.DateTimeField(_("applied"), default=timezone.now)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("applied by"),
    )
    expires_at = models.DateTimeField(
        _("expires"),
        null=True,
        blank=True,
        help_text=_(
            "Set by a counter-notice to the earliest restore time; cleared "
            "by a legal hold."
        ),
    )
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lifted by"),
    )
    lift_reason = models.TextField(_("reason for lifting"), blank=True)

    objects = StoryRestrictionQuerySet.as_manager()

    class Meta:
        verbose_name = _("story restriction")
        verbose_name_plural = _("story restrictions")
        constraints = [
            models.UniqueConstraint(
                fields=["cause_type", "cause_id"],
                condition=Q(lifted_at=None),
                name="story_restriction_one_active_per_cause",
            ),
            models.CheckConstraint(
                condition=Q(scope__in=RestrictionScope.values),
                name="story_restriction_scope_valid",
            ),
            models.CheckConstraint(
                condition=Q(scope=RestrictionScope.LANGUAGE) & ~Q(language="")
                | ~Q(scope=RestrictionScope.LANGUAGE) & Q(language=""),
                name="story_restriction_language_only_for_language_scope",
            ),
        ]
        indexes = [
            models.Index(fields=["story", "lifted_at"]),
            models.Index(fields=["cause_type", "cause_id"]),
        ]

    def __str__(self):
        return f"{self.reference}: {self.get_scope_display()}"

    def hides_text_in(self, language: str) -> bool:
        """Whether this restriction covers the story's text in `language`."""
        return self.scope == RestrictionScope.WHOLE or (
            self.scope == RestrictionScope.LANGUAGE and self.language == language
        )

    @property
    def part_label(self) -> str:
        """Name what is restricted: "The whole story", "The Chinese version", …"""
        if self.scope == RestrictionScope.LANGUAGE:
            return _("The %(language)s version") % {
                "language": self.get_language_display()
            }
        return self.get_scope_display()
