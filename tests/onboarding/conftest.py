import pytest

from tests.territory.factories import CommuneFactory


@pytest.fixture
def saint_denis():
    return CommuneFactory(saint_denis=True)
