import pytest

from tests.accounts.factories import CounsellorFactory, ParentFactory
from tests.families.factories import NeedFactory
from tests.territory.factories import CommuneFactory, DepartementFactory, RegionFactory

pytestmark = pytest.mark.django_db


def test_commune_search_is_public_and_accent_insensitive(client):
    CommuneFactory(saint_denis=True)
    CommuneFactory(montreuil=True)
    response = client.get("/api/communes/", {"q": "saint-dénis"})
    assert response.status_code == 200
    assert [c["code"] for c in response.json()] == ["93066"]
    assert response.json()[0]["departement"] == "93"


def test_commune_detail_by_insee_code(client):
    CommuneFactory(montreuil=True)
    body = client.get("/api/communes/93048/").json()
    assert body["name"] == "Montreuil"
    assert client.get("/api/communes/00000/").status_code == 404


def test_needs_require_authentication(client):
    response = client.get("/api/besoins/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_parent_sees_only_her_own_needs_without_the_childs_name(client):
    mine = NeedFactory()
    NeedFactory()  # another family's
    client.force_login(mine.parent)
    body = client.get("/api/besoins/").json()
    assert [n["id"] for n in body["results"]] == [mine.pk]
    assert "child_first_name" not in body["results"][0]
    assert "Nour" not in str(body)
    assert body["results"][0]["weekly_hours"] == 50.0


def test_a_counsellor_sees_her_territory_only(client):
    paris = DepartementFactory(code="75", name="Paris", region=RegionFactory())
    in_93 = NeedFactory()
    in_75 = NeedFactory(commune=CommuneFactory(code="75056", name="Paris", departement=paris))
    counsellor = CounsellorFactory(departements=["93"])
    client.force_login(counsellor)
    ids = [n["id"] for n in client.get("/api/besoins/").json()["results"]]
    assert ids == [in_93.pk]
    assert client.get(f"/api/besoins/{in_75.pk}/").status_code == 404


def test_another_parent_gets_404_on_a_need_that_is_not_hers(client):
    need = NeedFactory()
    client.force_login(ParentFactory())
    assert client.get(f"/api/besoins/{need.pk}/").status_code == 404
