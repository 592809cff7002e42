"""Demo data of the recruiting side, called by the demo command when present.

Every figure here is illustrative: trainings, meetings and paths are plausible, not real.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from maillage.core.schedule import week_from_ranges
from maillage.jobs.enums import (
    ContractType,
    DropOutReason,
    Funding,
    MeetingKind,
    Qualification,
    Transport,
)
from maillage.jobs.models import (
    CandidateProfile,
    ImmersionOffer,
    InfoMeeting,
    JobOffer,
    PathTemplate,
    PathTerritorySetting,
    RomeJob,
    TrainingOffer,
)
from maillage.jobs.reference import AGREMENT_NA, CAP_VERS_L_ENFANCE, path_templates_load

logger = logging.getLogger(__name__)

ORGANISMS = (
    "Croix-Rouge Compétence",
    "IRTS",
    "Greta",
    "AFPA",
    "Institut de formation petite enfance",
)
TRAINING_TITLES = {
    Qualification.CAP_AEPE: ("CAP Accompagnant éducatif petite enfance", 35, 20),
    Qualification.AUXILIAIRE_PUERICULTURE: ("Diplôme d'État d'auxiliaire de puériculture", 35, 15),
    Qualification.EJE: ("Diplôme d'État d'éducateur de jeunes enfants", 35, 12),
    Qualification.AGREMENT_AM: ("Formation obligatoire des assistants maternels (80 h)", 20, 12),
}


def ensure_path_templates(departement: Any = None) -> dict[str, PathTemplate]:
    """The reference paths (loaded on every install). The demo territory enables « Cap vers
    l'enfance » and runs its own agrément path, adapted from the Nouvelle-Aquitaine one."""
    templates = path_templates_load()
    if departement is None:
        return templates
    from maillage.jobs.services.territory_paths import path_adapt
    from maillage.territory.models import Departement

    if not isinstance(departement, Departement):
        departement = Departement.objects.get(code=departement)
    PathTerritorySetting.objects.get_or_create(
        template=templates[CAP_VERS_L_ENFANCE],
        departement=departement,
        defaults={"local_note": "Parcours proposé par le territoire de démonstration."},
    )
    agrement = templates[AGREMENT_NA]
    if departement.region_id not in agrement.origin_regions:
        templates = {
            **templates,
            AGREMENT_NA: path_adapt(template=agrement, departement=departement, by=None),
        }
    return templates


def _random_week(rng: random.Random) -> str:
    choice = rng.random()
    if choice < 0.5:
        return week_from_ranges({d: [("07:30", "18:30")] for d in range(5)})
    if choice < 0.8:
        return week_from_ranges({d: [("08:30", "16:30")] for d in range(4)})
    return week_from_ranges({d: [("06:00", "21:00")] for d in range(6)})


def seed_jobs(
    *, departement: Any, communes: Sequence[Any], rng: random.Random, scale: float = 1.0
) -> dict[str, int]:
    """Trainings, meetings, immersions, job offers, candidates and paths in these communes."""
    from maillage.accounts.enums import Role
    from maillage.accounts.models import User
    from maillage.childcare.models import Mam, Nursery
    from maillage.jobs.services.catalogue import rome_import
    from maillage.jobs.services.paths import path_drop_out, path_stage_advance, path_start

    communes = list(communes)
    if not communes:
        return {}
    dep_code = getattr(departement, "code", departement)
    today = timezone.localdate()
    counts: dict[str, int] = {}
    if not RomeJob.objects.exists():
        rome_import()
    templates = ensure_path_templates(departement)
    rome = {job.code: job for job in RomeJob.objects.all()}

    with transaction.atomic():
        trainings = []
        for index in range(max(4, round(6 * scale))):
            qualification = list(TRAINING_TITLES)[index % len(TRAINING_TITLES)]
            title, hours, seats = TRAINING_TITLES[qualification]
            commune = rng.choice(communes)
            start = today + timedelta(days=rng.randint(15, 180))
            trainings.append(
                TrainingOffer(
                    organisation=rng.choice(ORGANISMS),
                    title=title,
                    qualification=qualification,
                    commune=commune,
                    latitude=commune.latitude,
                    longitude=commune.longitude,
                    start_date=start,
                    end_date=start + timedelta(days=rng.choice((60, 180, 300))),
                    hours_per_week=hours,
                    seats=seats,
                    prerequisites="Projet validé avec un(e) conseiller(ère)",
                    funding=rng.choice(list(Funding.values)),
                )
            )
        TrainingOffer.objects.bulk_create(trainings, ignore_conflicts=True)
        counts["trainings"] = len(trainings)

        meetings = []
        for month in range(4):
            commune = rng.choice(communes)
            starts = timezone.make_aware(
                datetime.combine(today + timedelta(days=10 + 30 * month), time(14, 0))
            )
            meetings.append(
                InfoMeeting(
                    kind=MeetingKind.AGREMENT_INFO,
                    title="Devenir assistant(e) maternel(le)",
                    organiser=f"PMI du département {dep_code}",
                    commune=commune,
                    latitude=commune.latitude,
                    longitude=commune.longitude,
                    starts_at=starts,
                    path_template=templates[AGREMENT_NA],
                )
            )
            meetings.append(
                InfoMeeting(
                    kind=MeetingKind.DISCOVERY,
                    title="Escape game « Cap vers l'enfance »",
                    organiser="France Travail",
                    commune=commune,
                    latitude=commune.latitude,
                    longitude=commune.longitude,
                    starts_at=starts + timedelta(days=7),
                    seats=12,
                    path_template=templates[CAP_VERS_L_ENFANCE],
                )
            )
        InfoMeeting.objects.bulk_create(meetings)
        counts["info_meetings"] = len(meetings)

        codes = [c.code for c in communes]
        nurseries = list(Nursery.objects.filter(commune_id__in=codes)[: max(3, round(20 * scale))])
        mams = list(Mam.objects.filter(commune_id__in=codes)[: max(2, round(10 * scale))])
        immersions, offers = [], []
        for host in [*nurseries, *mams]:
            is_nursery = isinstance(host, Nursery)
            start = today + timedelta(days=rng.randint(7, 60))
            immersions.append(
                ImmersionOffer(
                    nursery=host if is_nursery else None,
                    mam=None if is_nursery else host,
                    title=f"Immersion (PMSMP) — {host.name}",
                    commune_id=host.commune_id,
                    latitude=host.latitude,
                    longitude=host.longitude,
                    start_date=start,
                    end_date=start + timedelta(days=30),
                    days=rng.choice((3, 5, 10)),
                )
            )
            if is_nursery and "J1304" in rome:
                job, qualification = rng.choice(
                    [
                        ("J1304", Qualification.AUXILIAIRE_PUERICULTURE),
                        ("K1307", Qualification.CAP_AEPE),
                        ("K1202", Qualification.EJE),
                    ]
                )
                offers.append(
                    JobOffer(
                        nursery=host,
                        rome=rome[job],
                        title=rome[job].label,
                        required_qualification=qualification,
                        contract_type=rng.choice([ContractType.CDI, ContractType.CDD]),
                        hours_per_week=rng.choice((28, 35)),
                        schedule=_random_week(rng),
                        start_date=today + timedelta(days=rng.randint(7, 90)),
                        commune_id=host.commune_id,
                        latitude=host.latitude,
                        longitude=host.longitude,
                        status="published",
                        published_at=timezone.now(),
                    )
                )
        ImmersionOffer.objects.bulk_create(immersions)
        JobOffer.objects.bulk_create(offers)
        counts["immersions"] = len(immersions)
        counts["job_offers"] = len(offers)

        n_candidates = max(5, round(40 * scale))
        emails = [f"candidat.demo.{dep_code}.{i}@exemple.fr" for i in range(n_candidates)]
        existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
        users = []
        for email in emails:
            if email in existing:
                continue
            user = User(
                email=email,
                role=Role.CANDIDATE,
                is_job_seeker=True,
                first_name="Candidate",
                last_name=email.split("@")[0].rsplit(".", 1)[-1],
            )
            user.set_unusable_password()
            users.append(user)
        User.objects.bulk_create(users)
        users = list(User.objects.filter(email__in=[u.email for u in users]))
        profiles = []
        levels = [
            [],
            [],
            [Qualification.CAP_AEPE],
            [Qualification.AUXILIAIRE_PUERICULTURE],
            [Qualification.EJE],
        ]
        for user in users:
            commune = rng.choice(communes)
            profiles.append(
                CandidateProfile(
                    user=user,
                    commune=commune,
                    latitude=commune.latitude + rng.uniform(-0.01, 0.01),
                    longitude=commune.longitude + rng.uniform(-0.01, 0.01),
                    max_distance_km=rng.choice((5, 10, 15, 25)),
                    transport=rng.choice(list(Transport.values)),
                    availability=_random_week(rng),
                    accepts_atypical_hours=rng.random() < 0.3,
                    available_from=today + timedelta(days=rng.randint(0, 60)),
                    qualifications=rng.choice(levels),
                    experience_years=rng.randint(0, 8),
                    substitute_pool_consent=rng.random() < 0.4,
                    needs_childcare=rng.random() < 0.3,
                    visible_to_employers=rng.random() < 0.7,
                )
            )
        CandidateProfile.objects.bulk_create(profiles)
        counts["candidates"] = len(profiles)

    paths = 0
    for profile in CandidateProfile.objects.filter(user__in=users):
        if rng.random() < 0.45:
            continue
        slug = AGREMENT_NA if rng.random() < 0.4 else CAP_VERS_L_ENFANCE
        start = today - timedelta(days=rng.randint(20, 200))
        path = path_start(candidate=profile, template=templates[slug], on=start)
        paths += 1
        on = start
        for _ in range(rng.randint(0, 4)):
            if path.status != "active":
                break
            on += timedelta(days=rng.randint(5, 30))
            if rng.random() < 0.2:
                path_drop_out(
                    path=path,
                    reason=rng.choice(list(DropOutReason.values)[:-1]),
                    on=min(on, today),
                )
            else:
                path_stage_advance(path=path, on=min(on, today), outcome="Étape validée")
    counts["paths"] = paths
    if ensure_demo_candidate(
        communes=communes, today=today, template=templates[CAP_VERS_L_ENFANCE]
    ):
        counts["paths"] += 1
    logger.info("demo jobs %s: %s", dep_code, counts)
    return counts


def ensure_demo_candidate(*, communes: Sequence[Any], today: date, template: Any) -> bool:
    """The demo candidate (Inès) has a profile, is followed by the demo counsellor and is on
    « Cap vers l'enfance »; True when her path was created now."""
    from maillage.accounts.models import User
    from maillage.families.demo_users import DEMO_ACCOUNTS
    from maillage.jobs.services.paths import path_start

    emails = {a.key: a.email for a in DEMO_ACCOUNTS}
    candidate = User.objects.filter(email=emails.get("candidate")).first()
    counsellor = User.objects.filter(email=emails.get("counsellor")).first()
    if candidate is None or not communes:
        return False
    main = max(communes, key=lambda c: (c.population or 0, c.code))
    profile = CandidateProfile.objects.filter(user=candidate).first()
    if profile is None:
        profile = CandidateProfile.objects.create(
            user=candidate,
            commune=main,
            latitude=main.latitude,
            longitude=main.longitude,
            max_distance_km=15,
            transport=Transport.PUBLIC,
            availability=week_from_ranges({d: [("08:00", "18:00")] for d in range(5)}),
            available_from=today,
            qualifications=[Qualification.CAP_AEPE],
            experience_years=2,
            substitute_pool_consent=True,
            substitute_pool_consent_at=timezone.now(),
            visible_to_employers=True,
        )
    if counsellor is not None and profile.counsellor_id != counsellor.pk:
        profile.counsellor = counsellor
        profile.save(update_fields=["counsellor"])
    _demo_activity(profile=profile, manager_email=emails.get("nursery_manager"))
    if profile.paths.exists():
        return False
    path_start(candidate=profile, template=template, on=today, counsellor=counsellor)
    return True


def _demo_activity(*, profile: CandidateProfile, manager_email: str | None) -> None:
    """Something to act on: Inès applied to an offer of the demo manager's crèche and is
    registered to the next information meeting near her (no email sent by the seed)."""
    from maillage.childcare.models import Nursery
    from maillage.jobs.models import Application, EventRegistration

    offer = (
        JobOffer.objects.filter(nursery__managers__email=manager_email, status="published")
        .order_by("pk")
        .first()
    )
    if offer is None:
        nursery = Nursery.objects.filter(managers__email=manager_email).first()
        rome = RomeJob.objects.filter(code="J1304").first()
        if nursery is not None and rome is not None:
            offer = JobOffer.objects.create(
                nursery=nursery,
                rome=rome,
                title="Auxiliaire de puériculture (section des bébés)",
                required_qualification=Qualification.AUXILIAIRE_PUERICULTURE,
                contract_type=ContractType.CDI,
                hours_per_week=35,
                start_date=timezone.localdate() + timedelta(days=30),
                commune_id=nursery.commune_id,
                latitude=nursery.latitude,
                longitude=nursery.longitude,
                status="published",
                published_at=timezone.now(),
            )
    if offer is not None and not Application.objects.filter(candidate=profile).exists():
        Application.objects.create(
            candidate=profile,
            job_offer=offer,
            message="Bonjour, je termine mon CAP AEPE et je suis disponible dès maintenant.",
        )
    meeting = (
        InfoMeeting.objects.filter(
            starts_at__gt=timezone.now(), commune__departement_id=profile.commune.departement_id
        )
        .order_by("starts_at")
        .first()
    )
    if meeting is not None and not profile.registrations.exists():
        from maillage.jobs.services.registrations import _take_seat

        with transaction.atomic():
            taken = _take_seat(meeting.pk)
            EventRegistration.objects.create(
                meeting=meeting, candidate=profile, status="registered" if taken else "waitlisted"
            )
