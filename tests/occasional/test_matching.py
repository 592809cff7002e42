"""The pure week matcher, on hand-checked data (no database)."""

import datetime as dt

from maillage.occasional.matching import (
    DayNeed,
    SlotOffer,
    age_in_months,
    cover_interval,
    match_week,
)

BIRTH = dt.date(2025, 3, 1)  # 12 months old in March 2026
MON, TUE, WED = dt.date(2026, 3, 9), dt.date(2026, 3, 10), dt.date(2026, 3, 11)
H = 60


def day(day_id, date, start=9 * H, end=17 * H):
    return DayNeed(day_id, date, start, end)


_ids = iter(range(1, 10_000))


def slot(key, date, start=8 * H, end=18 * H, km=1.0, free=1, ages=(0, 48)):
    return SlotOffer(next(_ids), key, date, start, end, free, ages[0], ages[1], km)


def _match(days, slots, km=5.0):
    return match_week(days, slots, child_birth_date=BIRTH, max_distance_km=km)


def test_one_provider_for_all_days_beats_nearer_providers_for_single_days():
    days = [day(1, MON), day(2, TUE)]
    slots = [
        slot("childminder:far", MON, km=4.0),
        slot("childminder:far", TUE, km=4.0),
        slot("nursery:near", MON, km=0.5),
        slot("childminder:near", TUE, km=0.5),
    ]
    week = _match(days, slots)
    assert week.providers == ("childminder:far",)
    assert week.uncovered_day_ids == ()
    assert week.ranking[0].provider_key == "childminder:far"


def test_fewest_providers_then_smallest_total_distance():
    # A: Mon+Tue at 4 km; B: Wed at 1 km; C: Mon at 0.5 km; D: Tue+Wed at 2 km.
    # No one covers the three days. Pairs covering all: {A,B} = 4+4+1 = 9 km,
    # {A,D} = 4+2+2 = 8 km, {C,D} = 0.5+2+2 = 4.5 km -> C on Monday, D on Tuesday and Wednesday.
    days = [day(1, MON), day(2, TUE), day(3, WED)]
    slots = [
        slot("A", MON, km=4),
        slot("A", TUE, km=4),
        slot("B", WED, km=1),
        slot("C", MON, km=0.5),
        slot("D", TUE, km=2),
        slot("D", WED, km=2),
    ]
    week = _match(days, slots)
    assert [(c.day_id, c.provider_key) for c in week.covers] == [(1, "C"), (2, "D"), (3, "D")]
    # Ranking: most days first, then nearest.
    assert [r.provider_key for r in week.ranking] == ["D", "A", "C", "B"]


def test_a_morning_and_an_afternoon_of_the_same_provider_cover_a_full_day():
    morning = slot("nursery:1", MON, 7 * H + 30, 13 * H)
    afternoon = slot("nursery:1", MON, 13 * H, 18 * H + 30)
    other_morning = slot("nursery:2", MON, 7 * H + 30, 13 * H)
    week = _match([day(1, MON)], [morning, afternoon, other_morning])
    assert week.covers[0].provider_key == "nursery:1"
    assert week.covers[0].slot_ids == (morning.slot_id, afternoon.slot_id)


def test_a_morning_alone_does_not_cover_an_interview_in_the_afternoon():
    week = _match([day(1, MON, 14 * H, 16 * H)], [slot("nursery:1", MON, 7 * H + 30, 13 * H)])
    assert week.covers == ()
    assert week.uncovered_day_ids == (1,)


def test_age_distance_and_full_slots_are_left_out():
    days = [day(1, MON)]
    slots = [
        slot("babies", MON, ages=(2, 10)),  # the child is 12 months old
        slot("far", MON, km=7.5),  # beyond the 5 km
        slot("full", MON, free=0),
        slot("other_date", TUE),
        slot("ok", MON, km=3.0, ages=(10, 18)),
    ]
    week = _match(days, slots)
    assert [r.provider_key for r in week.ranking] == ["ok"]


def test_partial_cover_reports_the_uncovered_days():
    week = _match([day(1, MON), day(2, TUE)], [slot("A", MON)])
    assert [c.day_id for c in week.covers] == [1]
    assert week.uncovered_day_ids == (2,)


def test_greedy_fallback_when_the_exact_search_is_limited():
    days = [day(1, MON), day(2, TUE), day(3, WED)]
    slots = [slot("A", MON), slot("A", TUE), slot("B", WED, km=2)]
    week = match_week(days, slots, child_birth_date=BIRTH, max_distance_km=5, max_exact_providers=1)
    assert week.providers == ("A", "B")
    assert week.uncovered_day_ids == ()


def test_cover_interval_takes_the_fewest_slots():
    a = SlotOffer(1, "x", MON, 8 * H, 12 * H, 1, 0, 48, 0)
    b = SlotOffer(2, "x", MON, 10 * H, 13 * H, 1, 0, 48, 0)
    c = SlotOffer(3, "x", MON, 11 * H, 18 * H, 1, 0, 48, 0)
    assert cover_interval(9 * H, 17 * H, [a, b, c]) == (1, 3)
    assert cover_interval(7 * H, 17 * H, [a, b, c]) is None


def test_age_in_months():
    assert age_in_months(dt.date(2025, 3, 15), dt.date(2026, 3, 14)) == 11
    assert age_in_months(dt.date(2025, 3, 15), dt.date(2026, 3, 15)) == 12
    assert age_in_months(dt.date(2026, 5, 1), dt.date(2026, 3, 1)) == 0
