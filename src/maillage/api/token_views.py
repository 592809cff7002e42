"""« Jetons d'API »: admins and territory admins create (shown once) and revoke tokens."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from maillage.accounts.perms import is_admin
from maillage.api.forms import ApiTokenForm
from maillage.api.models import ApiToken
from maillage.api.permissions import can_manage_api_tokens

logger = logging.getLogger(__name__)


def tokens_for(user):  # noqa: ANN001, ANN201 - a queryset of ApiToken
    """Admins see every token; a territory admin those touching her départements."""
    rows = ApiToken.objects.select_related("childminder", "nursery").prefetch_related(
        "departements"
    )
    if is_admin(user):
        return rows
    codes = list(user.territory_departements.values_list("code", flat=True))
    return rows.filter(
        Q(departements__code__in=codes)
        | Q(childminder__commune__departement__in=codes)
        | Q(nursery__commune__departement__in=codes)
    ).distinct()


def _check(request: HttpRequest) -> None:
    if not can_manage_api_tokens(request.user):
        raise PermissionDenied("Les jetons d'API sont gérés par les administrateurs de territoire.")


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    _check(request)
    form = ApiTokenForm(request.POST or None, user=request.user)
    created = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        raw, prefix, digest = ApiToken.generate()
        token = ApiToken.objects.create(
            name=data["name"],
            organisation=data.get("organisation") or "",
            prefix=prefix,
            token_hash=digest,
            childminder=data.get("childminder"),
            nursery=data.get("nursery"),
            can_write=data["can_write"],
            created_by=request.user,
        )
        if data.get("departements"):
            token.departements.set(data["departements"])
        logger.info("api token %s created by %s", token.pk, request.user.pk)
        created = {"token": token, "raw": raw}
        form = ApiTokenForm(user=request.user)
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": tokens_for(request.user), "created": created},
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _check(request)
    token = get_object_or_404(tokens_for(request.user), pk=pk)
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    logger.info("api token %s revoked by %s", token.pk, request.user.pk)
    messages.success(request, f"Le jeton « {token.name} » est révoqué.")
    return redirect("api:token_list")
