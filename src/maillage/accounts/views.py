"""Account pages: thin views around the services of `maillage.accounts.services`."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from maillage.accounts import services, throttle
from maillage.accounts.enums import TERRITORIAL_ROLES
from maillage.accounts.forms import (
    DsfrPasswordChangeForm,
    DsfrPasswordResetForm,
    DsfrSetPasswordForm,
    LoginForm,
    ProfileForm,
    ResendVerificationForm,
    SignupForm,
)
from maillage.accounts.querysets import communes_in_scope
from maillage.accounts.tokens import InvalidToken

logger = logging.getLogger(__name__)


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:dashboard")
    _remember_next(request)
    initial = {"role": request.GET["role"]} if request.GET.get("role") else {}
    form = SignupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_signup(
                email=data["email"],
                password=data["password1"],
                role=data["role"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                base_url=_base_url(request),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            request.session["signup_email"] = data["email"]
            return redirect("accounts:signup_done")
    return render(request, "accounts/signup.html", {"form": form})


AFTER_LOGIN = "after_login_next"


def _remember_next(request: HttpRequest) -> None:
    """A public page sent her here (« Postuler »): after sign-up and login she goes back."""
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        request.session[AFTER_LOGIN] = target


def signup_done(request: HttpRequest) -> HttpResponse:
    return render(
        request, "accounts/signup_done.html", {"email": request.session.get("signup_email", "")}
    )


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    try:
        services.user_verify_email(token=token)
    except InvalidToken as exc:
        return render(request, "accounts/verify_invalid.html", {"reason": str(exc)}, status=400)
    messages.success(
        request,
        "Votre adresse est confirmée et votre compte est activé. Vous pouvez vous connecter.",
    )
    return redirect("accounts:login")


@require_http_methods(["GET", "POST"])
def resend_verification(request: HttpRequest) -> HttpResponse:
    form = ResendVerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.user_resend_verification(
            email=form.cleaned_data["email"], base_url=_base_url(request)
        )
        # Same answer whether the address has an account or not.
        messages.info(
            request,
            "Si un compte non encore vérifié utilise cette adresse, un nouveau lien vient "
            "d'y être envoyé. Pensez à regarder dans vos courriels indésirables.",
        )
        return redirect("accounts:login")
    return render(request, "accounts/resend_verification.html", {"form": form})


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        """The page she chose before signing up (kept in the session), else the dashboard."""
        remembered = self.request.session.pop(AFTER_LOGIN, "")
        return remembered or super().get_default_redirect_url()


class LogoutView(auth_views.LogoutView):
    """POST only (Django refuses GET with 405)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, "Vous êtes déconnecté(e).")
        return response


RESET_THROTTLED_MESSAGE = (
    "Trop de demandes de réinitialisation ont été faites pour cette adresse ou depuis votre "
    "connexion. Réessayez dans une heure ; un lien déjà reçu reste valable."
)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = DsfrPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/emails/password_reset.txt"
    subject_template_name = "accounts/emails/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        if not throttle.password_reset_allowed(self.request, form.cleaned_data["email"]):
            logger.warning("password_reset_throttled")
            form.add_error(None, RESET_THROTTLED_MESSAGE)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        self.extra_email_context = {"site_name": settings.MAILLAGE_SITE_NAME}
        # Same page whether the address has an account or not (Django's behaviour, kept).
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = DsfrSetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = DsfrPasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        logger.info("password_change user=%s", self.request.user.pk)
        messages.success(self.request, "Votre mot de passe a été modifié.")
        return response


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.user_update_profile(
            user=user,
            first_name=data["first_name"],
            last_name=data["last_name"],
            phone=data["phone"],
            is_job_seeker=data.get("is_job_seeker", user.is_job_seeker),
        )
        messages.success(request, "Vos informations ont été enregistrées.")
        return redirect("accounts:profile")
    context: dict[str, Any] = {"form": form, "is_territorial": user.role in TERRITORIAL_ROLES}
    if context["is_territorial"]:
        context["departements"] = user.territory_departements.order_by("code")
        context["communes"] = user.territory_communes.select_related("departement").order_by("code")
        context["commune_count"] = communes_in_scope(user).count()
    return render(request, "accounts/profile.html", context)
