import datetime as dt
import zoneinfo

import pytest

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def paris(*args):
    return dt.datetime(*args, tzinfo=PARIS)


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login
