"""Helpers for the performance tests."""

import contextlib
from unittest import mock

from django.db import connections
from django.template.backends.django import Template


def refuse_query(execute, sql, params, many, context):
    raise AssertionError(f"A template ran a query: {sql}")


@contextlib.contextmanager
def templates_refusing_queries():
    """Refuse every query on every database while a template renders."""
    render = Template.render

    def render_refusing_queries(self, context=None, request=None):
        with contextlib.ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(refuse_query))
            return render(self, context, request)

    with mock.patch.object(Template, "render", render_refusing_queries):
        yield
