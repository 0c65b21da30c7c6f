import re

from django.db import models
from django.utils.translation import gettext_lazy as _

# C0 and C1 control characters other than tab and line feed. XML 1.0 cannot
# carry most of them, so one in a headline made the feeds answer 500 and the
# news sitemap unreadable; none of them belongs in text people read.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_control_characters(text: str) -> str:
    """Return `text` without control characters, tab and line feed excepted."""
    return CONTROL_CHARACTERS.sub("", text)


class PlainTextModel(models.Model):
    """Remove control characters from every text field before each save.

    The one place every writer passes through: editors' and translators'
    forms, feed imports and the public removal form all end in `save()`.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        for field in self._meta.concrete_fields:
            value = getattr(self, field.attname)
            if isinstance(field, (models.CharField, models.TextField)) and value:
                setattr(self, field.attname, strip_control_characters(value))
        super().save(*args, **kwargs)


class Timestamped(PlainTextModel):
    """Record when a row was created and last changed."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True
