"""Helpers shared by the jobs views."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.forms import Form

from maillage.jobs.errors import JobsError
from maillage.jobs.models import CandidateProfile


def require(check: bool) -> None:
    if not check:
        raise PermissionDenied


def profile_or_none(user: Any) -> CandidateProfile | None:
    return (
        CandidateProfile.objects.filter(user=user)
        .select_related("childcare_need", "commune")
        .prefetch_related("desired_jobs")
        .first()
    )


def managed_nurseries(user: Any) -> Any:
    from maillage.childcare.models import Nursery

    if user.role == "admin":
        return Nursery.objects.all()
    return Nursery.objects.filter(managers=user)


def managed_mams(user: Any) -> list[Any]:
    from maillage.jobs.perms import mam_of

    mam = mam_of(user)
    return [mam] if mam else []


def errors_to_form(form: Form, exc: JobsError, field_of: dict[str, str] | None = None) -> None:
    """Put a service's French messages on the form (on a field when a keyword matches)."""
    for message in exc.messages:
        field = next((f for key, f in (field_of or {}).items() if key in message), None)
        form.add_error(field, message)
