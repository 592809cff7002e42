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


def test_a_1e9_km_need_is_capped_explained_and_stays_small_in_memory():
    import random
    import tracemalloc

    from random_providers import random_providers

    # 3,000 providers spread over ~1,000 km: without the cap the need would see them all
    rng = random.Random(3)
    providers = random_providers(rng, 3000, spread=9.0)
    far = need("b-far", lat=45.0, lon=5.0, max_km=1e9)
    near = [need(f"b-{i}", lat=45.0 + i * 0.01, lon=5.0, max_km=5.0) for i in range(20)]
    policy = Policy(max_candidates_km=50, max_candidates_per_need=16)
    tracemalloc.start()
    result = allocate([far, *near], providers, policy=policy)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert any(n.startswith("b-far : ") and "limitée à 50 km" in n for n in result.notes_fr)
    assert len(result.notes_fr) == 1  # only the need that asked for more
    assert all(a.distance_km <= 50 for a in result.assignments)
    assert result.stats["candidate_pairs"] <= 16 * 21
    assert result.stats["memory_estimate_bytes"] < 50e6
    assert peak < 100e6


def test_candidates_are_capped_per_need_nearest_first_preferences_kept():
    providers = [childminder(f"am-{i:02d}", lat=45.0 + i * 0.002) for i in range(10)]
    favourite = "am-09"  # the farthest
    only = need("b-1", max_km=10.0, preferences=(favourite,))
    policy = Policy(max_candidates_per_need=3)
    result = allocate([only], providers, mode="stable", policy=policy)
    assert result.stats["candidate_pairs"] == 4  # the 3 nearest and the named one
    assert [a.provider_id for a in result.assignments] == [favourite]
    result = allocate([need("b-2", max_km=10.0)], providers, mode="optimal", policy=policy)
    assert result.stats["candidate_pairs"] == 3
    assert [a.provider_id for a in result.assignments] == ["am-00"]


def test_an_input_over_the_memory_budget_is_refused_with_a_clear_error():
    from maillage.matching import MemoryBudgetError

    needs = [need(f"b-{i}", max_km=10.0) for i in range(50)]
    providers = [childminder(f"am-{i}") for i in range(50)]
    with pytest.raises(MemoryBudgetError) as error:
        allocate(needs, providers, policy=Policy(memory_budget_bytes=100_000))
    assert error.value.budget == 100_000 and error.value.estimate > 100_000
    assert "mémoire" in error.value.message and "budget" in error.value.message
    # the default budget (2 GB) lets it through
    assert allocate(needs, providers).placed > 0


def test_incremental_state_caps_the_radius_too():
    from maillage.matching import TerritoryState

    providers = [childminder("am-near", lat=45.01), childminder("am-far", lat=46.0)]  # ~111 km
    state = TerritoryState([], providers, policy=Policy(max_candidates_km=50))
    state.add_need(need("b-1", max_km=1e9))
    assert state.candidates["b-1"] == {"am-near"}
