"""Factories of the families domain (and the providers a request goes to).

NeedFactory()                          an open need of a parent in Saint-Denis (93)
NeedFactory(job_seeker_parent=True)    the parent is a job seeker followed by France Travail
NeedFactory(without_account=True)      recorded by a counsellor for a family with no account
NeedFactory(draft=True)                not yet opened (no consent)
ContactRequestFactory()                pending request to a childminder
ContactRequestFactory(to_nursery=True) pending request to a crèche
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from maillage.childcare.enums import NurseryKind, StructureStatus
from maillage.childcare.models import Childminder, Nursery
from maillage.core.schedule import week_from_ranges
from maillage.families.enums import NeedStatus
from maillage.families.models import ContactRequest, Need
from tests.accounts.factories import (
    ChildminderUserFactory,
    CounsellorFactory,
    NurseryManagerFactory,
    ParentFactory,
)
from tests.territory.factories import CommuneFactory

WEEKDAYS_8_18 = week_from_ranges({d: [("08:00", "18:00")] for d in range(5)})


class ChildminderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Childminder

    user = factory.SubFactory(ChildminderUserFactory)
    commune = factory.SubFactory(CommuneFactory, saint_denis=True)
    latitude = factory.LazyAttribute(lambda o: o.commune.latitude)
    longitude = factory.LazyAttribute(lambda o: o.commune.longitude)
    agrement_capacity = 4
    agrement_valid_until = dt.date(2029, 6, 30)
    working_hours = week_from_ranges({d: [("07:30", "18:30")] for d in range(5)})

    class Params:
        # Loaded from the PMI register: inactive account without password, never confirmed.
        unclaimed_from_register = factory.Trait(
            claimed_at=None,
            user=factory.SubFactory(
                ChildminderUserFactory, is_active=False, password=factory.django.Password(None)
            ),
        )


class NurseryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nursery
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Multi-accueil Les Lucioles {n}")
    kind = NurseryKind.MULTI
    commune = factory.SubFactory(CommuneFactory, saint_denis=True)
    latitude = factory.LazyAttribute(lambda o: o.commune.latitude)
    longitude = factory.LazyAttribute(lambda o: o.commune.longitude)
    opening_hours = week_from_ranges({d: [("07:30", "18:30")] for d in range(5)})

    class Params:
        unclaimed_from_register = factory.Trait(claimed_at=None)
        pending = factory.Trait(status=StructureStatus.PENDING)

    @factory.post_generation
    def managers(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create:
            self.managers.set(extracted if extracted is not None else [NurseryManagerFactory()])


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need

    parent = factory.SubFactory(ParentFactory)
    created_by = factory.LazyAttribute(lambda o: o.parent or CounsellorFactory())
    child_first_name = "Nour"
    child_birth_date = dt.date(2026, 3, 1)
    commune = factory.SubFactory(CommuneFactory, saint_denis=True)
    latitude = factory.LazyAttribute(lambda o: o.commune.latitude)
    longitude = factory.LazyAttribute(lambda o: o.commune.longitude)
    max_distance_km = Decimal("5")
    start_date = dt.date(2027, 1, 4)
    schedule = WEEKDAYS_8_18
    employed = True
    consent_given_at = factory.LazyFunction(lambda: dt.datetime(2026, 11, 1, 10, 0, tzinfo=dt.UTC))
    status = NeedStatus.OPEN

    class Params:
        job_seeker_parent = factory.Trait(
            job_seeker=True,
            employed=False,
            counsellor_referral=True,
            counsellor=factory.SubFactory(CounsellorFactory, france_travail=True),
        )
        without_account = factory.Trait(
            parent=None,
            family_email="famille.diallo@exemple.fr",
            counsellor=factory.SubFactory(CounsellorFactory, france_travail=True),
            created_by=factory.SelfAttribute("counsellor"),
        )
        draft = factory.Trait(status=NeedStatus.DRAFT, consent_given_at=None)


class ContactRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactRequest

    need = factory.SubFactory(NeedFactory)
    childminder = factory.SubFactory(ChildminderFactory)
    nursery = None

    class Params:
        to_nursery = factory.Trait(childminder=None, nursery=factory.SubFactory(NurseryFactory))
