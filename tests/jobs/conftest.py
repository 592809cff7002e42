import pytest

from maillage.jobs.services.catalogue import rome_import


@pytest.fixture
def rome(db):
    rome_import()
