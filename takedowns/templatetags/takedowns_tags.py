"""What the Django templates left beside the Jinja2 pages use: the legal
staff's admin pages (the pages' helpers are in takedowns/templating.py)."""

from django import template

from takedowns import templating

register = template.Library()

register.filter("legal_time", templating.legal_time)
