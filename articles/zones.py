"""Times shown to staff, always with the zone they are in."""

from django.utils import timezone
from django.utils.formats import date_format


def local_time(value) -> str:
    """Return `value` in the page's time zone, naming the zone: "…, 15:02 UTC"."""
    if value is None:
        return "—"
    local = timezone.localtime(value)
    return f"{date_format(local, 'DATETIME_FORMAT')} {local.tzname()}"
