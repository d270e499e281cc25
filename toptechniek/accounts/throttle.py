"""Counting requests per key in the cache: at most `limit` in a window of `period` seconds.

The cache is the configured one (settings.CACHES: Redis when REDIS_URL is set, so every web process counts
together; otherwise this process's memory). A fixed window starts at the first request of a key.
"""

import hashlib

from django.core.cache import cache


def _key(scope: str, value: str) -> str:
    # Hashed: addresses and e-mail addresses stay out of the cache's key space, and any length fits.
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"tt-throttle:{scope}:{digest}"


def throttle_hit(*, scope: str, value: str, limit: int, period: int) -> bool:
    """Count one request of `value` in `scope`; True while it is within the limit, False once over it."""
    key = _key(scope, value)
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period)
        count = 1
    return count <= limit


def throttle_allows(*, limits: list[tuple[str, str, int, int]]) -> bool:
    """Count one request against every (scope, value, limit, period); True when none is over its limit.

    Every limit is counted even when an earlier one refuses, so a refused request still uses up its quota.
    """
    results = [
        throttle_hit(scope=scope, value=value, limit=limit, period=period)
        for scope, value, limit, period in limits
        if value
    ]
    return all(results)
