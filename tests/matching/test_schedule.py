import numpy as np
import pytest

from maillage.matching import InvalidScheduleError, WeeklySchedule
from maillage.matching.schedule import N_SLOTS, SLOTS_PER_DAY, describe_slots_fr


def test_weekday_range_counts_half_hours():
    week = WeeklySchedule.from_text("lundi-vendredi 7:30-18:00")
    assert week.slot_count == 5 * 21
    assert week.hours == 52.5
    assert week.days() == [0, 1, 2, 3, 4]


def test_saturday_and_night_crossing_midnight():
    night = WeeklySchedule.from_text("samedi 22:00-6:00")
    slots = np.flatnonzero(night.array)
    assert slots[0] == 5 * SLOTS_PER_DAY + 44
    assert slots[-1] == 6 * SLOTS_PER_DAY + 11
    assert night.slot_count == 16


def test_sunday_night_wraps_to_monday():
    assert WeeklySchedule.from_text("dimanche 23:00-1:00").array[[N_SLOTS - 1, 0, 1]].all()


def test_round_trip_array_and_set_operations():
    a = WeeklySchedule.from_text("lundi 8h-12h")
    b = WeeklySchedule.from_text("lundi 8:00-18:00")
    assert a.issubset(b) and not b.issubset(a)
    assert WeeklySchedule.from_array(b.array) == b
    assert (b - a).slot_count == 12
    assert describe_slots_fr((b - a).array) == "le lundi après-midi"


@pytest.mark.parametrize("text", ["lundi 7:15-9:00", "funday 8:00-9:00", "lundi huit-neuf"])
def test_bad_text_raises_typed_error(text):
    with pytest.raises(InvalidScheduleError):
        WeeklySchedule.from_text(text)


def test_out_of_range_slot_is_invalid():
    assert not WeeklySchedule.from_slots([0, 400]).is_valid()
    with pytest.raises(InvalidScheduleError):
        WeeklySchedule.from_slots([-1])
