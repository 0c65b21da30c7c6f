"""How the admin shows values that Django's defaults show ambiguously."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join

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


def json_as_list(model, field_name: str):
    """Return an admin display method showing a JSON field as a list.

    Lists show one item a line; objects one "key: value" a line. Django
    shows the raw JSON, which staff should not have to read.
    """

    @admin.display(description=model._meta.get_field(field_name).verbose_name)
    def display(model_admin, obj):
        value = getattr(obj, field_name)
        if not value:
            return model_admin.get_empty_value_display()
        if isinstance(value, dict):
            items = [f"{key.replace('_', ' ')}: {item}" for key, item in value.items()]
        else:
            items = [str(item) for item in value]
        return format_html(
            '<ul class="json-list">{}</ul>',
            format_html_join("", "<li>{}</li>", ((item,) for item in items)),
        )

    return display
