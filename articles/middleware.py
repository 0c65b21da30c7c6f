import zoneinfo

from django.conf import settings
from django.utils import timezone, translation


class LanguageTimezoneMiddleware:
    """Show times in the reader's zone: Beijing time on Chinese pages.

    Runs after LocaleMiddleware, which has chosen the language from the path.
    Languages not listed in LANGUAGE_TIME_ZONES use TIME_ZONE.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.zones = {
            language: zoneinfo.ZoneInfo(name)
            for language, name in settings.LANGUAGE_TIME_ZONES.items()
        }

    def __call__(self, request):
        zone = self.zones.get(translation.get_language())
        if zone is None:
            timezone.deactivate()
        else:
            timezone.activate(zone)
        return self.get_response(request)
