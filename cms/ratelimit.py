"""Fixed-window rate limits kept in Django's cache.

The cache is shared (the database, or Redis), so every process and app
server counts together; while Redis is down there are no counters and every
request goes through (cms.cache): sign-ups are taken, not refused.
The client's address is the one allauth trusts: behind the proxy, the entry
of X-Forwarded-For that the proxy added (ALLAUTH_TRUSTED_PROXY_COUNT), never
one a client could have forged.
"""

import hashlib
import re
import time

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate):
    """(count, seconds) from "200/h" or "5/10m"; None for "0" or "" (no limit)."""
    rate = (rate or "").strip()
    if rate in ("", "0"):
        return None
    match = re.fullmatch(r"(\d+)/(\d*)([smhd])", rate)
    if match is None:
        raise ValueError(f"Not a rate: {rate!r} (try 200/h)")
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * PERIODS[unit]


def check_rates():
    for name in ("JOIN_RATE_LIMIT", "JOIN_EMAIL_RATE_LIMIT"):
        try:
            parse_rate(getattr(settings, name))
        except ValueError as error:
            raise ImproperlyConfigured(f"{name}: {error}") from None


def client_ip(request):
    return get_adapter().get_client_ip(request)


def allow(scope, key, rate):
    """Count one hit on `key`; False once it is over `rate` in this window."""
    limit = parse_rate(rate)
    if limit is None:
        return True
    count, period = limit
    window = int(time.time() // period)
    digest = hashlib.sha256(key.lower().encode("utf-8", "surrogatepass")).hexdigest()
    cache_key = f"ratelimit:{scope}:{digest}:{window}"
    cache.add(cache_key, 0, timeout=period)
    try:
        hits = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.set(cache_key, 1, timeout=period)
        hits = 1
    return hits <= count
