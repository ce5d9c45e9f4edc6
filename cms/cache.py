"""Cache backends that keep the site up when their store is not.

ResilientRedisCache: a Redis that is down, or does not answer within a
second, is an empty cache. Reads miss, writes are dropped, `add` succeeds
and `incr` finds no counter, so pages are rendered uncached, sessions come
from the database (SESSION_ENGINE cached_db) and rate limits let requests
through; the outage is logged. After a failure the process leaves Redis alone
for RETRY_AFTER seconds, so a dead one costs no time per request, then tries
again: the site recovers by itself. What was written or deleted meanwhile (a
publish, a log-out) never reached Redis, so a Redis that comes back with its
old data (a network outage rather than a restart) is cleared first: nothing
stale outlives the outage.

SharedDatabaseCache: Django's database cache (the default, shared by every
process), with rate-limit counters counted under a row lock so that
concurrent requests never count as one.
"""

import logging
import time

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import connections, router, transaction

logger = logging.getLogger(__name__)

RETRY_AFTER = 5  # seconds without trying a Redis that failed
MISSING = object()


class Outage:
    """What this process knows of one Redis (Django makes a cache object per
    thread; every thread shares this)."""

    def __init__(self):
        self.until = 0.0  # time.monotonic() before which Redis isn't tried
        self.missed_writes = False


class ResilientRedisCache(RedisCache):
    outages = {}

    def __init__(self, server, params):
        options = params.setdefault("OPTIONS", {})
        options.setdefault("socket_connect_timeout", 1)
        options.setdefault("socket_timeout", 1)
        super().__init__(server, params)
        self.outage = self.outages.setdefault(tuple(self._servers), Outage())

    def _call(self, method, *args, when_down, writes):
        outage = self.outage
        if time.monotonic() < outage.until:
            outage.missed_writes |= writes
            return when_down
        try:
            if outage.missed_writes:
                super().clear()
                outage.missed_writes = False
                logger.warning("Redis is back: cleared what the outage left stale")
            return method(*args)
        except redis.RedisError as error:
            if time.monotonic() >= outage.until:
                logger.error("Redis unavailable, caching nothing: %s", error)
            outage.until = time.monotonic() + RETRY_AFTER
            outage.missed_writes |= writes
            return when_down

    # Reads miss.
    def get(self, key, default=None, version=None):
        return self._call(
            super().get, key, default, version, when_down=default, writes=False
        )

    def get_many(self, keys, version=None):
        return self._call(super().get_many, keys, version, when_down={}, writes=False)

    def has_key(self, key, version=None):
        return self._call(super().has_key, key, version, when_down=False, writes=False)

    # Writes are dropped, as if the key expired at once.
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            super().add, key, value, timeout, version, when_down=True, writes=True
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call(
            super().set, key, value, timeout, version, when_down=None, writes=True
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            super().set_many, data, timeout, version, when_down=[], writes=True
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            super().touch, key, timeout, version, when_down=False, writes=True
        )

    def delete(self, key, version=None):
        return self._call(super().delete, key, version, when_down=False, writes=True)

    def delete_many(self, keys, version=None):
        self._call(super().delete_many, keys, version, when_down=None, writes=True)

    def clear(self):
        self._call(super().clear, when_down=None, writes=True)

    def incr(self, key, delta=1, version=None):
        value = self._call(
            super().incr, key, delta, version, when_down=MISSING, writes=True
        )
        if value is MISSING:
            raise ValueError(f"Key '{key}' not found")  # as an empty cache says
        return value


class SharedDatabaseCache(DatabaseCache):
    def incr(self, key, delta=1, version=None):
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        with transaction.atomic(using=db):
            if connection.features.has_select_for_update:
                # (SQLite has no row locks: its write transactions already
                # take turns, transaction_mode IMMEDIATE in settings.)
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT 1 FROM {connection.ops.quote_name(self._table)}"
                        " WHERE cache_key = %s FOR UPDATE",
                        [self.make_and_validate_key(key, version)],
                    )
            return super().incr(key, delta, version)
