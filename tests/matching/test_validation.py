import math
from dataclasses import replace

import pytest

from maillage.matching import (
    DuplicateIdError,
    InvalidNeedError,
    InvalidProviderError,
    MatchingError,
    WeeklySchedule,
    allocate,
    family_options,
)
from maillage.matching.builders import childminder, creche, need
from maillage.matching.model import AgeGroup, ChildInCare


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"age_months": None}, "age_months"),
        ({"age_months": -3}, "age_months"),
        ({"schedule": WeeklySchedule()}, "schedule"),
        ({"schedule": WeeklySchedule.from_slots([3, 999])}, "schedule"),
        ({"lat": math.nan}, "lat"),
        ({"lon": math.inf}, "lon"),
        ({"max_km": -1.0}, "max_km"),
        ({"modes": frozenset()}, "modes"),
    ],
)
def test_bad_need_names_record_and_field(change, field):
    bad = replace(need("b-42"), **change)
    with pytest.raises(InvalidNeedError) as caught:
        allocate([need("b-1"), bad], [childminder("am-1")])
    assert caught.value.record_id == "b-42"
    assert caught.value.field == field
    assert "b-42" in str(caught.value)


@pytest.mark.parametrize(
    ("provider", "field"),
    [
        (childminder("am-7", capacity=-1), "capacity"),
        (childminder("am-7", capacity=5), "capacity"),
        (replace(childminder("am-7"), lat=math.nan), "lat"),
        (replace(childminder("am-7"), opening=WeeklySchedule()), "opening"),
        (replace(creche("eaje-7"), groups=(AgeGroup("bébés", 2, 18, -2),)), "groups"),
        (replace(creche("eaje-7"), groups=()), "groups"),
    ],
)
def test_bad_provider_names_record(provider, field):
    with pytest.raises(InvalidProviderError) as caught:
        allocate([need("b-1")], [childminder("am-1"), provider])
    assert (caught.value.record_id, caught.value.field) == (provider.id, field)


MONDAY = WeeklySchedule.from_slots([20, 21])


@pytest.mark.parametrize(
    "child",
    [
        ChildInCare(12, WeeklySchedule()),  # empty week
        ChildInCare(12, WeeklySchedule.from_slots([3, 999])),  # a slot beyond the week
        ChildInCare(-1, MONDAY),  # negative age
        ChildInCare(12, MONDAY.bits),  # not a schedule
    ],
)
def test_bad_child_in_care_names_record_and_field(child):
    bad = childminder("am-7", children=(ChildInCare(20, MONDAY), child))
    with pytest.raises(InvalidProviderError) as caught:
        allocate([need("b-1")], [childminder("am-1"), bad])
    assert (caught.value.record_id, caught.value.field) == ("am-7", "in_care")


def test_children_in_care_with_plain_records_pass_validation():
    kept = childminder("am-7", children=(ChildInCare(0, MONDAY), ChildInCare(20, MONDAY)))
    result = allocate([need("b-1")], [kept], mode="stable")
    assert result.placed == 1


def test_duplicate_ids_rejected():
    with pytest.raises(DuplicateIdError):
        allocate([need("b-1"), need("b-1")], [childminder("am-1")])
    with pytest.raises(DuplicateIdError):
        allocate([need("b-1")], [childminder("am-1"), childminder("am-1")])


def test_options_validate_the_need_too():
    with pytest.raises(MatchingError):
        family_options(need("b-9", age=None), [childminder("am-1")])
