"""A territory pushes its register through the API: the imports' checks, scope, idempotence."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from maillage.childcare.enums import RegisterStatus
from maillage.childcare.models import Childminder
from tests.api.tokens import bearer, make_token
from tests.registers.conftest import CM_HEADER, cm_line
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db
URL = "/api/territoire/registres/assistantes-maternelles/"


@pytest.fixture
def communes(db):
    return CommuneFactory(saint_denis=True)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


def row(number, **kwargs):
    return dict(zip(CM_HEADER.split(";"), cm_line(number, **kwargs).split(";"), strict=True))


def push(client, raw, lines, *, departement="93", simulation=False):
    body = {"departement": departement, "simulation": simulation, "lignes": lines}
    return client.post(URL, body, content_type="application/json", **bearer(raw))


def test_a_simulation_counts_and_writes_nothing_then_the_push_is_idempotent(client, communes):
    raw, _ = make_token(departements=["93"], write=True)
    lines = [row("093-AM-0001"), row("093-AM-0002", email="b@exemple.fr")]

    preview = push(client, raw, lines, simulation=True)
    assert preview.status_code == 200
    assert (preview.json()["crees"], preview.json()["simulation"]) == (2, True)
    assert not Childminder.objects.exists()

    first = push(client, raw, lines)
    assert first.status_code == 200 and first.json()["crees"] == 2
    again = push(client, raw, lines).json()
    assert (again["crees"], again["inchanges"]) == (0, 2)
    assert Childminder.objects.filter(register_status=RegisterStatus.LISTED).count() == 2


def test_one_wrong_line_writes_nothing_and_names_line_and_column(client, communes):
    raw, _ = make_token(departements=["93"], write=True)
    lines = [row("093-AM-0001"), row("093-AM-0002", email="b@exemple.fr", capacite="9")]

    response = push(client, raw, lines)

    assert response.status_code == 400
    body = response.json()
    assert "rien n'a été importé" in body["detail"]
    assert body["erreurs"][0]["ligne"] == 2
    assert body["erreurs"][0]["colonne"] == "capacite"
    assert not Childminder.objects.exists()


def test_scope_write_access_and_unknown_register(client, communes):
    read_only, _ = make_token(departements=["93"])
    assert push(client, read_only, [row("093-AM-0001")]).status_code == 403
    raw, _ = make_token(departements=["93"], write=True)
    assert push(client, raw, [row("093-AM-0001")], departement="75").status_code == 403
    assert push(client, raw, [row("093-AM-0001")], departement="XX").status_code == 400
    assert push(client, raw, []).status_code == 400
    response = client.post(
        "/api/territoire/registres/inconnu/",
        {"departement": "93", "lignes": [row("093-AM-0001")]},
        content_type="application/json",
        **bearer(raw),
    )
    assert response.status_code == 404
    assert Childminder.objects.count() == 0
