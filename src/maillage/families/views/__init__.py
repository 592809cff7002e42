"""Views of the families app (thin: parse, check permission, call one service, render)."""

from maillage.families.views.counsellor import (
    counsellor_allocation,
    counsellor_allocation_status,
    counsellor_needs,
    counsellor_unsolved,
)
from maillage.families.views.need_edit import need_edit, need_edit_confirm
from maillage.families.views.parent import (
    contact_request_new,
    home,
    need_cancel,
    need_detail,
    need_list,
    need_results,
    request_cancel,
    request_confirm,
    request_list,
)
from maillage.families.views.wizard import counsellor_need_new, need_new

__all__ = [
    "contact_request_new",
    "counsellor_allocation",
    "counsellor_allocation_status",
    "counsellor_need_new",
    "counsellor_needs",
    "counsellor_unsolved",
    "home",
    "need_cancel",
    "need_detail",
    "need_edit",
    "need_edit_confirm",
    "need_list",
    "need_new",
    "need_results",
    "request_cancel",
    "request_confirm",
    "request_list",
]
