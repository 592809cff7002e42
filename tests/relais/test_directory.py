"""The public directory and the relais shown on a family's results pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maillage.relais.models import RelaisPetiteEnfance
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def relais_saint_denis():
    commune = CommuneFactory(saint_denis=True)
    relais = RelaisPetiteEnfance.objects.create(
        code="RPE-SD",
        name="Relais Petite Enfance de Saint-Denis",
        address="2 place du Caquet, 93200 Saint-Denis",
        phone="01 49 33 00 00",
        email="rpe@example.org",
        opening_hours="Lundi 9 h – 17 h\nMercredi 9 h – 12 h",
    )
    relais.communes.set([commune])
    return relais


def test_anyone_finds_the_relais_of_a_commune_by_postcode(client, relais_saint_denis):
    response = client.get(reverse("relais:directory"), {"commune": "93200"})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<h1") == 1
    assert "Relais Petite Enfance de Saint-Denis" in page
    assert 'href="tel:0149330000"' in page and "Mercredi 9 h – 12 h" in page


def test_an_unknown_commune_and_a_commune_without_relais_say_so(client, relais_saint_denis):
    unknown = client.get(reverse("relais:directory"), {"commune": "Zzyzx"}).content.decode()
    assert "Commune introuvable" in unknown
    CommuneFactory(montreuil=True)
    none = client.get(reverse("relais:directory"), {"commune": "Montreuil"}).content.decode()
    assert "Aucun Relais Petite Enfance n'est encore enregistré" in none


def test_the_public_search_shows_the_relais_of_the_searched_commune(client, relais_saint_denis):
    from django.core.cache import cache

    cache.clear()
    params = {
        "commune": "Saint-Denis",
        "age": "10",
        "jours": ["0", "1", "2", "3", "4"],
        "debut_heure": "08:30",
        "fin_heure": "17:00",
        "distance": "5",
    }
    page = client.get(reverse("search:public_search"), params).content.decode()
    # Nothing fits: the relais is among the ways forward (« Pour avancer quand même »).
    assert "Votre Relais Petite Enfance" in page
    assert "Relais Petite Enfance de Saint-Denis</h4>" in page
