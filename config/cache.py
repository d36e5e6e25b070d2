"""The Redis cache, made to degrade rather than fail (issue: reliability, faults).

The cache holds nothing that cannot be recomputed (throttling counters, memoised figures), so
when Redis is down a read is a miss and a write is skipped, with a warning in the log, and the
pages keep being served. Redis coming back needs nothing: the next call reaches it.
"""

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)


def _degrade(default):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNAVAILABLE as error:
                logger.warning(
                    "Cache unavailable (%s): %s skipped.", type(error).__name__, method.__name__
                )
                return default(*args, **kwargs) if callable(default) else default

        return wrapper

    return decorate


def _miss(key, default=None, *args, **kwargs):
    return default


def _returns(value):
    return lambda *args, **kwargs: value() if callable(value) else value


class ResilientRedisCache(RedisCache):
    get = _degrade(_miss)(RedisCache.get)
    get_many = _degrade(_returns(dict))(RedisCache.get_many)
    has_key = _degrade(_returns(False))(RedisCache.has_key)
    set = _degrade(_returns(None))(RedisCache.set)
    add = _degrade(_returns(False))(RedisCache.add)
    set_many = _degrade(_returns(list))(RedisCache.set_many)
    touch = _degrade(_returns(False))(RedisCache.touch)
    delete = _degrade(_returns(False))(RedisCache.delete)
    delete_many = _degrade(_returns(None))(RedisCache.delete_many)
    # A counter that cannot be read counts as 0 (a throttle lets the request through).
    incr = _degrade(_returns(0))(RedisCache.incr)
    clear = _degrade(_returns(None))(RedisCache.clear)
