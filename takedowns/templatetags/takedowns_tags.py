from django import template

from takedowns import deadlines

register = template.Library()


@register.filter
def legal_time(moment):
    """Show a takedown time on the legal clock, New York time, zone named."""
    return deadlines.legal_time(moment) if moment else ""
