"""Near the antimeridian and the poles, the territory's candidate search finds exactly the
places a single family's options find (no French case, but the two paths must agree)."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from maillage.matching import Policy, PriorityGrid, build_options_index, family_options
from maillage.matching.allocation.api import build
from maillage.matching.builders import childminder, need

EARTH_KM = 6371.0088


def around(lat: float, lon: float, km: float, bearing: float) -> tuple[float, float]:
    """The point ``km`` away from (lat, lon) along ``bearing`` (great circle, exact)."""
    p1, l1, d = math.radians(lat), math.radians(lon), km / EARTH_KM
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(bearing))
    l2 = l1 + math.atan2(
        math.sin(bearing) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2)
    )
    lon2 = (math.degrees(l2) + 180.0) % 360.0 - 180.0
    return max(-90.0, min(90.0, math.degrees(p2))), lon2


centres = st.one_of(
    st.tuples(st.floats(-60, 60), st.floats(179.0, 180.0)),  # east of the antimeridian
    st.tuples(st.floats(-60, 60), st.floats(-180.0, -179.0)),  # west of it
    st.tuples(st.floats(88.5, 90.0), st.floats(-180.0, 180.0)),  # North Pole
    st.tuples(st.floats(-90.0, -88.5), st.floats(-180.0, 180.0)),  # South Pole
    st.tuples(st.floats(40, 52), st.floats(-5, 9)),  # France, for contrast
)


@settings(max_examples=60, deadline=None)
@example(centre=(1.0, 179.0), places=[(0.0, 0.0)], families=[(5.0, 0.0, 5.0)])  # on the boundary
@example(centre=(46.0, 2.0), places=[(0.0, 0.0)], families=[(5.0, 0.0, 5.0)])
@given(
    centres,
    st.lists(st.tuples(st.floats(0, 60), st.floats(0, 2 * math.pi)), min_size=1, max_size=25),
    st.lists(
        st.tuples(st.floats(0, 30), st.floats(0, 2 * math.pi), st.sampled_from([5.0, 20.0, 45.0])),
        min_size=1,
        max_size=8,
    ),
)
def test_territory_candidates_equal_single_family_options(centre, places, families):
    lat0, lon0 = centre
    providers = [
        childminder(f"am-{i:02d}", lat=a, lon=b)
        for i, (a, b) in enumerate(around(lat0, lon0, km, bearing) for km, bearing in places)
    ]
    needs = [
        need(f"b-{j:02d}", lat=a, lon=b, max_km=radius)
        for j, (km, bearing, radius) in enumerate(families)
        for a, b in [around(lat0, lon0, km, bearing)]
    ]
    policy, grid = Policy(max_candidates_per_need=0), PriorityGrid()
    problem = build(needs, providers, policy, grid)
    index = build_options_index(providers, policy)
    for e, members in enumerate(problem.members):
        found = problem.nt.needs[members[0]]
        territory = sorted(
            problem.pt.providers[p].id for p in problem.pair_provider[problem.pairs_of(e)].tolist()
        )
        options = family_options(found, index=index, policy=policy, grid=grid, limit=1000)
        single = sorted(o.provider_id for o in options.options)
        assert territory == single, (found.id, found.lat, found.lon)
        distances = dict(
            zip(
                [problem.pt.providers[p].id for p in problem.pair_provider[problem.pairs_of(e)]],
                problem.pair_distance[problem.pairs_of(e)].tolist(),
                strict=True,
            )
        )
        for option in options.options:
            assert np.isclose(distances[option.provider_id], option.distance_km, atol=1e-3)
