import pytest
from django.contrib.auth.models import AnonymousUser

from maillage.accounts import perms
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

FACTORIES = {
    "anonymous": None,
    "parent": ParentFactory,
    "childminder": ChildminderUserFactory,
    "nursery_manager": NurseryManagerFactory,
    "candidate": CandidateFactory,
    "counsellor": CounsellorFactory,
    "analyst": AnalystFactory,
    "admin": AdminFactory,
}

# Which situations each permission lets in.
EXPECTED = {
    perms.is_parent: {"parent"},
    perms.is_childminder: {"childminder"},
    perms.is_nursery_manager: {"nursery_manager"},
    perms.is_candidate: {"candidate"},
    perms.is_counsellor: {"counsellor"},
    perms.is_analyst: {"analyst"},
    perms.is_admin: {"admin"},
    perms.is_professional: {"childminder", "nursery_manager"},
    perms.can_view_observatory: set(FACTORIES),
    perms.can_view_detailed_observatory: {"counsellor", "analyst", "admin"},
    perms.can_manage_territory_actions: {"analyst", "admin"},
    perms.can_follow_families: {"counsellor"},
    perms.can_follow_candidates: {"counsellor"},
}


def _user(situation):
    factory = FACTORIES[situation]
    return AnonymousUser() if factory is None else factory()


@pytest.mark.parametrize("perm", list(EXPECTED), ids=lambda f: f.__name__)
@pytest.mark.parametrize("situation", list(FACTORIES))
def test_permission_per_role(perm, situation):
    assert perm(_user(situation)) is (situation in EXPECTED[perm])


@pytest.mark.parametrize("situation", list(FACTORIES))
def test_detailed_observatory_flag(situation):
    user = _user(situation)
    assert perms.can_view_observatory(user, detailed=True) is (
        situation in {"counsellor", "analyst", "admin"}
    )


def test_superuser_is_admin_whatever_the_role():
    assert perms.is_admin(ParentFactory(is_superuser=True))


def test_deactivated_user_has_no_role():
    assert not perms.is_parent(ParentFactory(deactivated=True))


def test_job_seeker_parent():
    assert perms.is_job_seeker_parent(ParentFactory(job_seeker_parent=True))
    assert not perms.is_job_seeker_parent(ParentFactory())
    assert not perms.is_job_seeker_parent(CandidateFactory(job_seeker=True))


def test_in_territory():
    paris = DepartementFactory(code="75", name="Paris")
    paris_commune = CommuneFactory(code="75056", name="Paris", departement=paris)
    saint_denis = CommuneFactory(saint_denis=True)
    counsellor_93 = CounsellorFactory(departements=["93"])
    assert perms.in_territory(counsellor_93, saint_denis.code)
    assert not perms.in_territory(counsellor_93, paris_commune.code)
    assert perms.in_territory(AdminFactory(), paris_commune.code)
    assert not perms.in_territory(ParentFactory(), saint_denis.code)
    assert not perms.in_territory(AnonymousUser(), saint_denis.code)
    single = CounsellorFactory(departements=[], communes=[paris_commune])
    assert perms.in_territory(single, "75056") and not perms.in_territory(single, "93066")
