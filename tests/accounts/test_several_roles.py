"""One person, several profiles: permissions follow every profile, not a single role field."""

import importlib
from datetime import date

import pytest
import time_machine
from django.apps import apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from maillage.accounts import perms
from maillage.accounts.enums import Role
from maillage.accounts.models import User
from maillage.accounts.services import user_role_add
from maillage.core.navigation import menu_tree_for
from maillage.jobs import perms as job_perms
from maillage.jobs.enums import Qualification
from maillage.jobs.models import CandidateProfile
from maillage.jobs.services.substitutes import substitute_request_create
from maillage.jobs.services.waves import substitute_wave_start
from tests.jobs.factories import NurseryFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_existing_accounts_are_migrated_their_role_becomes_their_profile():
    parent = UserFactory(role=Role.PARENT)
    counsellor = UserFactory(role=Role.COUNSELLOR)
    User.objects.update(roles=[])
    migration = importlib.import_module("maillage.accounts.migrations.0004_user_roles")
    migration.roles_from_role(apps, None)
    parent.refresh_from_db()
    counsellor.refresh_from_db()
    assert (parent.roles, counsellor.roles) == (["parent"], ["counsellor"])


def test_a_parent_who_is_also_a_candidate_passes_both_checks_and_keeps_her_primary_role():
    parent = UserFactory(role=Role.PARENT)
    assert perms.is_parent(parent) and not perms.is_candidate(parent)
    user_role_add(user=parent, role=Role.CANDIDATE)
    parent = User.objects.get(pk=parent.pk)
    assert parent.role == Role.PARENT
    assert parent.all_roles == ["parent", "candidate"]
    assert perms.is_parent(parent) and perms.is_candidate(parent)
    assert job_perms.is_candidate(parent)
    assert not perms.is_counsellor(parent) and not perms.is_admin(parent)
    parent.is_active = False
    assert not perms.is_candidate(parent)


def test_only_personal_profiles_can_be_added():
    parent = UserFactory(role=Role.PARENT)
    for role in (Role.COUNSELLOR, Role.ADMIN, Role.ANALYST):
        with pytest.raises(ValidationError):
            user_role_add(user=parent, role=role)
    assert User.objects.get(pk=parent.pk).all_roles == ["parent"]


def test_the_menu_shows_each_profile():
    parent = UserFactory(role=Role.PARENT)
    labels = [e["label"] for e in menu_tree_for(parent)]
    assert "Emploi" in labels and "Espace emploi" not in labels
    user_role_add(user=parent, role=Role.CANDIDATE)
    tree = menu_tree_for(User.objects.get(pk=parent.pk))
    labels = [e["label"] for e in tree]
    assert "Mes besoins d'accueil" in labels
    (job,) = [e for e in tree if e["label"] == "Espace emploi"]
    assert "Mon profil candidat" in [c["label"] for c in job["children"]]
    assert "Emploi" not in labels  # « devenir réserviste » is gone once she is


@time_machine.travel("2026-03-02 09:00 +0100", tick=False)
def test_a_parent_joins_the_substitute_pool_and_receives_a_wave(
    client, django_capture_on_commit_callbacks
):
    from tests.jobs.factories import saint_denis

    commune = saint_denis()
    parent = UserFactory(role=Role.PARENT, email="parent.reserviste@exemple.fr")
    client.force_login(parent)
    url = reverse("jobs:reservist_join")
    page = client.get(url).content.decode()
    assert "Devenir parent réserviste" in page
    response = client.post(
        url,
        {
            "commune": commune.code,
            "max_distance_km": 10,
            "transport": "public",
            "days": ["0", "1", "2", "3", "4"],
            "start_time": "08:00",
            "end_time": "18:00",
            "available_from": "2026-03-02",
            "qualifications": [Qualification.AUXILIAIRE_PUERICULTURE],
            "experience_years": 3,
            "substitute_pool_consent": "on",
        },
    )
    assert response.status_code == 302
    parent = User.objects.get(pk=parent.pk)
    assert parent.all_roles == ["parent", "candidate"]
    profile = CandidateProfile.objects.get(user=parent)
    assert profile.substitute_pool_consent and profile.substitute_pool_consent_at
    assert client.get(reverse("families:need_list")).status_code == 200  # still a parent

    request = substitute_request_create(
        nursery=NurseryFactory(commune=commune),
        start_date=date(2026, 3, 9),
        end_date=date(2026, 3, 9),
        start_time="08:00",
        end_time="12:00",
        children_not_walking=10,
        children_walking=0,
        staff_present={Qualification.AUXILIAIRE_PUERICULTURE: 1},
    )
    with django_capture_on_commit_callbacks(execute=True):
        sent = substitute_wave_start(request=request, now=request.created_at)
    assert [n.candidate for n in sent] == [profile]
    assert mail.outbox[-1].to == ["parent.reserviste@exemple.fr"]
    assert client.get(reverse("jobs:substitute_offer", args=[request.pk])).status_code == 200
