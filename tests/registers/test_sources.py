"""The provider-side services record what the provider declared herself, so that the next
register import leaves it alone; providers confirmed as having left leave the results."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from maillage.childcare.enums import FieldSource, RegisterStatus
from maillage.childcare.models import Nursery
from maillage.childcare.services import childminder_availability_update, nursery_places_update
from maillage.registers.services import childminder_register_import, nursery_register_import
from tests.registers.test_nursery_mam_import import eaje

pytestmark = pytest.mark.django_db


def test_free_places_she_declares_are_marked_as_hers(territory_admin):
    childminder_register_import(
        rows=[
            {
                "numero_agrement": "A1",
                "nom": "N",
                "prenom": "P",
                "code_insee": "93066",
                "capacite": "3",
                "fin_agrement": "2031-01-01",
            }
        ],
        by=territory_admin,
        departements=["93"],
    )
    from maillage.childcare.models import Childminder

    cm = Childminder.objects.get()
    childminder_availability_update(
        childminder=cm, place_dates=[timezone.localdate() + dt.timedelta(days=3)]
    )

    cm.refresh_from_db()
    assert cm.field_sources["free_places"] == FieldSource.PROVIDER
    assert cm.field_sources["agrement_capacity"] == FieldSource.REGISTER


def test_sections_and_hours_the_manager_edits_are_kept_by_the_next_import(territory_admin):
    nursery_register_import(rows=[eaje()], by=territory_admin, departements=["93"])
    nursery = Nursery.objects.get()
    manager = nursery.managers.get()
    groups = [
        {
            "id": g.pk,
            "kind": g.kind,
            "min_age_months": g.min_age_months,
            "max_age_months": g.max_age_months,
            "places": g.places + 2,
            "places_taken": 0,
            "free_from": None,
        }
        for g in nursery.age_groups.order_by("min_age_months")
    ]
    nursery_places_update(
        nursery=nursery,
        by=manager,
        opening_hours=nursery.opening_hours,
        is_avip=True,
        avip_share=Decimal("0.30"),
        social_minima_share=Decimal("0.10"),
        age_groups=groups,
    )
    nursery.refresh_from_db()
    assert nursery.field_sources["age_groups"] == FieldSource.PROVIDER
    assert nursery.field_sources["avip_share"] == FieldSource.PROVIDER
    assert nursery.field_sources["opening_hours"] == FieldSource.REGISTER

    report = nursery_register_import(rows=[eaje()], by=territory_admin, departements=["93"])

    nursery.refresh_from_db()
    assert nursery.avip_share == Decimal("0.30")
    assert sorted(nursery.age_groups.values_list("places", flat=True)) == [12, 17]
    assert report.kept_fields == 2 and report.unchanged == 1


def test_a_closed_creche_leaves_the_results_only_once_confirmed(territory_admin):
    from maillage.registers.services import register_departure_decide

    nursery_register_import(rows=[eaje()], by=territory_admin, departements=["93"])
    nursery_register_import(
        rows=[eaje(siret="44306184100047")], by=territory_admin, departements=["93"]
    )
    closed = Nursery.objects.get(siret="73282932000074")
    assert closed.register_status == RegisterStatus.LEFT
    assert closed in Nursery.objects.in_results()

    register_departure_decide(kind="nursery", pk=closed.pk, by=territory_admin, confirm=True)

    assert closed not in Nursery.objects.in_results()
