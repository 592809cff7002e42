"""Childcare factories named after real situations.

ChildminderFactory()                         agrément of 3, Mon–Fri 7:30–18:30, free now
ChildminderFactory(expired_agrement=True)    agrément no longer valid: hidden
ChildminderFactory(never_updated=True)       availability never confirmed (stale)
ChildminderFactory(no_place_declared=True)   "pas de place libre"
ChildInCareFactory(childminder=cm, morning=True)    Mon–Fri 8:00–12:00
ChildInCareFactory(childminder=cm, afternoon=True)  Mon–Fri 13:00–18:00
ChildminderFactory(unclaimed_from_register=True)  imported, inactive account, not offered
NurseryFactory(managers=[user]), NurseryFactory(avip=True)
NurseryFactory(unclaimed_from_register=True), NurseryFactory(pending=True)
NurseryAgeGroupFactory(nursery=n)            babies' section, 10 places, 8 taken
"""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from maillage.childcare.enums import AgeGroupKind, NurseryKind, StructureStatus
from maillage.childcare.models import ChildInCare, Childminder, Nursery, NurseryAgeGroup
from maillage.core.schedule import week_from_ranges
from tests.accounts.factories import ChildminderUserFactory
from tests.territory.factories import CommuneFactory


def weekdays(start: str, end: str, days: range = range(5)) -> str:
    return week_from_ranges({day: [(start, end)] for day in days})


class ChildminderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Childminder

    user = factory.SubFactory(ChildminderUserFactory)
    commune = factory.SubFactory(CommuneFactory)
    address = factory.Faker("street_address", locale="fr_FR")
    latitude = factory.LazyAttribute(lambda o: o.commune.latitude)
    longitude = factory.LazyAttribute(lambda o: o.commune.longitude)
    agrement_number = factory.Sequence(lambda n: f"AG-93-{n:05d}")
    agrement_capacity = 3
    agrement_valid_until = factory.LazyFunction(
        lambda: timezone.localdate() + dt.timedelta(days=700)
    )
    working_hours = factory.LazyFunction(lambda: weekdays("07:30", "18:30"))
    available_from = factory.LazyFunction(timezone.localdate)
    availability_updated_at = factory.LazyFunction(timezone.now)
    languages = "français"

    class Params:
        expired_agrement = factory.Trait(
            agrement_valid_until=factory.LazyFunction(
                lambda: timezone.localdate() - dt.timedelta(days=1)
            )
        )
        never_updated = factory.Trait(availability_updated_at=None)
        no_place_declared = factory.Trait(available_from=None, free_places=[None])
        # Loaded from the PMI register: inactive account without password, never confirmed.
        unclaimed_from_register = factory.Trait(
            claimed_at=None,
            availability_updated_at=None,
            user=factory.SubFactory(
                ChildminderUserFactory,
                is_active=False,
                email_verified=False,
                password=factory.django.Password(None),
            ),
        )


class ChildInCareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChildInCare

    childminder = factory.SubFactory(ChildminderFactory)
    age_months = 18
    schedule = factory.LazyFunction(lambda: weekdays("08:00", "17:00"))

    class Params:
        morning = factory.Trait(schedule=factory.LazyFunction(lambda: weekdays("08:00", "12:00")))
        afternoon = factory.Trait(schedule=factory.LazyFunction(lambda: weekdays("13:00", "18:00")))
        school_age = factory.Trait(age_months=48)


class NurseryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nursery
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Crèche des Lilas {n}")
    kind = NurseryKind.COLLECTIVE
    commune = factory.SubFactory(CommuneFactory)
    address = factory.Faker("street_address", locale="fr_FR")
    latitude = factory.LazyAttribute(lambda o: o.commune.latitude)
    longitude = factory.LazyAttribute(lambda o: o.commune.longitude)
    opening_hours = factory.LazyFunction(lambda: weekdays("07:30", "19:00"))

    class Params:
        avip = factory.Trait(is_avip=True, avip_share="0.30")
        # Loaded from the EAJE register: no manager has claimed it yet.
        unclaimed_from_register = factory.Trait(claimed_at=None, availability_updated_at=None)
        # Declared by its manager on the public sign-up page, not yet validated.
        pending = factory.Trait(status=StructureStatus.PENDING)
        refused = factory.Trait(status=StructureStatus.REFUSED, refusal_reason="Hors PMI")

    @factory.post_generation
    def managers(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.managers.set(extracted)


class NurseryAgeGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NurseryAgeGroup

    nursery = factory.SubFactory(NurseryFactory)
    kind = AgeGroupKind.BABIES
    min_age_months = 2
    max_age_months = 18
    places = 10
    places_taken = 8
