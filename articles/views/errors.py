"""The error page for a database out of reach.

While PostgreSQL restarts or fails over, every request that needs it fails
with a connection error. Readers and claimants get a plain 503 asking them
to try again, not the 500 page of a bug; the connection is opened again on
the next request (CONN_HEALTH_CHECKS).
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

# Seconds a reader is asked to wait: about what a restart of PostgreSQL takes.
RETRY_AFTER_SECONDS = 10


def server_error(request):
    """Answer 503 with Retry-After for a lost database, else Django's 500."""
    if not isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        return defaults.server_error(request)
    # Rendered without the request: its context processors read the database.
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # Neither the edge nor a browser may keep the outage.
    response["Cache-Control"] = "no-store"
    return response
