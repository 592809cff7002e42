import re

import pytest

from tests.onboarding.factories import TerritoryAdminFactory
from tests.territory.factories import CommuneFactory, DepartementFactory

LINK = re.compile(r"https?://\S+/prestataires/invitation/([^/\s]+)/")


@pytest.fixture
def saint_denis():
    return CommuneFactory(saint_denis=True)


@pytest.fixture
def paris():
    return CommuneFactory(
        code="75056",
        name="Paris",
        postcodes="75001",
        departement=DepartementFactory(code="75", name="Paris"),
    )


@pytest.fixture
def caf_93(saint_denis):
    return TerritoryAdminFactory(departements=[saint_denis.departement])


def link_token(message) -> str:
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture(autouse=True)
def _fresh_index():
    """The families' options index is cached per process: start and end with none."""
    from maillage.families.engine_adapter import clear_indexes

    clear_indexes()
    yield
    clear_indexes()
