"""The one grid shown in plain French: to the family (its points, the grid of its territory)
and to a crèche receiving a request to an AVIP place (the family's priority)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maillage.childcare.models import NurseryAgeGroup
from tests.families.factories import ContactRequestFactory, NeedFactory, NurseryFactory

pytestmark = pytest.mark.django_db


def test_the_family_reads_its_points_and_the_grid_of_its_territory(client, settings):
    settings.MAILLAGE_COTATION_GRIDS = {"93": {"job_seeker": 40, "single_parent": 15}}
    need = NeedFactory(job_seeker=True, single_parent=True, employed=False)
    client.force_login(need.parent)
    detail = client.get(reverse("families:need_detail", args=[need.pk])).content.decode()
    assert "Vos points de priorité : <strong>55</strong>" in detail
    page = client.get(reverse("families:need_priorities", args=[need.pk])).content.decode()
    assert page.count("<h1") == 1
    assert "<td>Parent demandeur d&#x27;emploi</td><td>40</td><td>Oui</td>" in page
    assert "<td>Parent en formation</td><td>0</td><td></td>" in page
    assert "55 points" in page
    assert "C'est votre cas : ces places vous sont ouvertes en priorité." in page


def test_another_family_cannot_read_these_priorities(client):
    need = NeedFactory()
    client.force_login(NeedFactory().parent)
    assert client.get(reverse("families:need_priorities", args=[need.pk])).status_code == 404


def test_a_request_to_an_avip_creche_shows_the_family_s_priority(client):
    nursery = NurseryFactory(is_avip=True, avip_share="0.30")
    NurseryAgeGroup.objects.create(
        nursery=nursery, kind="mixed", min_age_months=2, max_age_months=36, places=10
    )
    need = NeedFactory(job_seeker=True, employed=False)
    ContactRequestFactory(need=need, childminder=None, nursery=nursery)
    client.force_login(nursery.managers.get())
    page = client.get(reverse("childcare:inbox")).content.decode()
    assert "Priorité de la famille : <strong>30 points</strong>" in page
    assert "parent demandeur d&#x27;emploi 30" in page
    assert "Éligible aux places AVIP" in page


def test_a_family_without_priority_is_told_so_to_the_avip_creche(client):
    nursery = NurseryFactory(is_avip=True, avip_share="0.20")
    ContactRequestFactory(need=NeedFactory(), childminder=None, nursery=nursery)
    client.force_login(nursery.managers.get())
    page = client.get(reverse("childcare:inbox")).content.decode()
    assert (
        "Priorité de la famille : <strong>0 point</strong> (aucune situation prioritaire)" in page
    )
    assert "Non prioritaire sur les places AVIP" in page
