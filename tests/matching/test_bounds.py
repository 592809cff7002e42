"""Bounded work: a radius above the territory's limit is capped and explained, and a bad mode
string is a typed error naming the field."""

import dataclasses
import math

import pytest

from maillage.matching import allocate, family_options
from maillage.matching.builders import childminder, need
from maillage.matching.errors import InvalidConfigurationError, InvalidNeedError
from maillage.matching.model import Policy


def test_a_1e9_km_radius_is_capped_and_said_in_french():
    providers = [childminder("am-near", lat=45.01), childminder("am-far", lat=46.0)]  # ~111 km
    result = family_options(need("b-1", max_km=1e9), providers, policy=Policy(max_candidates_km=50))
    assert [o.provider_id for o in result.options] == ["am-near"]
    assert result.notes_fr and "limitée à 50 km" in result.notes_fr[0]
    assert family_options(need("b-2", max_km=5), providers).notes_fr == ()


def test_allocation_caps_every_radius_before_building_candidates():
    needs = [need(f"b-{i}", lat=45.0 + i * 0.001, max_km=1e9) for i in range(20)]
    providers = [childminder(f"am-{i}", lat=45.0 + i * 0.3) for i in range(20)]  # up to ~630 km
    result = allocate(needs, providers, mode="stable", policy=Policy(max_candidates_km=50))
    assert result.stats["candidate_pairs"] <= 20 * 2  # only the two providers within 50 km
    assert all(a.distance_km <= 50 for a in result.assignments)


def test_a_non_finite_radius_is_refused_not_capped():
    with pytest.raises(InvalidNeedError) as error:
        family_options(need("b-1", max_km=math.inf), [childminder("am-1")])
    assert error.value.field == "max_km"


def test_an_unknown_mode_is_a_typed_french_error():
    with pytest.raises(InvalidConfigurationError) as error:
        allocate([need("b-1")], [childminder("am-1")], mode="au hasard")
    assert error.value.field == "mode" and "mode d'attribution inconnu" in error.value.message


def test_overlapping_sections_and_float_capacities_are_typed_errors():
    from maillage.matching.builders import creche
    from maillage.matching.errors import InvalidProviderError
    from maillage.matching.model import AgeGroup

    base = creche("eaje-1")
    overlapping = dataclasses.replace(
        base, groups=(AgeGroup("bébés", 2, 18, 3), AgeGroup("mixte", 12, 36, 3))
    )
    with pytest.raises(InvalidProviderError) as error:
        allocate([need("b-1")], [overlapping])
    assert error.value.field == "groups" and "se chevauchent" in error.value.message
    floating = dataclasses.replace(childminder("am-1"), capacity=2.5)
    with pytest.raises(InvalidProviderError) as error:
        allocate([need("b-1")], [floating])
    assert error.value.field == "capacity" and "non entière" in error.value.message
