"""The territories' API: token scope (départements or one provider), read/write, errors."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from maillage.api.models import ApiToken
from tests.api.tokens import bearer, make_token
from tests.childcare.factories import NurseryAgeGroupFactory
from tests.families.factories import ChildminderFactory, NeedFactory, NurseryFactory
from tests.families.helpers import NOW, TODAY
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def saint_denis():
    return CommuneFactory(saint_denis=True)


@pytest.fixture
def paris():
    return CommuneFactory(code="75056", name="Paris", departement__code="75")


def test_no_token_is_401_and_unknown_token_is_401(client):
    assert client.get("/api/territoire/besoins/").status_code == 401
    response = client.get("/api/territoire/besoins/", **bearer("mllg_faux"))
    assert response.status_code == 401
    assert response.json()["detail"] == "Jeton inconnu ou révoqué."


def test_revoked_token_is_refused(client, saint_denis):
    raw, token = make_token(departements=["93"])
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert client.get("/api/territoire/besoins/", **bearer(raw)).status_code == 401


def test_territory_token_reads_needs_of_its_departements_only(client, saint_denis, paris):
    mine = NeedFactory(commune=saint_denis)
    NeedFactory(commune=paris)
    NeedFactory(commune=saint_denis, draft=True)
    raw, token = make_token(departements=["93"])
    body = client.get("/api/territoire/besoins/", **bearer(raw)).json()
    assert [row["id"] for row in body["results"]] == [mine.pk]
    row = body["results"][0]
    assert row["departement"] == "93" and row["child_age_months"] >= 0
    assert "child_first_name" not in row and "parent" not in row
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_departement_outside_the_token_is_403_and_bad_status_400(client, saint_denis):
    raw, _ = make_token(departements=["93"])
    assert client.get("/api/territoire/besoins/?departement=75", **bearer(raw)).status_code == 403
    response = client.get("/api/territoire/besoins/?statut=draft", **bearer(raw))
    assert response.status_code == 400
    assert client.get("/api/territoire/besoins/?limit=0", **bearer(raw)).status_code == 400


def test_provider_token_cannot_read_the_territory(client, saint_denis):
    minder = ChildminderFactory(commune=saint_denis)
    raw, _ = make_token(childminder=minder, write=True)
    for url in ("besoins", "assistantes-maternelles", "creches"):
        assert client.get(f"/api/territoire/{url}/", **bearer(raw)).status_code == 403


def test_providers_are_listed_without_names_or_addresses(client, saint_denis, paris):
    minder = ChildminderFactory(commune=saint_denis)
    ChildminderFactory(commune=paris)
    nursery = NurseryFactory(commune=saint_denis)
    NurseryAgeGroupFactory(nursery=nursery)
    raw, _ = make_token(departements=["93"])
    minders = client.get("/api/territoire/assistantes-maternelles/", **bearer(raw)).json()
    assert [m["id"] for m in minders["results"]] == [minder.pk]
    assert "address" not in minders["results"][0]
    creches = client.get("/api/territoire/creches/", **bearer(raw)).json()["results"]
    assert creches[0]["sections"][0]["places"] == 10


def _put(client, url, raw, body):
    return client.put(url, body, content_type="application/json", **bearer(raw))


def test_childminder_updates_her_places_with_her_own_token(client, saint_denis):
    minder = ChildminderFactory(commune=saint_denis)
    raw, _ = make_token(childminder=minder, write=True)
    later = (TODAY + dt.timedelta(days=30)).isoformat()
    url = f"/api/territoire/assistantes-maternelles/{minder.pk}/disponibilites/"
    response = _put(client, url, raw, {"places": [later, None]})
    assert response.status_code == 200, response.content
    minder.refresh_from_db()
    assert minder.free_places == [later, None]
    assert minder.available_from.isoformat() == later


def test_a_childminder_token_cannot_touch_another_one(client, saint_denis):
    minder, other = ChildminderFactory(commune=saint_denis), ChildminderFactory(commune=saint_denis)
    raw, _ = make_token(childminder=minder, write=True)
    url = f"/api/territoire/assistantes-maternelles/{other.pk}/disponibilites/"
    assert _put(client, url, raw, {"places": []}).status_code == 404


def test_read_only_territory_token_cannot_write_and_write_token_can(client, saint_denis):
    minder = ChildminderFactory(commune=saint_denis)
    url = f"/api/territoire/assistantes-maternelles/{minder.pk}/disponibilites/"
    raw, _ = make_token(departements=["93"])
    assert _put(client, url, raw, {"places": []}).status_code == 403
    raw, _ = make_token(departements=["93"], write=True)
    assert _put(client, url, raw, {"places": [None]}).status_code == 200
    raw_75, _ = make_token(departements=["75"], write=True)
    assert _put(client, url, raw_75, {"places": [None]}).status_code == 404


def test_bad_availability_is_a_french_400(client, saint_denis):
    minder = ChildminderFactory(commune=saint_denis, agrement_capacity=2)
    raw, _ = make_token(childminder=minder, write=True)
    url = f"/api/territoire/assistantes-maternelles/{minder.pk}/disponibilites/"
    past = (TODAY - dt.timedelta(days=1)).isoformat()
    assert _put(client, url, raw, {"places": [past]}).status_code == 400
    too_many = _put(client, url, raw, {"places": [None, None, None]})
    assert too_many.status_code == 400
    assert "agrément" in too_many.json()["detail"]  # a string, as the schema says
    assert _put(client, url, raw, {"places": "x"}).status_code == 400
    bad_json = client.put(url, "{", content_type="application/json", **bearer(raw))
    assert bad_json.status_code == 400


@pytest.mark.parametrize("pk", ["0", "abc", "99999999999999999999", "-1"])
def test_odd_ids_are_404_never_500(client, saint_denis, pk):
    raw, _ = make_token(departements=["93"], write=True)
    url = f"/api/territoire/assistantes-maternelles/{pk}/disponibilites/"
    response = _put(client, url, raw, {"places": []})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_nursery_token_updates_its_sections(client, saint_denis):
    nursery = NurseryFactory(commune=saint_denis)
    section = NurseryAgeGroupFactory(nursery=nursery)
    raw, _ = make_token(nursery=nursery, write=True)
    url = f"/api/territoire/creches/{nursery.pk}/places/"
    ok = _put(client, url, raw, {"sections": [{"id": section.pk, "places_taken": 10}]})
    assert ok.status_code == 200
    section.refresh_from_db()
    assert section.places_taken == 10
    over = _put(client, url, raw, {"sections": [{"id": section.pk, "places_taken": 11}]})
    assert over.status_code == 400
    assert "places autorisées" in str(over.json())


def test_protected_indicators_of_the_token_departement(client, saint_denis):
    raw, _ = make_token(departements=["93"])
    body = client.get("/api/territoire/indicateurs/93/", **bearer(raw)).json()
    assert body["departement"]["code"] == "93"
    assert [c["code"] for c in body["communes"]] == [saint_denis.code]
    assert client.get("/api/territoire/indicateurs/75/", **bearer(raw)).status_code in (403, 404)
    assert client.get("/api/territoire/indicateurs/zzzz/", **bearer(raw)).status_code == 404


def test_throttled_beyond_the_rate_with_a_french_429(client, saint_denis, settings):
    from django.core.cache import cache

    cache.clear()
    settings.MAILLAGE_API_RATE = "3/min"
    raw, _ = make_token(departements=["93"])
    codes = [client.get("/api/territoire/besoins/", **bearer(raw)).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = client.get("/api/territoire/besoins/", **bearer(raw))
    assert response.json()["detail"].startswith("Trop de requêtes")
    assert "Retry-After" in response
