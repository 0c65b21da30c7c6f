import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

HEALTH_KEY = "healthz"


@never_cache
@require_safe
def health(request):
    """Answer 200 if the database and the cache both work, else 503.

    For load balancers and monitors: no login, no version, never cached.
    """
    checks = {"db": "ok", "cache": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer.")
        checks["db"] = "error"
    # A cache that refuses connections raises its client's own errors (redis,
    # for one), which share no base class short of Exception.
    try:
        cache.set(HEALTH_KEY, "ok", timeout=10)
        if cache.get(HEALTH_KEY) != "ok":
            checks["cache"] = "error"
    except Exception:
        logger.exception("Health check: the cache does not answer.")
        checks["cache"] = "error"
    status = 200 if set(checks.values()) == {"ok"} else 503
    return JsonResponse(checks, status=status)
