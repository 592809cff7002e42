from dataclasses import replace

from maillage.matching import TerritoryState, allocate
from maillage.matching.builders import childminder, in_care, need

TOWN_B = 46.0  # about 110 km away: a separate component


def territory():
    providers = [childminder(f"am-a{i}", capacity=2, lat=45 + i / 500) for i in range(3)]
    providers += [childminder(f"am-b{i}", capacity=2, lat=TOWN_B + i / 500) for i in range(3)]
    needs = [need(f"a{i}", lat=45.001) for i in range(7)] + [
        need(f"b{i}", lat=TOWN_B) for i in range(5)
    ]
    return needs, providers


def test_new_need_recomputes_only_its_component():
    needs, providers = territory()
    state = TerritoryState(needs, providers, mode="stable")
    before = dict(state.assignment)
    state.add_need(need("b9", lat=TOWN_B + 0.001))
    assert state.last_recomputed_needs == 6  # town B only (5 + the new one)
    assert {k: v for k, v in state.assignment.items() if k.startswith("a")} == {
        k: v for k, v in before.items() if k.startswith("a")
    }
    full = allocate(needs + [need("b9", lat=TOWN_B + 0.001)], providers, mode="stable")
    assert state.assignment == {a.need_id: a.provider_id for a in full.assignments}


def test_freed_place_is_given_to_a_waiting_family():
    needs, providers = territory()
    busy = replace(providers[0], in_care=(in_care("lundi-vendredi 7:30-18:30"),) * 2)
    providers[0] = busy
    state = TerritoryState(needs, providers, mode="optimal")
    waiting = [n.id for n in needs if n.id.startswith("a") and n.id not in state.assignment]
    assert len(waiting) == 3
    state.update_provider(replace(busy, in_care=()))
    assert state.last_recomputed_needs == 7
    assert all(n in state.assignment for n in waiting[:2])
