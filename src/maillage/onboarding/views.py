"""Onboarding pages: the invitation link (claim or join), a structure's own sign-up, the
territory's list of providers and pending structures, and a manager's colleagues."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from maillage.accounts.perms import WRONG_ROLE_MESSAGE
from maillage.childcare.enums import StructureStatus
from maillage.childcare.forms import AvailabilityForm, apply_errors
from maillage.childcare.models import Childminder, Mam, Nursery
from maillage.childcare.services import declared_places
from maillage.onboarding import services
from maillage.onboarding.enums import InvitationKind, ProviderType
from maillage.onboarding.forms import (
    ClaimPasswordForm,
    ColleagueInviteForm,
    ColleagueJoinForm,
    NurseryConfirmForm,
    ProviderFilterForm,
    RefuseForm,
    StructureForm,
)
from maillage.onboarding.models import Invitation
from maillage.onboarding.perms import can_invite_colleague, can_list_territory_providers
from maillage.onboarding.querysets import in_managed_territory
from maillage.onboarding.territory_list import (
    provider_page,
    status_counts,
    territory_departements,
)

BACKEND = "django.contrib.auth.backends.ModelBackend"


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _invalid(request: HttpRequest) -> HttpResponse:
    return render(request, "onboarding/invalid_link.html", {"title": "Lien d'invitation"})


def _needs_password(invitation: Invitation) -> bool:
    user = invitation.user
    return user is None or not (user.is_active and user.has_usable_password())


# ---- the invitation link (public) -------------------------------------------------------


@require_http_methods(["GET", "POST"])
def claim(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_for_token(token)
    except services.InvalidInvitation:
        return _invalid(request)
    if request.method == "GET":
        services.invitation_open(invitation=invitation)
    if invitation.kind == InvitationKind.COLLEAGUE:
        return _join(request, invitation)
    signed_in = request.user if request.user.is_authenticated else None
    if not _needs_password(invitation) and (signed_in is None or signed_in != invitation.user):
        # The account already has a password: sign in with it, then come back to the link.
        return render(
            request,
            "onboarding/claim_sign_in.html",
            {"login_url": f"{reverse('accounts:login')}?next={request.path}"},
        )
    if invitation.childminder_id:
        return _claim_childminder(request, invitation, signed_in)
    return _claim_nursery(request, invitation, signed_in)


def _claim_childminder(
    request: HttpRequest, invitation: Invitation, signed_in: Any
) -> HttpResponse:
    childminder = invitation.childminder
    assert childminder is not None
    places = declared_places(childminder)
    needs_password = _needs_password(invitation)
    data = request.POST if request.method == "POST" else None
    password_form = ClaimPasswordForm(data) if needs_password else None
    unchanged = data is not None and "confirm_unchanged" in data
    places_form = AvailabilityForm(None if unchanged else data, places=places)
    if data is not None:
        valid = (password_form is None or password_form.is_valid()) and (
            unchanged or places_form.is_valid()
        )
        if valid:
            try:
                user = services.provider_claim_childminder(
                    invitation=invitation,
                    password=password_form.cleaned_data["password1"] if password_form else None,
                    place_dates=None if unchanged else places_form.cleaned_data["place_dates"],
                    confirm_unchanged=unchanged,
                    signed_in=signed_in,
                )
            except services.InvalidInvitation:
                return _invalid(request)
            except ValidationError as exc:
                apply_errors(password_form or places_form, exc)
            else:
                login(request, user, backend=BACKEND)
                messages.success(
                    request,
                    "Votre compte est activé et vos places sont confirmées : vous êtes "
                    "désormais proposée aux familles.",
                )
                return redirect("childcare:availability")
    return render(
        request,
        "onboarding/claim_childminder.html",
        {
            "invitation": invitation,
            "childminder": childminder,
            "password_form": password_form,
            "form": places_form,
            "full": not places,
        },
        status=400 if data is not None else 200,
    )


def _claim_nursery(request: HttpRequest, invitation: Invitation, signed_in: Any) -> HttpResponse:
    nursery = invitation.nursery
    assert nursery is not None
    needs_password = _needs_password(invitation)
    data = request.POST if request.method == "POST" else None
    form = NurseryConfirmForm(data)
    if not needs_password:
        for name in ("password1", "password2"):
            form.fields.pop(name)
    if data is not None and form.is_valid():
        try:
            user = services.provider_claim_nursery(
                invitation=invitation,
                password=form.cleaned_data["password1"] if needs_password else None,
                signed_in=signed_in,
            )
        except services.InvalidInvitation:
            return _invalid(request)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            login(request, user, backend=BACKEND)
            messages.success(
                request,
                "Votre compte est activé et les places sont confirmées : la structure est "
                "désormais proposée aux familles.",
            )
            return redirect("childcare:nursery_list")
    return render(
        request,
        "onboarding/claim_nursery.html",
        {"invitation": invitation, "nursery": nursery, "form": form},
        status=400 if data is not None else 200,
    )


def _join(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    signed_in = request.user if request.user.is_authenticated else None
    data = request.POST if request.method == "POST" else None
    form = None if signed_in else ColleagueJoinForm(data)
    error = ""
    if data is not None and (form is None or form.is_valid()):
        cd = form.cleaned_data if form else {}
        try:
            user = services.colleague_join(
                invitation=invitation,
                signed_in=signed_in,
                first_name=cd.get("first_name", ""),
                last_name=cd.get("last_name", ""),
                password=cd.get("password1"),
            )
        except services.InvalidInvitation:
            return _invalid(request)
        except ValidationError as exc:
            if form is not None:
                apply_errors(form, exc, aliases={"password1": "password1"})
            else:
                error = " ".join(exc.messages)
        else:
            if signed_in is None:
                login(request, user, backend=BACKEND)
            messages.success(request, f"Vous gérez désormais « {invitation.structure} ».")
            if invitation.mam_id:
                return redirect("childcare:childminder_profile")
            return redirect("childcare:nursery_list")
    return render(
        request,
        "onboarding/join.html",
        {
            "invitation": invitation,
            "structure": invitation.structure,
            "form": form,
            "error": error,
            "login_url": f"{reverse('accounts:login')}?next={request.path}",
        },
        status=400 if data is not None else 200,
    )


# ---- a structure signs up by itself (public) ---------------------------------------------


@require_http_methods(["GET", "POST"])
def structure_signup(request: HttpRequest) -> HttpResponse:
    signed_in = request.user if request.user.is_authenticated else None
    data = request.POST if request.method == "POST" else None
    form = StructureForm(data, with_account=signed_in is None)
    if data is not None and form.is_valid():
        cd = form.cleaned_data
        account = None
        if signed_in is None:
            account = {
                "email": cd["email"],
                "password": cd["password1"],
                "first_name": cd["first_name"],
                "last_name": cd["last_name"],
            }
        try:
            created = services.structure_signup(
                structure=cd, account=account, signed_in=signed_in, base_url=_base_url(request)
            )
        except ValidationError as exc:
            apply_errors(form, exc, aliases={"opening_hours": "__all__", "sections": "__all__"})
        else:
            if signed_in is not None:
                messages.success(
                    request,
                    "Votre structure est déclarée. Elle sera proposée aux familles dès que "
                    "votre administrateur de territoire l'aura validée.",
                )
                if isinstance(created, Mam):
                    return redirect("childcare:childminder_profile")
                return redirect("childcare:nursery_list")
            return redirect("onboarding:structure_signup_done")
    return render(
        request,
        "onboarding/structure_signup.html",
        {"form": form},
        status=400 if data is not None else 200,
    )


def structure_signup_done(request: HttpRequest) -> HttpResponse:
    return render(request, "onboarding/structure_signup_done.html")


# ---- territory administrators ----------------------------------------------------------


def _territory_guard(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    if not can_list_territory_providers(request.user):
        raise PermissionDenied(WRONG_ROLE_MESSAGE)
    return None


@require_http_methods(["GET"])
def territory_providers(request: HttpRequest) -> HttpResponse:
    if (denied := _territory_guard(request)) is not None:
        return denied
    departements = territory_departements(request.user)
    form = ProviderFilterForm(request.GET or None, departements=departements)
    filters = form.cleaned_data if form.is_valid() else {}
    kind = filters.get("type") or ProviderType.CHILDMINDER
    qs, rows = provider_page(request.user, kind=kind, filters=filters)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "onboarding/territory_providers.html",
        {
            "form": form,
            "page": page,
            "rows": rows(page.object_list),
            "kind": kind,
            "departement": filters.get("departement", ""),
            "counts": status_counts(
                request.user, kind=kind, departement=filters.get("departement", "")
            ),
            "pending_count": sum(
                in_managed_territory(
                    model.objects.filter(status=StructureStatus.PENDING), request.user
                ).count()
                for model in (Nursery, Mam)
            ),
            "query": request.GET.urlencode(),
        },
    )


@require_POST
def invite_provider(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if (denied := _territory_guard(request)) is not None:
        return denied
    model = Childminder if kind == ProviderType.CHILDMINDER else Nursery
    provider = get_object_or_404(
        in_managed_territory(model.objects.select_related("commune"), request.user), pk=pk
    )
    try:
        invitation = services.provider_invite(
            provider=provider, by=request.user, base_url=_base_url(request)
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Invitation envoyée à {invitation.email}.")
    return redirect(f"{reverse('onboarding:territory_providers')}?{request.POST.get('back', '')}")


@require_POST
def invite_uninvited(request: HttpRequest) -> HttpResponse:
    if (denied := _territory_guard(request)) is not None:
        return denied
    from maillage.onboarding.tasks import invite_uninvited_providers

    kind = request.POST.get("type") or ProviderType.CHILDMINDER
    if kind not in ProviderType.values:
        kind = ProviderType.CHILDMINDER
    departement = request.POST.get("departement", "")
    codes = [departement] if departement else []
    count = len(
        services.invitations.uninvited_providers(
            by=request.user, kind=kind, departement_codes=codes
        )
    )
    invite_uninvited_providers.enqueue(request.user.pk, kind, codes)
    messages.success(
        request,
        f"{count} invitation(s) en cours d'envoi. Les statuts se mettent à jour au fil de l'envoi.",
    )
    return redirect(f"{reverse('onboarding:territory_providers')}?type={kind}")


STRUCTURE_MODELS: dict[str, type[Nursery] | type[Mam]] = {"creche": Nursery, "mam": Mam}


@require_http_methods(["GET"])
def pending_structures(request: HttpRequest) -> HttpResponse:
    if (denied := _territory_guard(request)) is not None:
        return denied
    pending = StructureStatus.PENDING
    nurseries = (
        in_managed_territory(Nursery.objects.filter(status=pending), request.user)
        .select_related("commune")
        .prefetch_related("age_groups", "managers")
        .order_by("created_at")
    )
    mams = (
        in_managed_territory(Mam.objects.filter(status=pending), request.user)
        .select_related("commune")
        .prefetch_related("managers")
        .order_by("created_at")
    )
    return render(
        request,
        "onboarding/pending_structures.html",
        {"nurseries": nurseries, "mams": mams, "refuse_form": RefuseForm()},
    )


@require_POST
def structure_review(request: HttpRequest, kind: str, pk: int, decision: str) -> HttpResponse:
    if (denied := _territory_guard(request)) is not None:
        return denied
    model = STRUCTURE_MODELS.get(kind)
    if model is None:
        raise Http404
    structure = get_object_or_404(in_managed_territory(model.objects.all(), request.user), pk=pk)
    try:
        if decision == "valider":
            services.structure_validate(structure=structure, by=request.user)
            messages.success(request, f"« {structure.name} » est validée et proposée aux familles.")
        else:
            form = RefuseForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.structure_refuse(structure=structure, by=request.user, reason=reason)
            messages.success(
                request, f"« {structure.name} » est refusée ; le motif lui est envoyé."
            )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("onboarding:pending_structures")


# ---- a manager's colleagues -------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def colleagues(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    model = STRUCTURE_MODELS.get(kind)
    if model is None:
        raise Http404
    nursery = get_object_or_404(model.objects.filter(managers=request.user), pk=pk)
    if not can_invite_colleague(request.user, nursery):
        raise PermissionDenied("Cette structure a été refusée : vous ne pouvez pas inviter.")
    form = ColleagueInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            services.colleague_invite(
                structure=nursery, by=request.user, email=email, base_url=_base_url(request)
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Invitation envoyée à {email}.")
            return redirect("onboarding:colleagues", kind=kind, pk=nursery.pk)
    key = "mam" if isinstance(nursery, Mam) else "nursery"
    pending = Invitation.objects.filter(
        kind=InvitationKind.COLLEAGUE, claimed_at__isnull=True, **{key: nursery}
    ).order_by("-invited_at")[:50]
    return render(
        request,
        "onboarding/colleagues.html",
        {
            "structure": nursery,
            "is_mam": isinstance(nursery, Mam),
            "form": form,
            "managers": nursery.managers.order_by("last_name", "email"),
            "pending": pending,
        },
        status=400 if request.method == "POST" else 200,
    )
