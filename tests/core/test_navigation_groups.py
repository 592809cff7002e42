"""The header groups a role's pages so that no menu holds more than five top-level entries."""

import pytest

from maillage.accounts.enums import Role
from maillage.core.navigation import menu_for, menu_tree_for
from tests.jobs.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", list(Role))
def test_every_role_has_at_most_five_top_level_entries_and_loses_no_link(role):
    user = UserFactory(role=role)
    tree = menu_tree_for(user)
    assert len(tree) <= 5
    flat = [link for entry in tree for link in entry.get("children", [entry])]
    assert flat == menu_for(user)


def test_the_counsellor_menu_groups_families_and_employment():
    tree = menu_tree_for(UserFactory(role=Role.COUNSELLOR))
    labels = [entry["label"] for entry in tree]
    assert labels == ["Familles", "Emploi et formation", "Retour à l'emploi", "Observatoire"]
    assert [c["label"] for c in tree[-1]["children"]] == ["Observatoire", "Suivi du schéma (SDSF)"]
    assert [c["label"] for c in tree[0]["children"]][:2] == ["Familles suivies", "Attribution"]
