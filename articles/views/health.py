"""Health checks for load balancers, orchestrators and monitors.

Two questions, two addresses. Liveness (/livez): is the process answering
at all? Always 200: restarting a process cures nothing that lies outside it.
Readiness (/healthz): should this server get readers? 200 while the
database answers, else 503. The cache is reported by both and decides
neither: without it pages are rendered for every request, slower but
correct, and taking servers out of the load balancer would only turn a slow
site into no site. No login, no version, never cached.
"""

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

HEALTH_KEY = "healthz"


def database_state() -> str:
    """Return "ok" if the database answers a query, else "error"."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer.")
        return "error"
    return "ok"


def cache_state() -> str:
    """Return "ok" if the cache stores and returns a value, else "error"."""
    # A cache that refuses connections raises its client's own errors (redis,
    # for one), which share no base class short of Exception.
    try:
        cache.set(HEALTH_KEY, "ok", timeout=10)
        if cache.get(HEALTH_KEY) == "ok":
            return "ok"
    except Exception:
        logger.exception("Health check: the cache does not answer.")
    return "error"


@never_cache
@require_safe
def live(request):
    """Answer 200 whenever the process can answer: for liveness probes."""
    return JsonResponse({"cache": cache_state()})


@never_cache
@require_safe
def ready(request):
    """Answer 200 if the database answers, else 503: for load balancers."""
    checks = {"db": database_state(), "cache": cache_state()}
    return JsonResponse(checks, status=200 if checks["db"] == "ok" else 503)
