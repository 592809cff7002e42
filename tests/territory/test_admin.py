import pytest
from django.urls import reverse

from tests.territory.factories import CafCoverageRateFactory, CommuneFactory

pytestmark = pytest.mark.django_db


def test_referential_admin_lists_and_searches_but_cannot_add(admin_client):
    CommuneFactory(saint_denis=True)
    CommuneFactory(montreuil=True)
    CafCoverageRateFactory()

    listing = admin_client.get(reverse("admin:territory_commune_changelist"), {"q": "Montreuil"})
    detail = admin_client.get(reverse("admin:territory_commune_change", args=["93066"]))

    assert listing.status_code == 200
    assert "Montreuil" in listing.content.decode()
    assert "93200" not in listing.content.decode()
    assert detail.status_code == 200
    assert admin_client.get(reverse("admin:territory_commune_add")).status_code == 403
    assert (
        admin_client.get(reverse("admin:territory_cafcoveragerate_changelist")).status_code == 200
    )
