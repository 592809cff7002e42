"""« Mes données »: see and download everything held about me, delete my account."""

from __future__ import annotations

import json
import logging

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from maillage.privacy import retention
from maillage.privacy.forms import AccountDeleteForm
from maillage.privacy.models import FileAccess
from maillage.privacy.perms import can_manage_own_data
from maillage.privacy.services.erasure import account_delete
from maillage.privacy.services.export import user_data, user_data_json

logger = logging.getLogger(__name__)


def _check(request: HttpRequest) -> None:
    if not can_manage_own_data(request.user):
        raise PermissionDenied


@login_required
@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    _check(request)
    accesses = FileAccess.objects.filter(family=request.user).select_related("need")[:200]
    return render(
        request,
        "privacy/my_data.html",
        {
            "sections": [s for s in user_data(request.user) if s.key != "consultations"],
            "accesses": accesses,
            "closed_years": retention.CLOSED_RECORD_YEARS,
            "inactivity_years": retention.INACTIVITY_DELTA.days // 365,
        },
    )


@login_required
@require_GET
def my_data_download(request: HttpRequest) -> HttpResponse:
    _check(request)
    body = json.dumps(
        user_data_json(request.user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="mes-donnees-maillage-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete_view(request: HttpRequest) -> HttpResponse:
    _check(request)
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        account_delete(user=user, by=user)
        logout(request)
        return redirect("privacy:account_deleted")
    return render(request, "privacy/account_delete.html", {"form": form})


@require_GET
def account_deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/account_deleted.html")
