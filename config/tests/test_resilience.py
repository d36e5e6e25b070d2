"""The cache and the job queue degrade instead of failing when Redis is down."""

from kombu.exceptions import OperationalError

from config.cache import ResilientRedisCache
from config.celery import enqueue, health_ping_task

NOWHERE = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def test_the_cache_reads_misses_and_skips_writes_when_redis_is_down(caplog):
    cache = ResilientRedisCache(NOWHERE, {"OPTIONS": {"socket_connect_timeout": 0.5}})
    assert cache.get("k") is None
    assert cache.get("k", "fallback") == "fallback"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set("k", 1) is None
    assert cache.add("k", 1) is False
    assert cache.incr("k") == 0
    assert cache.delete("k") is False
    assert "Cache unavailable (ConnectionError): get skipped." in caplog.text


def test_enqueue_returns_none_and_logs_when_the_broker_cannot_be_reached(monkeypatch, caplog):
    # The real outage, through gunicorn and a stopped Redis, is in tests/faults/.
    def unreachable(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    monkeypatch.setattr(health_ping_task, "delay", unreachable)
    assert enqueue(health_ping_task) is None
    assert "Could not queue health.ping: OperationalError" in caplog.text
