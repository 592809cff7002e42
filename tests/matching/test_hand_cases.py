"""Textbook cases, checked by hand."""

from datetime import date

from maillage.matching import CareMode, Priority, allocate
from maillage.matching.builders import childminder, creche, in_care, need

MORNING = "lundi-vendredi 8:00-12:30"
AFTERNOON = "lundi-vendredi 13:00-18:00"
FULL = "lundi-vendredi 8:00-18:00"


def placed(result):
    return {a.need_id: a.provider_id for a in result.assignments}


def test_two_part_time_children_share_one_agrement_place():
    am = childminder("am-1", capacity=1)
    result = allocate([need("matin", MORNING), need("aprem", AFTERNOON)], [am], mode="stable")
    assert placed(result) == {"matin": "am-1", "aprem": "am-1"}


def test_fifth_child_refused_at_four_places():
    am = childminder("am-1", capacity=4)
    needs = [need(f"b-{i}", FULL, declared=date(2026, 1, 1 + i)) for i in range(5)]
    for mode in ("stable", "premier_arrive"):
        result = allocate(needs, [am], mode=mode)
        assert result.unassigned == ("b-4",)  # declared last, same priority
    result = allocate(needs, [am], mode="optimal")
    assert result.placed == 4 and result.upper_bound == 4 and result.gap == 0


def test_two_mornings_two_afternoons_use_two_places_not_four():
    am = childminder("am-1", capacity=2)
    needs = [need(f"m{i}", MORNING) for i in range(2)] + [
        need(f"a{i}", AFTERNOON) for i in range(2)
    ]
    assert allocate(needs, [am], mode="optimal").placed == 4
    assert allocate(needs + [need("full", FULL)], [am], mode="optimal").placed == 4


def test_children_in_care_count_at_every_slot():
    am = childminder("am-1", capacity=2, children=(in_care("mardi 13:00-18:00"),) * 2)
    result = allocate([need("b-1", FULL), need("b-2", MORNING)], [am], mode="optimal")
    assert placed(result) == {"b-2": "am-1"}


def test_under_three_limit_counts_own_children():
    own = (in_care("lundi-dimanche 0:00-23:30", age_months=20, own=True),) * 3
    am = childminder("am-1", capacity=4, children=own)
    result = allocate([need("b-1", FULL, age=10), need("b-2", FULL, age=40)], [am], mode="optimal")
    assert placed(result) == {"b-1": "am-1", "b-2": "am-1"}
    result = allocate([need("b-1", FULL, age=10), need("b-3", FULL, age=11)], [am], mode="optimal")
    assert result.placed == 1


def test_agrement_age_condition_and_start_date():
    am = childminder("am-1", min_age=12, free_from=date(2026, 10, 1))
    assert allocate([need("b-1", age=6)], [am]).placed == 0
    assert allocate([need("b-1", age=14)], [am]).placed == 0
    assert allocate([need("b-1", age=14, start=date(2026, 10, 1))], [am]).placed == 1


def test_opening_hours_distance_and_mode():
    am = childminder("am-1", opening="lundi-vendredi 8:00-17:00")
    assert allocate([need("b-1", FULL)], [am]).placed == 0
    far = childminder("am-2", lat=45.1)
    assert allocate([need("b-1", FULL, max_km=5)], [far]).placed == 0
    only_creche = need("b-1", FULL, modes=frozenset({CareMode.NURSERY}))
    assert allocate([only_creche], [childminder("am-3")]).placed == 0


def test_creche_places_by_age_group():
    eaje = creche("eaje-1", places=(1, 0, 0))
    result = allocate([need("bebe", age=6), need("moyen", age=20)], [eaje], mode="optimal")
    assert placed(result) == {"bebe": "eaje-1"}


def test_siblings_together_or_not_at_all():
    am = childminder("am-1", capacity=1)
    twins = [need(f"t{i}", sibling_group="f1", together=True) for i in range(2)]
    result = allocate(twins + [need("solo")], [am], mode="optimal")
    assert placed(result) == {"solo": "am-1"}
    result = allocate(twins, [childminder("am-2", capacity=2)], mode="stable")
    assert placed(result) == {"t0": "am-2", "t1": "am-2"}


def test_priority_decides_in_stable_mode_and_explains():
    am = childminder("am-1", capacity=1)
    low = need("low", declared=date(2026, 1, 1))
    high = need("high", declared=date(2026, 3, 1), priorities=frozenset({Priority.JOB_SEEKER}))
    assert placed(allocate([low, high], [am], mode="stable")) == {"high": "am-1"}
    assert placed(allocate([low, high], [am], mode="premier_arrive")) == {"low": "am-1"}


def test_avip_quota_reserves_places_for_job_seekers():
    eaje = creche("eaje-1", places=(5, 0, 0), avip=True)  # 20 % of 5 = 1 reserved place
    others = [need(f"b-{i}", age=6, declared=date(2026, 1, 1 + i)) for i in range(5)]
    seeker = need("seeker", age=6, priorities=frozenset({Priority.JOB_SEEKER}))
    result = allocate(others + [seeker], [eaje], mode="stable")
    assert "seeker" in placed(result) and result.placed == 5
    assert len(result.quota_envy) == 0 and not result.blocking_pairs
    # no eligible family asks: the reservation is void
    assert allocate(others, [eaje], mode="stable").placed == 5


def test_quota_envy_is_reported_not_blocking():
    eaje = creche("eaje-1", places=(5, 0, 0), avip=True)
    vip = need("vip", age=6, priorities=frozenset({Priority.DISABILITY}))
    others = [need(f"b-{i}", age=6) for i in range(4)]
    seeker = need("seeker", age=6, priorities=frozenset({Priority.JOB_SEEKER}), max_km=0.5)
    result = allocate([vip, seeker] + others, [eaje], mode="stable")
    assert result.placed == 5 and not result.blocking_pairs


def test_stable_is_not_always_above_first_come_first_served():
    """Counter-example to « stable >= any greedy »: priority order can place fewer."""
    near = childminder("am-near", capacity=1)
    far = childminder("am-far", capacity=1, lat=45.03)
    high = need("high", priorities=frozenset({Priority.JOB_SEEKER}), declared=date(2026, 2, 1))
    low = need("low", max_km=1, declared=date(2026, 1, 1))
    stable = allocate([high, low], [near, far], mode="stable")
    fcfs = allocate([high, low], [near, far], mode="premier_arrive")
    optimal = allocate([high, low], [near, far], mode="optimal")
    assert stable.placed == 1 and fcfs.placed == 2 and optimal.placed == 2
    assert optimal.objective >= max(stable.objective, fcfs.objective)
