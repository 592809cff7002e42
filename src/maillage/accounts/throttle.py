"""Fixed-window counters in the shared cache: password-reset requests per address and per e-mail.

Logins are throttled by django-axes (settings AXES_*); a reset request sends an e-mail and
costs nothing to forge, so it has its own limit. The counter of an e-mail runs whether or not an
account has it: being throttled tells nothing about which addresses are registered.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"maillage:throttle:{kind}:{digest}"


def _hit(key: str, *, limit: int, window: int) -> bool:
    """Count one event; True while the window holds at most `limit` of them."""
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address, for django-axes (AXES_CLIENT_IP_CALLABLE) and the reset counters.

    Behind MAILLAGE_TRUSTED_PROXY_COUNT reverse proxies, each appends the address it saw to
    X-Forwarded-For: the client is that many entries from the right (entries further left are
    whatever the client chose to send). Without proxies, REMOTE_ADDR. Getting this wrong would
    give every visitor the proxy's address, and one lockout would lock everybody out.
    """
    if request is None or not hasattr(request, "META"):
        return None  # django-axes records no address (e.g. a login forced by a test or a task)
    proxies = getattr(settings, "MAILLAGE_TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        chain = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(chain) >= proxies:
            return chain[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def password_reset_allowed(request: HttpRequest, email: str) -> bool:
    limit, window = settings.MAILLAGE_PASSWORD_RESET_RATE
    # Both counters are incremented: an address spraying many e-mails is held off too.
    by_email = _hit(_key("reset-email", email), limit=limit, window=window)
    by_ip = _hit(_key("reset-ip", client_ip(request) or "-"), limit=limit * 4, window=window)
    return by_email and by_ip
