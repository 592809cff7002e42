"""Pages of a territory administrator: upload a register, read its preview, import it,
download its error report and confirm the providers who left the register."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from maillage.accounts.perms import WRONG_ROLE_MESSAGE, can_manage_supply
from maillage.registers.enums import ImportKind
from maillage.registers.formats import FORMATS, TEMPLATES
from maillage.registers.forms import RegisterUploadForm, departements_of
from maillage.registers.models import RegisterImport
from maillage.registers.services import (
    ImportReport,
    departures_pending,
    errors_csv,
    register_departure_decide,
    register_upload_confirm,
    register_upload_save,
)


def _guard(request: HttpRequest) -> None:
    if not can_manage_supply(request.user):
        raise PermissionDenied(WRONG_ROLE_MESSAGE)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    _guard(request)
    form = RegisterUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            record = register_upload_save(
                by=request.user,
                kind=form.cleaned_data["kind"],
                departement=form.cleaned_data["departement"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("registers:preview", pk=record.pk)
    imports = RegisterImport.objects.visible_to(request.user).select_related("departement")[:20]
    return render(
        request,
        "registers/home.html",
        {
            "form": form,
            "imports": imports,
            "formats": [FORMATS[k] for k in ImportKind.values],
        },
        status=400 if form.errors else 200,
    )


def _record(request: HttpRequest, pk: int) -> RegisterImport:
    _guard(request)
    return get_object_or_404(RegisterImport.objects.visible_to(request.user), pk=pk)


@login_required
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record(request, pk)
    report = ImportReport.from_json(record.report) if record.report else None
    return render(
        request,
        "registers/preview.html",
        {"record": record, "report": report, "running": record.status in ("checking", "importing")},
    )


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record(request, pk)
    try:
        record = register_upload_confirm(record=record, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("registers:preview", pk=record.pk)
    if record.status == "imported":
        report = ImportReport.from_json(record.report)
        messages.success(request, f"Import terminé : {report.summary()}")
    return redirect("registers:preview", pk=record.pk)


@login_required
def error_report(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record(request, pk)
    report = ImportReport.from_json(record.report or {"kind": record.kind, "dry_run": True})
    response = HttpResponse(errors_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="erreurs-import-{record.pk}.csv"'
    return response


def template(request: HttpRequest, kind: str, ext: str) -> HttpResponse:
    """The downloadable template of a format (public: the format is public too)."""
    if kind not in TEMPLATES or ext not in ("csv", "xlsx"):
        raise Http404
    name = FORMATS[kind].filename
    if ext == "csv":
        body: bytes = ("\ufeff" + "\n".join(TEMPLATES[kind]) + "\n").encode("utf-8")
        content_type = "text/csv; charset=utf-8"
    else:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        for line in TEMPLATES[kind]:
            sheet.append(line.split(";"))  # type: ignore[union-attr]
        buffer = io.BytesIO()
        book.save(buffer)
        body = buffer.getvalue()
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{ext}"'
    return response


@login_required
def departures(request: HttpRequest) -> HttpResponse:
    _guard(request)
    codes = list(departements_of(request.user).values_list("code", flat=True))
    pending = departures_pending(departements=codes)
    return render(
        request,
        "registers/departures.html",
        {
            "childminders": pending["childminder"].select_related("user")[:500],
            "nurseries": pending["nursery"][:500],
            "mams": pending["mam"][:500],
        },
    )


@login_required
@require_POST
def departure_decide(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    _guard(request)
    if kind not in ("childminder", "nursery", "mam"):
        raise Http404
    confirm_left = request.POST.get("decision") == "confirm"
    try:
        register_departure_decide(kind=kind, pk=pk, by=request.user, confirm=confirm_left)
    except ObjectDoesNotExist:
        raise Http404 from None
    messages.success(
        request,
        "Sortie du registre confirmée : ce mode d'accueil n'est plus proposé aux familles."
        if confirm_left
        else "Mode d'accueil gardé au registre.",
    )
    return redirect("registers:departures")
