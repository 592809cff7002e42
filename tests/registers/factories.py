import factory

from maillage.accounts.enums import Organisation, Role
from tests.accounts.factories import UserFactory, _set_departements


class TerritoryAdminFactory(UserFactory):
    """A Caf agent administering the supply of Seine-Saint-Denis unless told otherwise."""

    role = Role.TERRITORY_ADMIN
    organisation = Organisation.CAF
    email = factory.Sequence(lambda n: f"admin.territoire{n}@caf.exemple.fr")

    @factory.post_generation
    def departements(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        _set_departements(self, create, ["93"] if extracted is None else extracted)
