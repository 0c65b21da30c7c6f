"""Helpers for the performance tests."""

import contextlib
from unittest import mock

from django.db import connections
from django.template.backends import django, jinja2


def refuse_query(execute, sql, params, many, context):
    raise AssertionError(f"A template ran a query: {sql}")


@contextlib.contextmanager
def templates_refusing_queries():
    """Refuse every query on every database while a template renders, with
    either engine: readers' pages are Jinja2's, the admin's Django's."""
    with contextlib.ExitStack() as patches:
        for template_class in (django.Template, jinja2.Template):
            patches.enter_context(
                mock.patch.object(
                    template_class,
                    "render",
                    refusing_queries(template_class.render),
                )
            )
        yield


def refusing_queries(render):
    def render_refusing_queries(self, context=None, request=None):
        with contextlib.ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(refuse_query))
            return render(self, context, request)

    return render_refusing_queries
