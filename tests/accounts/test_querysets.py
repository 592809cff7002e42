import pytest
from django.contrib.auth.models import AnonymousUser

from maillage.accounts.models import User
from maillage.accounts.querysets import communes_in_scope, departements_in_scope, scope_by_commune
from maillage.territory.models import Commune
from tests.accounts.factories import (
    AdminFactory,
    AnalystFactory,
    CandidateFactory,
    ChildminderUserFactory,
    CounsellorFactory,
    NurseryManagerFactory,
    ParentFactory,
)
from tests.territory.factories import CommuneFactory, DepartementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def communes():
    paris = DepartementFactory(code="75", name="Paris")
    hauts_de_seine = DepartementFactory(code="92", name="Hauts-de-Seine")
    return {
        "saint_denis": CommuneFactory(saint_denis=True),
        "montreuil": CommuneFactory(montreuil=True),
        "paris": CommuneFactory(code="75056", name="Paris", departement=paris),
        "nanterre": CommuneFactory(code="92050", name="Nanterre", departement=hauts_de_seine),
    }


def _codes(qs):
    return set(qs.values_list("code", flat=True))


def test_counsellor_of_93_sees_93_only(communes):
    counsellor = CounsellorFactory(departements=["93"])
    assert _codes(communes_in_scope(counsellor)) == {"93066", "93048"}
    assert "75056" not in _codes(communes_in_scope(counsellor))
    assert _codes(departements_in_scope(counsellor)) == {"93"}


def test_analyst_with_a_departement_and_a_single_commune(communes):
    analyst = AnalystFactory(departements=["75"], communes=[communes["nanterre"]])
    assert _codes(communes_in_scope(analyst)) == {"75056", "92050"}
    # A single commune does not open the whole département...
    assert _codes(departements_in_scope(analyst)) == {"75"}
    # ...but it is listed where partial coverage is enough (filter lists).
    assert _codes(departements_in_scope(analyst, partial=True)) == {"75", "92"}


def test_admin_sees_everything(communes):
    admin = AdminFactory()
    assert communes_in_scope(admin).count() == Commune.objects.count() == 4
    assert _codes(departements_in_scope(admin)) == {"75", "92", "93"}


@pytest.mark.parametrize(
    "factory",
    [ParentFactory, ChildminderUserFactory, NurseryManagerFactory, CandidateFactory, None],
    ids=["parent", "childminder", "nursery_manager", "candidate", "anonymous"],
)
def test_other_roles_see_no_territory(communes, factory):
    user = AnonymousUser() if factory is None else factory()
    assert not communes_in_scope(user).exists()
    assert not departements_in_scope(user, partial=True).exists()


def test_counsellor_without_territory_sees_nothing(communes):
    assert not communes_in_scope(CounsellorFactory(departements=[])).exists()


def test_scope_by_commune_on_a_foreign_key(communes):
    # Users follow territories through an M2M; a scoped queryset of counsellors by the
    # communes they follow stands in for "any model with a commune FK" (need, offer...).
    counsellor = CounsellorFactory(departements=["93"])
    Link = User.territory_communes.through
    in_93 = CounsellorFactory(departements=[], communes=[communes["montreuil"]])
    in_75 = CounsellorFactory(departements=[], communes=[communes["paris"]])
    rows = Link.objects.all()
    visible = scope_by_commune(rows, counsellor, field="commune")
    assert set(visible.values_list("user_id", flat=True)) == {in_93.pk}
    assert scope_by_commune(rows, AdminFactory(), field="commune").count() == 2
    assert not scope_by_commune(rows, ParentFactory(), field="commune").exists()
    assert in_75.pk not in set(visible.values_list("user_id", flat=True))


def test_scope_by_commune_with_a_lookup_path(communes):
    single = CounsellorFactory(departements=[], communes=[communes["nanterre"]])
    other = CounsellorFactory(departements=[], communes=[communes["nanterre"], communes["paris"]])
    users = User.objects.filter(pk__in=[single.pk, other.pk])
    analyst = AnalystFactory(departements=["75"])
    scoped = scope_by_commune(users, analyst, field="territory_communes")
    assert list(scoped.values_list("pk", flat=True).distinct()) == [other.pk]
