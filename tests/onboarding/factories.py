"""Onboarding factories named after real situations.

TerritoryAdminFactory()                    a Caf agent of Seine-Saint-Denis (93)
TerritoryAdminFactory(departements=["75"]) an agent of Paris only
"""

from __future__ import annotations

import factory

from maillage.accounts.enums import Organisation, Role
from tests.accounts.factories import UserFactory, _set_departements


class TerritoryAdminFactory(UserFactory):
    role = Role.TERRITORY_ADMIN
    organisation = Organisation.CAF
    email = factory.Sequence(lambda n: f"agent{n}@caf-exemple.fr")

    @factory.post_generation
    def departements(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        _set_departements(self, create, ["93"] if extracted is None else extracted)
