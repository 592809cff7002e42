from decimal import Decimal

import pytest
from django.test import override_settings

from maillage.childcare.policy import (
    ChildcarePolicy,
    agrement_errors,
    get_policy,
    share_errors,
    under_3_capacity,
)


def test_four_children_under_the_agrement_is_the_default_limit():
    assert agrement_errors(capacity=4) == {}
    errors = agrement_errors(capacity=5)
    assert "au plus 4 enfants" in errors["agrement_capacity"]


def test_own_children_count_towards_six_minors_under_11():
    assert agrement_errors(capacity=4, own_children_under_11=2) == {}
    errors = agrement_errors(capacity=4, own_children_under_11=3)
    assert "6 mineurs" in errors["agrement_capacity"]
    assert "au plus 3 enfant(s)" in errors["agrement_capacity"]


def test_under_3_limit_includes_her_own_babies_when_all_children_are_babies():
    errors = agrement_errors(
        capacity=4, own_children_under_3=1, own_children_under_11=1, max_age_months=36
    )
    assert "moins de 3 ans" in errors["agrement_capacity"]
    # With older children accepted too, the agrément itself is fine…
    assert (
        agrement_errors(
            capacity=4, own_children_under_3=1, own_children_under_11=1, max_age_months=72
        )
        == {}
    )
    # …but only 3 babies may be accepted at once.
    assert under_3_capacity(capacity=4, own_children_under_3=1) == 3


def test_own_under_3_cannot_exceed_own_under_11():
    errors = agrement_errors(capacity=2, own_children_under_3=2, own_children_under_11=1)
    assert "own_children_under_3" in errors


def test_limits_are_configurable():
    with override_settings(MAILLAGE_CHILDCARE_POLICY={"max_agrement_children": 5}):
        assert get_policy().max_agrement_children == 5
        assert agrement_errors(capacity=5) == {}
    with override_settings(MAILLAGE_AVAILABILITY_STALE_DAYS=10):
        assert get_policy().availability_stale_days == 10


@pytest.mark.parametrize(
    ("is_avip", "avip", "social", "field"),
    [
        (True, "0.19", "0", "avip_share"),
        (False, "1.10", "0", "avip_share"),
        (False, "0", "-0.01", "social_minima_share"),
        (False, "0.6", "0.5", "social_minima_share"),
    ],
)
def test_share_errors(is_avip, avip, social, field):
    errors = share_errors(
        is_avip=is_avip, avip_share=Decimal(avip), social_minima_share=Decimal(social)
    )
    assert field in errors


def test_avip_crèche_at_twenty_percent_is_accepted():
    assert (
        share_errors(
            is_avip=True,
            avip_share=Decimal("0.20"),
            social_minima_share=Decimal("0.10"),
            policy=ChildcarePolicy(),
        )
        == {}
    )
