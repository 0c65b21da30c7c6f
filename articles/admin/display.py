"""How the admin shows values that Django's defaults show ambiguously."""

from django.contrib import admin

from articles.zones import local_time


def zoned_time(model, field_name: str):
    """Return an admin display method showing `field_name` with its zone.

    For list columns and read-only fields, where Django shows a time
    without saying in which zone it is.
    """

    @admin.display(
        description=model._meta.get_field(field_name).verbose_name,
        ordering=field_name,
    )
    def display(model_admin, obj):
        return local_time(getattr(obj, field_name))

    return display
