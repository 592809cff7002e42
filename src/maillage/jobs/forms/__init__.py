"""Forms of the jobs app (DSFR, French errors on the fields)."""

from maillage.jobs.forms.candidates import CandidateProfileForm
from maillage.jobs.forms.counsellor import (
    AgrementForm,
    DropOutForm,
    InfoMeetingForm,
    NeedLinkForm,
    OrientForm,
    StageAdvanceForm,
    TrainingImportForm,
    TrainingOfferForm,
)
from maillage.jobs.forms.employers import (
    STAFF_FIELDS,
    ImmersionOfferForm,
    JobOfferForm,
    SubstituteRequestForm,
)

__all__ = [
    "STAFF_FIELDS",
    "AgrementForm",
    "CandidateProfileForm",
    "DropOutForm",
    "ImmersionOfferForm",
    "InfoMeetingForm",
    "JobOfferForm",
    "NeedLinkForm",
    "OrientForm",
    "StageAdvanceForm",
    "SubstituteRequestForm",
    "TrainingImportForm",
    "TrainingOfferForm",
]
