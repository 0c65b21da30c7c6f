from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models.base import Timestamped
from articles.models.story import Story


class PendingChanges(Timestamped):
    """Edits to a story readers have seen, held until an editor publishes them.

    The story's own columns stay the published version, so readers' queries
    and the page cache never see a half-reviewed edit. `values` maps each
    held field's column (`Story.HELD_FIELDS`, both languages) to its value
    as JSON; articles.services.changes reads and writes it.
    """

    story = models.OneToOneField(
        Story,
        models.CASCADE,
        related_name="pending_changes",
        verbose_name=_("story"),
    )
    values = models.JSONField(_("changed values"), encoder=DjangoJSONEncoder)
    publish_at = models.DateTimeField(
        _("publish changes at"),
        null=True,
        blank=True,
        help_text=_("The changes go live at this time by themselves."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("pending changes")
        verbose_name_plural = _("pending changes")
        indexes = [
            models.Index(
                fields=["publish_at"],
                name="pending_changes_scheduled",
                condition=models.Q(publish_at__isnull=False),
            )
        ]

    def __str__(self):
        return str(self.story)
