import datetime as dt
import zoneinfo

import pytest
import time_machine

from tests.territory.factories import CommuneFactory

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
TODAY = dt.date(2026, 3, 2)  # a Monday


@pytest.fixture
def frozen():
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=PARIS), tick=False):
        yield TODAY


@pytest.fixture
def saint_denis(db):
    return CommuneFactory(saint_denis=True)


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login
