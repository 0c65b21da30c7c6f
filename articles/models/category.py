from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models.base import Timestamped
from articles.urls_reversed import reverse_once


class Category(Timestamped):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        help_text=_("The category's address: /category/<slug>/. Letters, digits, -."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Shown under the heading of the category page."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"),
        default=0,
        help_text=_("Order in the site navigation; lower numbers come first."),
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_once("articles:category-detail", slug=self.slug)
