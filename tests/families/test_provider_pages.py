"""Providers' public pages (childminder, MAM, crèche), the provider's own preview and edits,
and the demand signal shown to a childminder (aggregated, no count under 5 exactly)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from maillage.childcare.demand_signal import demand_signal, masked
from maillage.childcare.enums import DisplayName
from maillage.childcare.models import ChildInCare, Mam
from maillage.core.schedule import week_from_ranges
from maillage.families import engine_adapter
from maillage.families.public_search import clear_memos
from tests.accounts.factories import ChildminderUserFactory, NurseryManagerFactory
from tests.families.helpers import NOW, free_childminder, nursery_with_places, open_need
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    engine_adapter.clear_indexes()
    clear_memos()
    with time_machine.travel(NOW, tick=False):
        yield
    engine_adapter.clear_indexes()
    clear_memos()


@pytest.fixture
def fatou(saint_denis):
    cm = free_childminder(
        saint_denis,
        user=ChildminderUserFactory(first_name="Fatou", last_name="Koné"),
        address="12 rue Secrète",
        languages="français, bambara",
        has_garden=True,
        has_pets=True,
        pets="un chat",
        disability_experience=True,
        agrement_capacity=3,
        working_hours=week_from_ranges({d: [("08:00", "18:00")] for d in range(5)}),
    )
    ChildInCare.objects.create(
        childminder=cm,
        age_months=26,
        schedule=week_from_ranges({d: [("08:00", "12:00")] for d in range(5)}),
    )
    return cm


def test_a_childminders_public_page_shows_what_she_chose_and_never_her_address(client, fatou):
    montreuil = CommuneFactory(montreuil=True)
    url = reverse("search:childminder_page", args=[fatou.pk])
    response = client.get(url, {"depuis": montreuil.code})
    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Assistante maternelle F.</h1>" in content
    assert "12 rue Secrète" not in content and "Koné" not in content
    assert "26 mois" not in content
    assert "à environ" in content and "de Montreuil" in content
    assert "français, bambara" in content and "Jardin" in content
    assert "Animaux à la maison : un chat" in content
    assert "Expérience de l'accueil d'enfants en situation de handicap" in content
    assert "Lundi : 8 h 00 – 18 h 00" in content
    # Free places by time slot: 2 while the child is there, 3 in the afternoon.
    assert "8 h 00 – 12 h 00 : 2 places libres ; 12 h 00 – 18 h 00 : 3 places libres" in content
    assert "Dernière mise à jour le 20 novembre 2026" in content


def test_an_expired_agrement_has_no_public_page(client, fatou):
    fatou.agrement_valid_until = dt.date(2026, 1, 1)
    fatou.save(update_fields=["agrement_valid_until"])
    assert client.get(reverse("search:childminder_page", args=[fatou.pk])).status_code == 404


def test_a_creche_page_shows_address_type_hours_sections_project_avip_and_caf(client, saint_denis):
    nursery = nursery_with_places(
        saint_denis,
        places=12,
        taken=10,
        name="Crèche Les Lilas",
        address="4 avenue des Lilas",
        is_avip=True,
        psu_funded=True,
        project="Une crèche ouverte sur le quartier.",
        opening_hours=week_from_ranges({d: [("07:30", "18:30")] for d in range(5)}),
    )
    content = client.get(reverse("search:nursery_page", args=[nursery.pk])).content.decode()
    assert "4 avenue des Lilas" in content
    assert nursery.get_kind_display() in content
    assert "Lundi : 7 h 30 – 18 h 30" in content
    assert "12 places, dont 2 libres" in content
    assert "Une crèche ouverte sur le quartier." in content
    assert "Crèche AVIP" in content and "Financée par la Caf (PSU)" in content


def test_a_mam_page_lists_its_childminders_by_their_chosen_names(client, saint_denis, fatou):
    mam = Mam.objects.create(
        name="MAM Les Petits Pas",
        commune=saint_denis,
        address="8 rue des Écoles",
        latitude=saint_denis.latitude,
        longitude=saint_denis.longitude,
        project="Trois assistantes maternelles, un grand jardin.",
    )
    fatou.mam = mam
    fatou.display_name = DisplayName.FIRST_NAME
    fatou.save(update_fields=["mam", "display_name"])
    content = client.get(reverse("search:mam_page", args=[mam.pk])).content.decode()
    assert "MAM Les Petits Pas" in content and "8 rue des Écoles" in content
    assert "Fatou K." in content and "Koné" not in content
    assert "Trois assistantes maternelles, un grand jardin." in content
    assert "Lundi : 8 h 00 – 18 h 00" in content


def test_the_childminder_sees_a_preview_and_edits_her_public_page(client, fatou):
    client.force_login(fatou.user)
    url = reverse("childcare:childminder_public_page")
    page = client.get(url)
    assert page.status_code == 200
    assert "Aperçu : Assistante maternelle F." in page.content.decode()
    response = client.post(
        url,
        {
            "display_name": DisplayName.FULL_NAME,
            "languages": "français, anglais",
            "has_garden": "",
            "has_pets": "",
            "pets": "un chat",
            "disability_experience": "on",
        },
    )
    assert response.status_code == 302
    fatou.refresh_from_db()
    assert fatou.display_name == DisplayName.FULL_NAME
    assert fatou.languages == "français, anglais"
    assert not fatou.has_garden and not fatou.has_pets and fatou.pets == ""
    assert fatou.public_updated_at == NOW
    # The public page and the search results show the new choice at once.
    public = client.get(reverse("search:childminder_page", args=[fatou.pk])).content.decode()
    assert "<h1>Fatou Koné</h1>" in public and "Pas de jardin" in public
    results = client.get(
        reverse("search:public_search"),
        {
            "commune": "Saint-Denis",
            "age": "10",
            "jours": ["0", "1"],
            "debut_heure": "13:00",
            "fin_heure": "17:00",
            "distance": "5",
        },
    )
    assert "Fatou Koné" in results.content.decode()


def test_a_crèche_manager_edits_the_project_of_her_crèche_only(client, saint_denis):
    manager = NurseryManagerFactory()
    mine = nursery_with_places(saint_denis, name="Crèche Les Lilas")
    other = nursery_with_places(saint_denis, name="Crèche Les Roses")
    mine.managers.add(manager)
    client.force_login(manager)
    url = reverse("childcare:nursery_public_page", args=[mine.pk])
    assert "Aperçu : Crèche Les Lilas" in client.get(url).content.decode()
    client.post(url, {"project": "Éveil musical chaque semaine."})
    mine.refresh_from_db()
    assert mine.project == "Éveil musical chaque semaine."
    forbidden = client.post(
        reverse("childcare:nursery_public_page", args=[other.pk]), {"project": "x"}
    )
    assert forbidden.status_code == 404


def test_the_demand_signal_counts_near_needs_that_fit_her_hours(saint_denis, fatou):
    weekdays_9_17 = week_from_ranges({d: [("09:00", "17:00")] for d in range(5)})
    evenings = week_from_ranges({d: [("16:00", "20:00")] for d in range(5)})
    for _ in range(6):
        open_need(saint_denis, schedule=weekdays_9_17)
    for _ in range(2):
        open_need(saint_denis, schedule=evenings)
    far = CommuneFactory(code="13055", latitude=43.3, longitude=5.4)
    open_need(far, schedule=weekdays_9_17)
    signal = demand_signal(fatou)
    assert (signal.near, signal.fitting) == (8, 6)
    assert signal.near_shown == "8" and signal.fitting_shown == "6"
    rows = {row.label: row for row in signal.rows}
    assert rows["En journée, du lundi au vendredi"].shown == "8"
    # 2 families asking for evenings: a small cell, never shown exactly.
    assert rows["Le soir (après 18 h 30)"].count == 2
    assert rows["Le soir (après 18 h 30)"].shown == "moins de 5"
    assert signal.rows[0].label == "En journée, du lundi au vendredi"


def test_small_counts_are_masked_on_her_page(client, saint_denis, fatou):
    for _ in range(3):
        open_need(saint_denis)
    client.force_login(fatou.user)
    content = client.get(reverse("childcare:childminder_public_page")).content.decode()
    assert "moins de 5 besoin" in content
    assert masked(0) == "moins de 5" and masked(5) == "5"
