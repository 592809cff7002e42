from maillage.childcare.views.childminder import availability, childminder_profile
from maillage.childcare.views.inbox import inbox, inbox_action
from maillage.childcare.views.nursery import commission, nursery_list, nursery_places

__all__ = [
    "availability",
    "childminder_profile",
    "commission",
    "inbox",
    "inbox_action",
    "nursery_list",
    "nursery_places",
]
