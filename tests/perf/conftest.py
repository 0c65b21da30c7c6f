import os
import socket

import pytest
from django.core.cache import cache

from articles.pagecache import pages

# DB 5 and a key prefix of its own: the tests flush only this database.
# TEST_REDIS_URL gives runs side by side (separate checkouts) a database each.
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def use_redis(settings):
    """Point the default cache at this machine's Redis server."""
    if not redis_answers():
        message = "No Redis on 127.0.0.1:6379 (.ci/run starts one)."
        # CI must test the production cache, never skip it.
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    settings.CACHES = {
        "default": {
            "BACKEND": "articles.pagecache.backends.RedisCache",
            "LOCATION": TEST_REDIS_URL,
            "KEY_PREFIX": "wt-production-tests",
        }
    }


@pytest.fixture(params=["locmem", "redis"])
def page_cache(request, settings):
    """Run the test on local memory (the default) and on Redis (production)."""
    if request.param == "redis":
        use_redis(settings)
    cache.clear()
    pages.LOCAL_PAGES.clear()
    yield request.param
    cache.clear()
    pages.LOCAL_PAGES.clear()


@pytest.fixture
def redis_page_cache(settings):
    """The page cache on Redis only, for what only Redis does."""
    use_redis(settings)
    cache.clear()
    pages.LOCAL_PAGES.clear()
    yield
    cache.clear()
    pages.LOCAL_PAGES.clear()
