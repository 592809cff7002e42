"""Thin views of the jobs app: parse, check permission, call one service, render."""

from maillage.jobs.views.applications import (
    application_decide,
    application_detail,
    application_withdraw_view,
    apply,
    employer_inbox,
    job_offer_close_view,
    my_applications,
)
from maillage.jobs.views.candidate import (
    candidate_profile,
    my_path,
    offer_list,
    reservist_join_view,
    substitute_offer,
    training_apply_view,
)
from maillage.jobs.views.counsellor import (
    agrement_complete_view,
    candidate_detail,
    candidate_need_link_view,
    counsellor_candidates,
    meeting_manage,
    path_advance_view,
    path_drop_out_view,
    path_orient_view,
    training_manage,
)
from maillage.jobs.views.employers import (
    employer_offers,
    immersion_manage,
    offer_candidates,
    substitute_detail,
    substitute_list,
)
from maillage.jobs.views.events import (
    event_register_view,
    meeting_attendance,
    meeting_detail,
    meeting_register_candidate,
    meeting_stop_add,
    registration_cancel_view,
)
from maillage.jobs.views.invitations import (
    invitation_answer,
    invitation_decline_view,
    invitation_send_view,
)
from maillage.jobs.views.public import public_offers
from maillage.jobs.views.territory import (
    territory_path_adapt,
    territory_path_edit,
    territory_path_set,
    territory_paths,
)

__all__ = [
    "territory_path_adapt",
    "territory_path_edit",
    "territory_path_set",
    "territory_paths",
    "event_register_view",
    "meeting_attendance",
    "meeting_detail",
    "meeting_register_candidate",
    "meeting_stop_add",
    "registration_cancel_view",
    "application_decide",
    "application_detail",
    "application_withdraw_view",
    "apply",
    "employer_inbox",
    "invitation_answer",
    "invitation_decline_view",
    "invitation_send_view",
    "job_offer_close_view",
    "my_applications",
    "public_offers",
    "reservist_join_view",
    "agrement_complete_view",
    "candidate_detail",
    "candidate_need_link_view",
    "candidate_profile",
    "counsellor_candidates",
    "employer_offers",
    "immersion_manage",
    "meeting_manage",
    "my_path",
    "offer_candidates",
    "offer_list",
    "path_advance_view",
    "path_drop_out_view",
    "path_orient_view",
    "substitute_detail",
    "substitute_list",
    "substitute_offer",
    "training_apply_view",
    "training_manage",
]
