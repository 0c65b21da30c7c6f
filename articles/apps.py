from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Newsroom")

    def ready(self):
        # Imported once the models are loaded: the service module reads them.
        from articles.services.history import register_story_versions

        register_story_versions()
