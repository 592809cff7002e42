"""Onboarding services: invitations (claim, reminders, colleagues) and structure sign-up."""

from maillage.onboarding.services.invitations import (
    InvalidInvitation,
    colleague_invite,
    colleague_join,
    invitation_for_token,
    invitation_open,
    invitation_reminders_send,
    provider_claim_childminder,
    provider_claim_nursery,
    provider_invite,
    providers_invite_uninvited,
)
from maillage.onboarding.services.structures import (
    structure_refuse,
    structure_signup,
    structure_validate,
)

__all__ = [
    "InvalidInvitation",
    "colleague_invite",
    "colleague_join",
    "invitation_for_token",
    "invitation_open",
    "invitation_reminders_send",
    "provider_claim_childminder",
    "provider_claim_nursery",
    "provider_invite",
    "providers_invite_uninvited",
    "structure_refuse",
    "structure_signup",
    "structure_validate",
]
