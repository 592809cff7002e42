"""Crèche staff pages: thin views over `staffing.services` (managers of the crèche only)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from maillage.accounts.perms import WRONG_ROLE_MESSAGE
from maillage.childcare.forms import apply_errors as apply_validation_error
from maillage.childcare.models import Nursery
from maillage.staffing import imports, services
from maillage.staffing.forms import (
    OccupancyForm,
    StaffAbsenceForm,
    StaffEndForm,
    StaffImportForm,
    StaffMemberForm,
    StaffPostsForm,
)
from maillage.staffing.models import StaffMember
from maillage.staffing.perms import can_manage_nursery_staff

HORIZON_DAYS = 14


def _nursery(request: HttpRequest, pk: int) -> Nursery:
    if not can_manage_nursery_staff(request.user):
        raise PermissionDenied(WRONG_ROLE_MESSAGE)
    scope = (
        Nursery.objects.all()
        if request.user.is_superuser
        else Nursery.objects.managed_by(request.user)
    )
    return get_object_or_404(scope, pk=pk)


@login_required
@require_http_methods(["GET"])
def staff_overview(request: HttpRequest, pk: int) -> HttpResponse:
    nursery = _nursery(request, pk)
    today = timezone.localdate()
    days = services.nursery_staffing_days(nursery=nursery, first=today, days=HORIZON_DAYS)
    vacancies = services.nursery_vacancies(nursery=nursery, on=today)
    members = StaffMember.objects.filter(nursery=nursery).in_post_on(today)
    return render(
        request,
        "staffing/overview.html",
        {
            "nursery": nursery,
            "days": days,
            "gap_days": [d for d in days if d.has_gap],
            "vacancies": vacancies,
            "vacant_fte": sum((v.vacant_fte for v in vacancies), start=0),
            "members": members.prefetch_related("absences"),
            "end_form": StaffEndForm(),
            "today": today,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_posts(request: HttpRequest, pk: int) -> HttpResponse:
    nursery = _nursery(request, pk)
    current = dict(nursery.staff_posts.values_list("qualification", "authorised_fte"))
    form = StaffPostsForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_posts_set(nursery=nursery, by=request.user, posts=form.posts())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "Les postes autorisés sont enregistrés.")
            return redirect("staffing:overview", pk=nursery.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "staffing/posts.html",
        {
            "nursery": nursery,
            "form": form,
            "heading": "Postes autorisés",
            "submit_label": "Enregistrer les postes",
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_member_new(request: HttpRequest, pk: int) -> HttpResponse:
    nursery = _nursery(request, pk)
    form = StaffMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            services.staff_member_add(
                nursery=nursery,
                by=request.user,
                qualification=cd["qualification"],
                weekly_hours=cd["weekly_hours"],
                working_days=form.working_days(),
                contract_type=cd["contract_type"],
                start_date=cd["start_date"],
                end_date=cd["end_date"],
                label=cd["label"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "Le professionnel est ajouté à l'équipe.")
            return redirect("staffing:overview", pk=nursery.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "staffing/member_form.html",
        {
            "nursery": nursery,
            "form": form,
            "heading": "Ajouter un professionnel",
            "submit_label": "Ajouter à l'équipe",
        },
        status=status,
    )


@login_required
@require_http_methods(["POST"])
def staff_member_leave(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    nursery = _nursery(request, pk)
    member = get_object_or_404(StaffMember.objects.filter(nursery=nursery), pk=member_pk)
    form = StaffEndForm(request.POST)
    if form.is_valid():
        try:
            services.staff_member_end(
                member=member, by=request.user, end_date=form.cleaned_data["end_date"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                "Le départ est enregistré : le poste apparaît comme vacant après cette date.",
            )
    else:
        messages.error(request, "Indiquez une date de départ valide.")
    return redirect("staffing:overview", pk=nursery.pk)


@login_required
@require_http_methods(["GET", "POST"])
def staff_absence_new(request: HttpRequest, pk: int) -> HttpResponse:
    nursery = _nursery(request, pk)
    members = StaffMember.objects.filter(nursery=nursery).in_post_on(timezone.localdate())
    form = StaffAbsenceForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            services.staff_absence_record(
                member=cd["member"],
                by=request.user,
                start_date=cd["start_date"],
                end_date=cd["end_date"],
                kind=cd["kind"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request, "L'absence est enregistrée : les places de ces jours sont recalculées."
            )
            return redirect("staffing:overview", pk=nursery.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "staffing/absence_form.html",
        {
            "nursery": nursery,
            "form": form,
            "heading": "Déclarer une absence",
            "submit_label": "Enregistrer l'absence",
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_substitute_request(request: HttpRequest, pk: int, day: str) -> HttpResponse:
    nursery = _nursery(request, pk)
    try:
        date = dt.date.fromisoformat(day)
    except ValueError:
        raise Http404("Date invalide") from None
    rows = services.nursery_staffing_days(nursery=nursery, first=date, days=1)
    if not rows:
        raise Http404("Crèche fermée ce jour-là")
    staffing_day = rows[0]
    prefill = services.substitute_prefill(nursery=nursery, staffing_day=staffing_day)
    error = ""
    if request.method == "POST":
        try:
            created = services.staffing_substitute_request_send(
                nursery=nursery, day=date, by=request.user, note=request.POST.get("note", "")[:500]
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, created.staffing_summary)
            return redirect("jobs:substitute_detail", pk=created.pk)
    return render(
        request,
        "staffing/substitute_request.html",
        {"nursery": nursery, "staffing_day": staffing_day, "prefill": prefill, "error": error},
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_import(request: HttpRequest, pk: int) -> HttpResponse:
    nursery = _nursery(request, pk)
    form = StaffImportForm(request.POST or None, request.FILES or None)
    report = None
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        raw = form.cleaned_data["file"].read(imports.MAX_BYTES + 1)
        dry_run = request.POST.get("action") != "import"
        try:
            report = imports.staff_import(
                nursery=nursery, by=request.user, raw=raw, dry_run=dry_run
            )
        except imports.StaffImportError as exc:
            errors = exc.errors
        else:
            if not dry_run:
                messages.success(
                    request,
                    f"Personnel importé : {report.created} ajout(s), {report.updated} mise(s) à jour, "
                    f"{report.unchanged} inchangé(s).",
                )
                return redirect("staffing:overview", pk=nursery.pk)
    return render(
        request,
        "staffing/import.html",
        {"nursery": nursery, "form": form, "report": report, "errors": errors},
        status=400 if errors else 200,
    )


@require_http_methods(["GET"])
def staff_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(imports.TEMPLATE, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="modele-personnel-creche.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def staff_occupancy(request: HttpRequest, pk: int) -> HttpResponse:
    """The month's hours offered and billed: the crèche's occupancy rate."""
    nursery = _nursery(request, pk)
    form = OccupancyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            row = services.occupancy_record(
                nursery=nursery,
                by=request.user,
                month=cd["month"],
                hours_offered=cd["hours_offered"],
                hours_billed=cd["hours_billed"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            rate = str(row.rate).replace(".", ",")
            messages.success(
                request,
                f"Activité de {row.month:%m/%Y} enregistrée : taux d'occupation de {rate} %.",
            )
            return redirect("staffing:overview", pk=nursery.pk)
    return render(
        request,
        "staffing/occupancy_form.html",
        {
            "nursery": nursery,
            "form": form,
            "heading": "Activité du mois",
            "submit_label": "Enregistrer l'activité",
            "months": nursery.occupancy_months.all()[:12],
        },
        status=400 if request.method == "POST" else 200,
    )
