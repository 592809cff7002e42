"""Services of occasional care (typed, keyword-only, under transaction.atomic)."""

from maillage.occasional.services.accept import occasional_offer_accept, occasional_offer_decline
from maillage.occasional.services.common import TAKEN_MESSAGE, OccasionalUnavailable
from maillage.occasional.services.requests import (
    occasional_request_cancel,
    occasional_request_create,
    occasional_request_match,
    occasional_request_propose,
)
from maillage.occasional.services.slots import (
    occasional_slot_declare_childminder,
    occasional_slot_declare_nursery,
    occasional_slot_withdraw,
)

__all__ = [
    "TAKEN_MESSAGE",
    "OccasionalUnavailable",
    "occasional_offer_accept",
    "occasional_offer_decline",
    "occasional_request_cancel",
    "occasional_request_create",
    "occasional_request_match",
    "occasional_request_propose",
    "occasional_slot_declare_childminder",
    "occasional_slot_declare_nursery",
    "occasional_slot_withdraw",
]
