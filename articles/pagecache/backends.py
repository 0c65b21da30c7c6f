"""Django's Redis cache, with one client per pool.

Django's client builds a new `redis.Redis` object for every cache call, and
redis-py 8 fills a table of about 170 response callbacks in each: a quarter
of a millisecond, which is most of the cost of serving a cached page. The
client is thread-safe and only wraps the pool, so one per pool is enough.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
