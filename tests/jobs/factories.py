"""Factories of the jobs app, named after real situations.

CandidateProfileFactory()                       a job seeker in Saint-Denis, no diploma yet
CandidateProfileFactory(cap_aepe_in_pool=True)  CAP AEPE, consents to the substitute pool
CandidateProfileFactory(auxiliaire_in_pool=True)
NurseryFactory(), MamFactory(), PathTemplateFactory(agrement=True)
"""

from __future__ import annotations

from datetime import date

import factory

from maillage.accounts.enums import Role
from maillage.accounts.models import User
from maillage.childcare.enums import AgeGroupKind, NurseryKind
from maillage.childcare.models import Mam, Nursery, NurseryAgeGroup
from maillage.core.schedule import week_from_ranges
from maillage.jobs.enums import PathKind, PathStageKind, Qualification
from maillage.jobs.models import CandidateProfile, PathTemplate, PathTemplateStep
from tests.territory.factories import CommuneFactory

WEEKDAYS_DAYTIME = week_from_ranges({d: [("07:00", "19:00")] for d in range(5)})


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.Sequence(lambda n: f"emploi{n}@exemple.fr")
    role = Role.CANDIDATE
    password = factory.django.Password("Creche-Lilas-2026")


def saint_denis():
    return CommuneFactory(saint_denis=True)


class CandidateProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CandidateProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, role=Role.CANDIDATE)
    commune = factory.LazyFunction(saint_denis)
    latitude = factory.LazyAttribute(lambda o: o.commune.latitude)
    longitude = factory.LazyAttribute(lambda o: o.commune.longitude)
    max_distance_km = 15
    availability = WEEKDAYS_DAYTIME
    available_from = date(2026, 1, 5)
    qualifications = factory.LazyFunction(list)

    class Params:
        cap_aepe_in_pool = factory.Trait(
            qualifications=[Qualification.CAP_AEPE], substitute_pool_consent=True
        )
        auxiliaire_in_pool = factory.Trait(
            qualifications=[Qualification.AUXILIAIRE_PUERICULTURE], substitute_pool_consent=True
        )


class NurseryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nursery
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Crèche Les Lilas {n}")
    kind = NurseryKind.MULTI
    commune = factory.LazyFunction(saint_denis)
    latitude = factory.LazyAttribute(lambda o: o.commune.latitude + 0.01)
    longitude = factory.LazyAttribute(lambda o: o.commune.longitude)
    opening_hours = WEEKDAYS_DAYTIME

    @factory.post_generation
    def managers(self, create, extracted, **kwargs):
        if create and extracted:
            self.managers.set(extracted)


class AgeGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NurseryAgeGroup

    nursery = factory.SubFactory(NurseryFactory)
    kind = AgeGroupKind.BABIES
    min_age_months = 2
    max_age_months = 18
    places = 15


class MamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mam

    name = factory.Sequence(lambda n: f"MAM Les Petits Pas {n}")
    commune = factory.LazyFunction(saint_denis)
    latitude = factory.LazyAttribute(lambda o: o.commune.latitude)
    longitude = factory.LazyAttribute(lambda o: o.commune.longitude + 0.01)


def make_template(agrement: bool = False) -> PathTemplate:
    from maillage.jobs.demo import ensure_path_templates
    from maillage.jobs.models import PathTerritorySetting

    templates = ensure_path_templates()
    template = templates[
        "parcours-agrement-nouvelle-aquitaine" if agrement else "cap-vers-l-enfance"
    ]
    # The tests' candidates live in Seine-Saint-Denis: its territory enables the path there.
    departement = saint_denis().departement
    PathTerritorySetting.objects.get_or_create(template=template, departement=departement)
    return template


class PathTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PathTemplate
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"parcours-{n}")
    name = factory.Sequence(lambda n: f"Parcours {n}")
    kind = PathKind.DISCOVERY

    @factory.post_generation
    def steps(self, create, extracted, **kwargs):
        if create:
            kinds = extracted or [PathStageKind.INFORMATION, PathStageKind.TRAINING]
            for order, kind in enumerate(kinds, start=1):
                PathTemplateStep.objects.create(
                    template=self, order=order, kind=kind, title=PathStageKind(kind).label
                )
