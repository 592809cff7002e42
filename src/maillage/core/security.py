"""Response headers that Django's SecurityMiddleware does not set itself."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# No page needs the camera, the microphone, payment or USB; geolocation neither (communes are
# typed, never located by the browser).
DEFAULT_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = getattr(settings, "PERMISSIONS_POLICY", DEFAULT_PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.policy)
        return response


IDLE_KEY = "maillage_last_seen"
# The last activity is written at most once a minute: a session write on every page view would
# take SQLite's write lock for every reader.
IDLE_WRITE_EVERY = 60


class SessionIdleTimeoutMiddleware:
    """Signs out a person after SESSION_COOKIE_AGE seconds without a request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        import time

        from django.contrib import messages
        from django.contrib.auth import logout
        from django.contrib.auth.views import redirect_to_login

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(IDLE_KEY)
            if last is not None and now - int(last) > settings.SESSION_COOKIE_AGE:
                logout(request)
                messages.info(
                    request,
                    "Votre session a expiré après une période d'inactivité : reconnectez-vous.",
                )
                return redirect_to_login(request.get_full_path())
            if last is None or now - int(last) >= IDLE_WRITE_EVERY:
                request.session[IDLE_KEY] = now
        return self.get_response(request)
