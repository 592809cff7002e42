from maillage.jobs.models.applications import Application, ApplicationInvitation
from maillage.jobs.models.candidates import CandidateProfile
from maillage.jobs.models.catalogue import (
    ImmersionOffer,
    InfoMeeting,
    PathTemplate,
    PathTemplateStep,
    PathTerritorySetting,
    RomeJob,
    TrainingOffer,
)
from maillage.jobs.models.employers import (
    JobOffer,
    SubstituteAssignment,
    SubstituteBooking,
    SubstituteNotification,
    SubstituteRequest,
)
from maillage.jobs.models.events import EventRegistration, EventStop
from maillage.jobs.models.paths import CandidatePath, PathStage

__all__ = [
    "Application",
    "ApplicationInvitation",
    "CandidatePath",
    "CandidateProfile",
    "EventRegistration",
    "EventStop",
    "ImmersionOffer",
    "InfoMeeting",
    "JobOffer",
    "PathStage",
    "PathTemplate",
    "PathTemplateStep",
    "PathTerritorySetting",
    "RomeJob",
    "SubstituteAssignment",
    "SubstituteBooking",
    "SubstituteNotification",
    "SubstituteRequest",
    "TrainingOffer",
]
