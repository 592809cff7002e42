import pytest
from django.urls import reverse

from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def communes():
    CommuneFactory(saint_denis=True)
    CommuneFactory(saint_denis_reunion=True)
    CommuneFactory(montreuil=True)


def test_json_search_is_public_and_ranked(client, communes):
    response = client.get(reverse("territory:commune_search"), {"q": "st denis"})

    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["code"] for r in results] == ["97411", "93066"]
    assert results[1] == {
        "code": "93066",
        "name": "Saint-Denis",
        "departement": "93",
        "postcodes": ["93200", "93210"],
        "label": "Saint-Denis (93 · 93200, 93210)",
    }


def test_json_search_by_postcode(client, communes):
    response = client.get(reverse("territory:commune_search"), {"q": "93100"})

    assert [r["name"] for r in response.json()["results"]] == ["Montreuil"]


def test_json_search_is_capped_at_twenty(client):
    for n in range(25):
        CommuneFactory(code=f"93{n:03d}", name=f"Villeneuve-{n}", population=1000 + n)

    response = client.get(reverse("territory:commune_search"), {"q": "villeneuve"})

    results = response.json()["results"]
    assert len(results) == 20
    assert results[0]["name"] == "Villeneuve-24"  # largest population first


def test_json_search_without_term_is_empty(client, communes):
    assert client.get(reverse("territory:commune_search")).json() == {"results": []}


def test_options_partial_for_htmx(client, communes):
    response = client.get(reverse("territory:commune_options"), {"commune_q": "montr"})

    html = response.content.decode()
    assert response.status_code == 200
    assert '<option value="93048">Montreuil (93 · 93100)</option>' in html
    assert "1 commune trouvée" in html


def test_options_partial_says_when_nothing_matches(client, communes):
    response = client.get(reverse("territory:commune_options"), {"q": "<b>zzz</b>"})

    html = response.content.decode()
    assert "Aucune commune trouvée pour « &lt;b&gt;zzz&lt;/b&gt; »" in html


def test_search_refuses_post(client):
    assert client.post(reverse("territory:commune_search"), {"q": "x"}).status_code == 405
