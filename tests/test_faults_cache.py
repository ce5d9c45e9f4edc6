"""The cache backends of cms.cache, each against the store it runs on."""

import os
import signal
import threading

import pytest
from django.db import connection

from cms.cache import ResilientRedisCache, SharedDatabaseCache
from tests.helpers import free_port
from tests.servers import start_redis, stop


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_counts_on_the_database_cache_are_all_counted():
    cache = SharedDatabaseCache("cms_cache", {})
    cache.add("hits", 0)
    start = threading.Barrier(8)

    def count():
        start.wait()
        try:
            for _ in range(10):
                cache.incr("hits")
        finally:
            connection.close()

    threads = [threading.Thread(target=count) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert cache.get("hits") == 80


@pytest.fixture
def redis_server(tmp_path):
    port = free_port()
    process = start_redis(port, tmp_path / "redis.log")
    yield process, ResilientRedisCache(f"redis://127.0.0.1:{port}/0", {})
    stop(process)


@pytest.mark.faults
def test_a_dead_redis_is_an_empty_cache(redis_server):
    process, cache = redis_server
    cache.set("page", "cached")
    stop(process)

    assert cache.get("page") is None
    assert cache.get_many(["page"]) == {}
    assert cache.add("counter", 0) is True
    with pytest.raises(ValueError):
        cache.incr("counter")
    cache.set("page", "new")  # dropped, not an error


@pytest.mark.faults
def test_nothing_written_during_an_outage_is_served_stale_after_it(redis_server):
    process, cache = redis_server
    cache.set("page", "before the publish")
    # Redis stops answering but keeps its data (as behind a network outage).
    os.kill(process.pid, signal.SIGSTOP)
    try:
        assert cache.get("page") is None  # a visitor's read times out
        cache.set("page", "after the publish")  # never reaches Redis
    finally:
        os.kill(process.pid, signal.SIGCONT)
    cache.outage.until = 0  # RETRY_AFTER has passed

    assert cache.get("page") is None  # not "before the publish"
    cache.set("page", "after the publish")
    assert cache.get("page") == "after the publish"
