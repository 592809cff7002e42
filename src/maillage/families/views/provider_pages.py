"""Providers' public pages, reached from the public search (no account needed)."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from maillage.childcare.models import Childminder, Mam, Nursery
from maillage.childcare.public_page import childminder_page, mam_page, nursery_page
from maillage.territory.models import Commune


def _near(request: HttpRequest) -> Commune | None:
    code = request.GET.get("depuis", "")
    return Commune.objects.filter(code=code).first() if code else None


def _render(request: HttpRequest, page: dict[str, object]) -> HttpResponse:
    return render(request, "families/public/provider.html", {"page": page, "preview": False})


@transaction.non_atomic_requests
@require_GET
def childminder_public(request: HttpRequest, pk: int) -> HttpResponse:
    cm = get_object_or_404(
        Childminder.objects.visible(timezone.localdate())
        .select_related("user", "commune", "mam")
        .prefetch_related("children_in_care"),
        pk=pk,
    )
    return _render(request, childminder_page(cm, near=_near(request)))


@transaction.non_atomic_requests
@require_GET
def nursery_public(request: HttpRequest, pk: int) -> HttpResponse:
    nursery = get_object_or_404(
        Nursery.objects.offered().select_related("commune").prefetch_related("age_groups"),
        pk=pk,
    )
    return _render(request, nursery_page(nursery, near=_near(request)))


@transaction.non_atomic_requests
@require_GET
def mam_public(request: HttpRequest, pk: int) -> HttpResponse:
    mam = get_object_or_404(Mam.objects.select_related("commune"), pk=pk)
    page = mam_page(mam, near=_near(request))
    if not page["members"]:
        raise Http404("Cette maison d'assistants maternels n'a pas de page publique.")
    return _render(request, page)
