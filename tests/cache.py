"""A Redis cache for one pytest-xdist worker among several sharing one Redis database."""

from django.core.cache.backends.redis import RedisCache


class WorkerRedisCache(RedisCache):
    """Django's Redis cache, whose ``clear()`` deletes only the keys under its ``KEY_PREFIX``.

    Django's own ``clear()`` flushes the whole Redis database. The test workers share the one
    ``REDIS_URL`` gives, each with its own key prefix, and the cache is cleared around every
    test: a flush would wipe what another worker's test is counting at that moment (allauth's
    and the verification page's rate limits)."""

    def clear(self) -> bool:
        if not self.key_prefix:
            raise ValueError("WorkerRedisCache needs a KEY_PREFIX: it clears only that prefix")
        client = self._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
        return bool(keys) and bool(client.delete(*keys))
