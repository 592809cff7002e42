from maillage.childcare.views.childminder import availability, childminder_profile
from maillage.childcare.views.commission import (
    commission_adjust_view,
    commission_detail,
    commission_export,
    commission_list,
    commission_move,
    commission_new,
    commission_print,
    commission_status,
    commission_validate_view,
)
from maillage.childcare.views.inbox import inbox, inbox_action
from maillage.childcare.views.nursery import nursery_list, nursery_places

__all__ = [
    "availability",
    "childminder_profile",
    "commission_adjust_view",
    "commission_detail",
    "commission_export",
    "commission_list",
    "commission_move",
    "commission_new",
    "commission_print",
    "commission_status",
    "commission_validate_view",
    "inbox",
    "inbox_action",
    "nursery_list",
    "nursery_places",
]
