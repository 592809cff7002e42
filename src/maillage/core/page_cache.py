"""Rendered public pages kept per process for anonymous visitors.

The observatory's pages and the public search are the same for every anonymous visitor of a
given address until their data change: each caller gives a *version* (the observatory's last
computation, the provider index's version) and an entry is read only under the same version,
and for at most `PAGE_TTL_SECONDS` (what the version does not see: an outcome answered since).

Never cached: a signed-in visitor, a request carrying messages to show, a page that sets a
cookie or answers anything but 200. A form's CSRF token is personal: it is stored as a
placeholder and each visitor gets her own token when the page is served.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

from maillage.core.memo import Memo

logger = logging.getLogger(__name__)

PAGE_TTL_SECONDS = 60
# A few hundred pages of about 100 kB each per process.
PAGE_CACHE_SIZE = 256
_CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_PLACEHOLDER = "\x00csrf\x00"


@dataclass(frozen=True)
class CachedPage:
    content: str
    content_type: str
    has_csrf: bool


_PAGES: Memo[CachedPage] = Memo(
    "public_pages", max_size=PAGE_CACHE_SIZE, ttl_seconds=PAGE_TTL_SECONDS
)


def page_cacheable(request: HttpRequest) -> bool:
    """An anonymous GET with no message waiting to be shown (and the cache switched on)."""
    if not settings.MAILLAGE_PAGE_CACHE:
        return False
    user = getattr(request, "user", None)
    if request.method != "GET" or (user is not None and user.is_authenticated):
        return False
    return len(get_messages(request)) == 0


def cached_page(request: HttpRequest, version: Hashable) -> HttpResponse | None:
    page = _PAGES.get((request.get_full_path(), version))
    if page is None:
        return None
    content = page.content
    if page.has_csrf:
        content = content.replace(_PLACEHOLDER, get_token(request))
    return HttpResponse(content, content_type=page.content_type)


def keep_page(request: HttpRequest, version: Hashable, response: HttpResponse) -> None:
    if response.status_code != 200 or response.cookies or response.streaming:
        return
    content = response.content.decode(response.charset or "utf-8")
    content, tokens = _CSRF_VALUE.subn(rf"\g<1>{_PLACEHOLDER}\g<2>", content)
    page = CachedPage(content, response.headers.get("Content-Type", "text/html"), tokens > 0)
    _PAGES.put((request.get_full_path(), version), page)


def public_page_cache(
    version: Callable[..., Hashable],
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Serve anonymous visitors a page rendered for another one under the same `version`
    (called with the view's arguments)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not page_cacheable(request):
                return view(request, *args, **kwargs)
            key = version(request, *args, **kwargs)
            found = cached_page(request, key)
            if found is not None:
                return found
            response = view(request, *args, **kwargs)
            keep_page(request, key, response)
            return response

        return wrapper

    return decorate
