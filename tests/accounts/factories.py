"""User factories named after real situations (fr_FR Faker).

    ParentFactory()                         a parent, verified and active
    ParentFactory(job_seeker_parent=True)   a parent registered at France Travail (AVIP)
    ParentFactory(unverified=True)          just signed up, link not yet clicked
    ChildminderUserFactory(), NurseryManagerFactory(), CandidateFactory()
    CounsellorFactory(france_travail=True)  attached to Seine-Saint-Denis (93) by default
    CounsellorFactory(caf=True, departements=["75"], communes=[commune])
    CounsellorFactory(departements=[])      no territory yet
    AnalystFactory(departements=[...]), AdminFactory(), AdminFactory(superuser=True)

Territories are given as objects or codes; missing départements are created on the fly
(with Île-de-France as region).
"""

from __future__ import annotations

import factory

from maillage.accounts.enums import Organisation, Role
from maillage.accounts.models import User
from maillage.territory.models import Commune, Departement
from tests.territory.factories import DepartementFactory

DEFAULT_PASSWORD = "Creche-Lilas-2026"  # noqa: S105


def _departement(value: Departement | str) -> Departement:
    if isinstance(value, Departement):
        return value
    return DepartementFactory(code=value, name=f"Département {value}")


def _commune(value: Commune | str) -> Commune:
    if isinstance(value, Commune):
        return value
    return Commune.objects.get(code=value)


def _set_departements(user: User, create: bool, values: list) -> None:
    if create and values:
        user.territory_departements.set([_departement(d) for d in values])


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    role = Role.PARENT
    is_active = True
    email_verified = True
    phone = factory.Sequence(
        lambda n: f"06 {n // 10000 % 100:02d} {n // 100 % 100:02d} {n % 100:02d} 00"
    )
    password = factory.django.Password(DEFAULT_PASSWORD)

    class Params:
        unverified = factory.Trait(is_active=False, email_verified=False)
        deactivated = factory.Trait(is_active=False, email_verified=True)

    @factory.post_generation
    def departements(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        _set_departements(self, create, extracted or [])

    @factory.post_generation
    def communes(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.territory_communes.set([_commune(c) for c in extracted])


class ParentFactory(UserFactory):
    role = Role.PARENT

    class Params:
        job_seeker_parent = factory.Trait(is_job_seeker=True)


class ChildminderUserFactory(UserFactory):
    role = Role.CHILDMINDER
    first_name = factory.Faker("first_name_female", locale="fr_FR")


class NurseryManagerFactory(UserFactory):
    role = Role.NURSERY_MANAGER


class CandidateFactory(UserFactory):
    role = Role.CANDIDATE

    class Params:
        job_seeker = factory.Trait(is_job_seeker=True)


class CounsellorFactory(UserFactory):
    """A counsellor of Seine-Saint-Denis unless `departements`/`communes` say otherwise."""

    role = Role.COUNSELLOR
    organisation = Organisation.RPE
    email = factory.Sequence(lambda n: f"conseiller{n}@exemple.fr")

    class Params:
        france_travail = factory.Trait(organisation=Organisation.FRANCE_TRAVAIL)
        caf = factory.Trait(organisation=Organisation.CAF)
        rpe = factory.Trait(organisation=Organisation.RPE)

    @factory.post_generation
    def departements(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        _set_departements(self, create, ["93"] if extracted is None else extracted)


class AnalystFactory(UserFactory):
    role = Role.ANALYST
    organisation = Organisation.DEPARTEMENT

    @factory.post_generation
    def departements(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        _set_departements(self, create, ["93"] if extracted is None else extracted)


class AdminFactory(UserFactory):
    role = Role.ADMIN
    is_staff = True

    class Params:
        superuser = factory.Trait(is_superuser=True)
