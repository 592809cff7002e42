"""One-click relaxations: each re-evaluates a modified copy of the need and counts options."""

from dataclasses import replace
from datetime import date

from maillage.matching import (
    CareMode,
    WeeklySchedule,
    build_options_index,
    count_options,
    family_options,
    suggest_relaxations,
)
from maillage.matching.builders import childminder, creche, in_care, need

EARLY = "lundi-vendredi 6:30-15:00"  # a cleaner starting at 6:30


def _by_kind(relaxations):
    out: dict[str, list] = {}
    for r in relaxations:
        out.setdefault(r.kind, []).append(r)
    return out


def test_shifting_atypical_hours_later_opens_the_childminders_of_the_commune():
    index = build_options_index([childminder("am-1", lat=45.01), childminder("am-2", lat=45.02)])
    early = need("b-1", EARLY)
    assert count_options(early, index, _grid()) == 0
    shifts = _by_kind(suggest_relaxations(early, index))["shift"]
    # 30 min later: 7:00-15:30 still starts before 7:30; one hour later fits both.
    assert [(r.value, r.options_count) for r in shifts] == [("60", 2)]
    assert shifts[0].label_fr == "Arriver et repartir 1 h plus tard"
    relaxed = family_options(replace(early, schedule=shifts[0].schedule), index=index)
    assert len(relaxed.options) == 2


def test_a_wider_distance_keeps_the_smallest_step_then_a_larger_one_only_if_it_opens_more():
    index = build_options_index(
        [
            childminder("am-6km", lat=45.06),
            childminder("am-8km", lat=45.075),
            creche("c-14km", lat=45.13),
        ]
    )
    distances = _by_kind(suggest_relaxations(need("b-1", max_km=5), index))["distance"]
    assert [(r.max_km, r.options_count) for r in distances] == [(7.0, 1), (10.0, 2)]
    assert distances[0].label_fr == "Jusqu'à 7 km"


def test_a_later_start_uses_the_childs_age_at_that_date():
    later = childminder("am-1", lat=45.01, free_from=date(2026, 11, 15))
    index = build_options_index([later])
    seen: list[date] = []

    def age_at(day: date) -> int:
        seen.append(day)
        return 14

    starts = _by_kind(suggest_relaxations(need("b-1"), index, age_at=age_at))["start"]
    assert [(r.value, r.options_count) for r in starts] == [("2026-12-01", 1)]
    assert starts[0].label_fr == "Commencer 3 mois plus tard"
    assert date(2026, 10, 1) in seen and date(2026, 12, 1) in seen


def test_other_modes_are_offered_one_by_one():
    index = build_options_index([creche("c-1", lat=45.01), childminder("am-1", lat=45.01)])
    only_mam = need("b-1", modes=frozenset({CareMode.CHILDMINDERS_HOUSE}))
    modes = _by_kind(suggest_relaxations(only_mam, index))["mode"]
    assert [(r.value, r.options_count) for r in modes] == [
        ("assistant_maternel", 1),
        ("assistant_maternel,creche", 2),
    ]
    assert modes[0].modes == frozenset({CareMode.CHILDMINDERS_HOUSE, CareMode.CHILDMINDER})


def test_nothing_is_offered_when_no_change_opens_more():
    index = build_options_index([childminder("am-1", lat=45.01)])
    fits = need("b-1")
    assert count_options(fits, index, _grid()) == 1
    assert suggest_relaxations(fits, index) == []


def test_shifting_keeps_the_hours_and_stays_within_the_week():
    week = WeeklySchedule.from_text("lundi 8:00-12:00")
    assert week.shifted(2) == WeeklySchedule.from_text("lundi 9:00-13:00")
    assert week.shifted(-1) == WeeklySchedule.from_text("lundi 7:30-11:30")
    assert WeeklySchedule.from_text("lundi 0:00-1:00").shifted(-1).slot_count == 1


def test_closed_slots_are_not_also_called_full():
    """« fermé le lundi matin » (7:00-7:30) is never followed by « complet le lundi matin »."""
    busy = childminder("am-1", lat=45.01, children=(in_care("lundi-vendredi 8:00-12:00"),) * 4)
    wide = "lundi-vendredi 6:00-19:00"
    other = childminder("am-2", lat=45.03, opening=wide, children=(in_care(wide),) * 4)
    for providers in ([busy], [busy, other]):
        reasons = family_options(need("b-1", "lundi-vendredi 7:00-18:00"), providers).reasons_fr
        closed = [r for r in reasons if "ouverte" in r or "fermé" in r]
        assert closed and "le lundi matin" in closed[0]
        assert all("le lundi matin" not in r for r in reasons if "complet" in r), reasons


def test_a_provider_full_only_when_it_is_closed_gets_no_full_line():
    busy = childminder("am-1", lat=45.01, children=(in_care("lundi-vendredi 8:00-12:00"),) * 4)
    reasons = family_options(need("b-1", "lundi-vendredi 7:00-12:00"), [busy]).reasons_fr
    assert list(reasons) == [
        "aucune assistante maternelle, MAM ni crèche ouverte le lundi matin, le mardi matin, "
        "le mercredi matin et 2 autre(s) moment(s) à moins de 5 km"
    ]


def _grid():
    from maillage.matching import PriorityGrid

    return PriorityGrid()
