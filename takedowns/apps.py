from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TakedownsConfig(AppConfig):
    name = "takedowns"
    verbose_name = _("Legal")
