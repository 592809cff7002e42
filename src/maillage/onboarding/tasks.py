"""Background tasks of the onboarding app (django.tasks backport, run by the db worker)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_invitation_reminders() -> int:
    """Remind, once, the providers invited 14 days ago who have not claimed their account."""
    from maillage.onboarding.services import invitation_reminders_send

    return invitation_reminders_send()


@task()
def invite_uninvited_providers(by_id: int, kind: str, departement_codes: list[str]) -> int:
    """Bulk "inviter les non invités" of a territory administrator (thousands of emails)."""
    from maillage.accounts.models import User
    from maillage.onboarding.services import providers_invite_uninvited

    by = User.objects.filter(pk=by_id, is_active=True).first()
    if by is None:
        return 0
    return providers_invite_uninvited(by=by, kind=kind, departement_codes=departement_codes)
