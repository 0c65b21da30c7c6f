from django.db import models
from django.utils.translation import gettext_lazy as _


class Timestamped(models.Model):
    """Record when a row was created and last changed."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True
