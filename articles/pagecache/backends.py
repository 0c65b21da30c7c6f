"""Django's Redis cache, with one client per pool and keys that follow changes.

Django's client builds a new `redis.Redis` object for every cache call, and
redis-py 8 fills a table of about 170 response callbacks in each: a quarter
of a millisecond, which is most of the cost of serving a cached page. The
client is thread-safe and only wraps the pool, so one per pool is enough.

A *followed* key is a counter that every process reads on every request and
that changes rarely: the page-cache generation. `get_followed` reads it once and
then keeps a copy in the process, which `announce` (Redis pub/sub) updates
the moment the key changes anywhere, so a hot cached page costs no round
trip to Redis at all (docs/operators.md, "Page speed").
"""

import contextlib
import math
import os
import time

from django.core.cache.backends import redis
from redis.exceptions import RedisError


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
        self._followers = {}

    def announce(self, key, value, version=None) -> None:
        """Tell every process following `key` that it now holds `value`."""
        channel = self.make_and_validate_key(key, version=version)
        self._cache.get_client(write=True).publish(channel, value)

    def get_followed(self, key, version=None):
        """Return the counter under `key`, from this process's copy while it can.

        For a number that only grows (see `KeyFollower`). The copy is correct
        as long as every change of the key is announced (see `announce`).
        Should the subscription fail, the key is read from Redis each time
        until it is back.
        """
        follower = self._followers.get((key, version))
        if follower is None or follower.pid != os.getpid():
            # A new process (a forked worker) needs its own subscription.
            follower = self._followers[key, version] = KeyFollower(self, key, version)
        return follower.value()


class KeyFollower:
    """One process's copy of a cache key, kept current by Redis pub/sub.

    Each call to `value` first takes the announcements already waiting on
    the subscription's socket, without waiting for more: a change announced
    before the call is always seen, and no call costs a round trip. The key
    is read again every `RECHECK_SECONDS` all the same, so a subscription
    that dies silently, or a change made without an announcement (a flushed
    database), cannot leave the copy stale for longer than that.
    """

    RECHECK_SECONDS = 5.0

    def __init__(self, cache: RedisCache, key: str, version=None):
        self.cache, self.key, self.version = cache, key, version
        self.channel = cache.make_and_validate_key(key, version=version)
        self.pid = os.getpid()
        self.subscription = None
        self.copy = None
        self.read_at = -math.inf

    def value(self):
        try:
            if self.subscription is None:
                self.subscribe()
            self.take_announcements()
            if (
                self.copy is None
                or time.monotonic() - self.read_at > self.RECHECK_SECONDS
            ):
                self.read()
        except RedisError:
            # Drop the subscription and read directly; the next call retries.
            self.close()
            return self.cache.get(self.key, version=self.version)
        return self.copy

    def subscribe(self):
        subscription = self.cache._cache.get_client().pubsub()
        subscription.subscribe(self.channel)
        # Only once Redis confirms the subscription may the key be read:
        # a change between the read and the subscription would be missed.
        timeout = subscription.connection.socket_timeout or 1.0
        confirmation = subscription.get_message(timeout=timeout)
        if confirmation is None or confirmation["type"] != "subscribe":
            subscription.close()
            raise RedisError(
                f"Redis did not confirm the subscription to {self.channel}."
            )
        self.subscription = subscription
        self.read()

    def take_announcements(self):
        # A poll of the socket first: asking redis-py for a message costs
        # more, and there is rarely one.
        if not self.subscription.connection.can_read(timeout=0):
            return
        while (message := self.subscription.get_message(timeout=0)) is not None:
            if message["type"] == "message":
                announced = int(message["data"])
                # Two announcements may cross; the key only ever grows.
                self.copy = (
                    announced if self.copy is None else max(self.copy, announced)
                )

    def read(self):
        self.copy = self.cache.get(self.key, version=self.version)
        self.read_at = time.monotonic()

    def close(self):
        if self.subscription is not None:
            # A connection that already failed may fail again on closing.
            with contextlib.suppress(RedisError):
                self.subscription.close()
        self.subscription = None
        self.copy = None
