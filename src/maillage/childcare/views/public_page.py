"""A provider's own view of her public page: what families see (preview), what she edits,
and for a childminder the demand around her."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from maillage.accounts.perms import role_required
from maillage.childcare.demand_signal import demand_signal
from maillage.childcare.forms_public import ChildminderPublicPageForm, NurseryPublicPageForm
from maillage.childcare.models import Childminder, Nursery
from maillage.childcare.perms import CHILDMINDER_ROLES, MANAGER_ROLES
from maillage.childcare.public_page import childminder_page, nursery_page
from maillage.childcare.services.public_page import (
    CHILDMINDER_PUBLIC_FIELDS,
    childminder_public_page_save,
    nursery_public_page_save,
)


@role_required(*CHILDMINDER_ROLES)
@require_http_methods(["GET", "POST"])
def childminder_public_page(request: HttpRequest) -> HttpResponse:
    cm = (
        Childminder.objects.for_user(request.user)
        .select_related("user", "commune", "mam")
        .prefetch_related("children_in_care")
        .first()
    )
    if cm is None:
        messages.info(request, "Complétez d'abord votre profil et votre agrément.")
        return redirect("childcare:childminder_profile")
    initial = {name: getattr(cm, name) for name in CHILDMINDER_PUBLIC_FIELDS}
    if cm.mam_id:
        initial["mam_project"] = cm.mam.project
    form = ChildminderPublicPageForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        mam=cm.mam if cm.mam_id else None,
    )
    if request.method == "POST" and form.is_valid():
        childminder_public_page_save(childminder=cm, by=request.user, data=form.cleaned_data)
        messages.success(request, "Votre page publique est à jour.")
        return redirect("childcare:childminder_public_page")
    return render(
        request,
        "childcare/public_page.html",
        {
            "form": form,
            "page": childminder_page(cm),
            "public_url": f"/recherche/assistante-maternelle/{cm.pk}/",
            "signal": demand_signal(cm),
            "heading": "Ma page publique",
        },
        status=400 if request.method == "POST" else 200,
    )


@role_required(*MANAGER_ROLES)
@require_http_methods(["GET", "POST"])
def nursery_public_page(request: HttpRequest, pk: int) -> HttpResponse:
    nursery = get_object_or_404(
        Nursery.objects.managed_by(request.user)
        .select_related("commune")
        .prefetch_related("age_groups"),
        pk=pk,
    )
    form = NurseryPublicPageForm(
        request.POST if request.method == "POST" else None, initial={"project": nursery.project}
    )
    if request.method == "POST" and form.is_valid():
        nursery_public_page_save(
            nursery=nursery, by=request.user, project=form.cleaned_data["project"]
        )
        messages.success(request, "La page publique de la crèche est à jour.")
        return redirect("childcare:nursery_public_page", pk=nursery.pk)
    return render(
        request,
        "childcare/public_page.html",
        {
            "form": form,
            "page": nursery_page(nursery),
            "public_url": f"/recherche/creche/{nursery.pk}/",
            "signal": None,
            "heading": f"Page publique — {nursery.name}",
        },
        status=400 if request.method == "POST" else 200,
    )
