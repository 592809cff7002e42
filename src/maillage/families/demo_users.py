"""The fixed demo accounts, one per role, and the profiles that make each demo meaningful.

DEMO ONLY: these accounts share one published password. Never run seed_demo on a
production database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model

from maillage.accounts.enums import Organisation, Role
from maillage.childcare.demo.schedules import days
from maillage.childcare.models import ChildInCare, Childminder, Nursery
from maillage.families.enums import NeedStatus
from maillage.families.models import Need
from maillage.territory.models import Commune, Departement

# DEMO-ONLY password, printed by `manage.py demo_logins`. Not a secret, never for production.
DEMO_PASSWORD = "maillage-demo-2026"  # noqa: S105


@dataclass(frozen=True)
class DemoAccount:
    key: str
    email: str
    role: Role
    label: str
    first_name: str
    last_name: str
    organisation: str = ""


DEMO_ACCOUNTS = (
    DemoAccount(
        "parent",
        "parent@demo.maillage.fr",
        Role.PARENT,
        "Parent demandeuse d'emploi",
        "Awa",
        "Diallo",
    ),
    DemoAccount(
        "childminder",
        "am@demo.maillage.fr",
        Role.CHILDMINDER,
        "Assistante maternelle avec des places libres",
        "Sylvie",
        "Martin",
    ),
    DemoAccount(
        "nursery_manager",
        "creche@demo.maillage.fr",
        Role.NURSERY_MANAGER,
        "Responsable d'une crèche AVIP",
        "Nadia",
        "Benali",
    ),
    DemoAccount(
        "candidate",
        "candidat@demo.maillage.fr",
        Role.CANDIDATE,
        "Candidate aux métiers de la petite enfance",
        "Inès",
        "Traoré",
    ),
    DemoAccount(
        "counsellor",
        "conseiller@demo.maillage.fr",
        Role.COUNSELLOR,
        "Conseiller France Travail du département",
        "Karim",
        "Haddad",
        Organisation.FRANCE_TRAVAIL,
    ),
    DemoAccount(
        "analyst",
        "analyste@demo.maillage.fr",
        Role.ANALYST,
        "Chargée d'études du conseil départemental",
        "Claire",
        "Fontaine",
        Organisation.DEPARTEMENT,
    ),
    DemoAccount(
        "admin",
        "admin@demo.maillage.fr",
        Role.ADMIN,
        "Administrateur (accès à l'administration)",
        "Admin",
        "Maillage",
    ),
)


def ensure_demo_accounts(departement: Departement) -> dict[str, Any]:
    """Create (or refresh) the demo accounts; territorial roles get the département."""
    user_model = get_user_model()
    users: dict[str, Any] = {}
    for account in DEMO_ACCOUNTS:
        user = user_model.objects.filter(email=account.email).first()
        if user is None:
            user = user_model(email=account.email)
        if user.pk is None or not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
        user.role = account.role
        user.first_name, user.last_name = account.first_name, account.last_name
        user.organisation = account.organisation
        user.email_verified = True
        user.is_active = True
        user.is_staff = user.is_superuser = account.role == Role.ADMIN
        user.save()
        if account.role in (Role.COUNSELLOR, Role.ANALYST):
            user.territory_departements.add(departement)
        users[account.key] = user
    return users


def ensure_demo_profiles(
    *, users: dict[str, Any], communes: list[Commune], today: dt.date, now: dt.datetime
) -> None:
    """The demo childminder has two free places, the crèche manager runs an AVIP crèche, the
    parent has an open need followed by the demo counsellor."""
    main = max(communes, key=lambda c: (c.population, c.code))
    am = users["childminder"]
    if not Childminder.objects.filter(user=am).exists():
        working = days(("07:30", "18:30"))
        cm = Childminder.objects.create(
            user=am,
            commune=main,
            address="12 rue de la République",
            latitude=main.latitude,
            longitude=main.longitude,
            birth_year=today.year - 52,
            agrement_number="DEMO-AM-0001",
            agrement_capacity=4,
            agrement_valid_until=today + dt.timedelta(days=3 * 365),
            working_hours=working,
            available_from=today,
            accepts_atypical_hours=True,
            has_garden=True,
            languages="anglais",
            availability_updated_at=now,
        )
        ChildInCare.objects.bulk_create(
            [
                ChildInCare(childminder=cm, age_months=m, schedule=days(("08:00", "18:00")))
                for m in (14, 26)
            ]
        )
    manager = users["nursery_manager"]
    if not manager.managed_nurseries.exists():
        nursery = (
            Nursery.objects.filter(commune__in=communes, is_avip=True).order_by("pk").first()
            or Nursery.objects.filter(commune__in=communes).order_by("pk").first()
        )
        if nursery is not None:
            nursery.managers.add(manager)
    parent = users["parent"]
    if not Need.objects.filter(parent=parent).exists():
        Need.objects.create(
            parent=parent,
            created_by=parent,
            counsellor=users["counsellor"],
            child_first_name="Nour",
            child_birth_date=today - dt.timedelta(days=240),
            commune=main,
            latitude=main.latitude,
            longitude=main.longitude,
            max_distance_km=Decimal("5"),
            start_date=today + dt.timedelta(days=30),
            schedule=days(("07:30", "18:00")),
            job_seeker=True,
            single_parent=True,
            counsellor_referral=True,
            consent_given_at=now,
            status=NeedStatus.OPEN,
        )
