"""Great-circle distances and a KD-tree candidate index on unit-sphere coordinates.

Points are embedded on the unit sphere, so a ball query with the chord length of a distance is
exact at national scale (no projection distortion).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree  # type: ignore[import-untyped]

from . import portable_math as pm
from .native import kernels

EARTH_RADIUS_KM = 6371.0088
# A point is within ``km`` when its great-circle distance is at most ``km + TOLERANCE_KM``: the
# single query, the KD-tree join, the strip join and the feasibility check all apply this one
# rule, so a point exactly on the boundary is found by every path or by none.
TOLERANCE_KM = 1e-9

FloatArray = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
Index = npt.NDArray[np.integer[Any]]


def unit_xyz(lat: FloatArray, lon: FloatArray) -> FloatArray:
    phi = pm.radians(lat)
    lam = pm.radians(lon)
    cos_phi = pm.cos(phi)
    return np.column_stack((cos_phi * pm.cos(lam), cos_phi * pm.sin(lam), pm.sin(phi)))


def chord_of_km(km: FloatArray | float) -> FloatArray:
    angle = np.minimum(np.asarray(km, dtype=np.float64) / EARTH_RADIUS_KM, np.pi)
    return np.asarray(2.0 * pm.sin(angle / 2.0), dtype=np.float64)


def km_of_chord(chord: FloatArray) -> FloatArray:
    return np.asarray(
        2.0 * EARTH_RADIUS_KM * pm.arcsin(np.clip(chord / 2.0, 0.0, 1.0)), dtype=np.float64
    )


def search_chord(km: FloatArray | float) -> FloatArray:
    """A ball radius that surely holds every point within ``km`` (rounding included)."""
    return chord_of_km(np.asarray(km, dtype=np.float64) * (1 + 1e-9) + 2 * TOLERANCE_KM)


def haversine_km(
    lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray
) -> FloatArray:
    p1, p2 = pm.radians(lat1), pm.radians(lat2)
    dp, dl = p2 - p1, pm.radians(lon2) - pm.radians(lon1)
    a = pm.sin(dp / 2) ** 2 + pm.cos(p1) * pm.cos(p2) * pm.sin(dl / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * pm.arcsin(np.sqrt(np.clip(a, 0, 1))), dtype=np.float64)


ROW_KM = 2.0
KM_PER_DEGREE_MIN = 110.5  # a degree of latitude is at least this long
SAFE_LAT = 80.0  # the strip join serves queries whose reach stays below this latitude
BLOCK = 16384  # pairs per block of the distance computation
PREFILTER_BLOCK = 1 << 17


class PointIndex:
    """Points given in degrees: a KD-tree for single queries, sorted strips for batch joins.

    The batch join uses a local equirectangular projection only as a padded pre-filter (rows of
    ``ROW_KM``, points sorted by x inside a row); distances are then computed exactly on the
    sphere.
    """

    def __init__(self, lat: FloatArray, lon: FloatArray) -> None:
        self.lat = np.asarray(lat, dtype=np.float64)
        self.lon = np.asarray(lon, dtype=np.float64)
        self.xyz = unit_xyz(self.lat, self.lon)
        self._tree: cKDTree | None = None
        self.lat0 = float(np.mean(self.lat)) if len(self.lat) else 46.0
        self.cos_lat0 = float(pm.cos(pm.radians(np.array([self.lat0])))[0])
        x, y = self._project(self.lat, self.lon)
        rows = np.floor(y / ROW_KM).astype(np.int64)
        self.x_min = float(x.min(initial=0.0))
        self.span = float(x.max(initial=0.0)) - self.x_min + 1.0
        self.order = np.lexsort((x, rows))
        self.strip_key = rows[self.order] * self.span + (x[self.order] - self.x_min)
        ordered_xyz = self.xyz[self.order]
        self.sorted_xyz = tuple(np.ascontiguousarray(ordered_xyz[:, k]) for k in range(3))

    @property
    def tree(self) -> cKDTree | None:
        if self._tree is None and len(self.xyz):
            self._tree = cKDTree(self.xyz)
        return self._tree

    def _project(self, lat: FloatArray, lon: FloatArray) -> tuple[FloatArray, FloatArray]:
        scale = pm.RADIANS_PER_DEGREE * EARTH_RADIUS_KM
        return lon * scale * self.cos_lat0, lat * scale

    def within_one(self, lat: float, lon: float, km: float) -> tuple[I64, FloatArray]:
        """Indices (ascending) and distances of points within ``km`` of one point."""
        tree = self.tree
        if tree is None:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        query = unit_xyz(np.array([lat]), np.array([lon]))[0]
        hits = np.sort(
            np.asarray(tree.query_ball_point(query, float(search_chord(km))), dtype=np.int64)
        )
        dist = km_of_chord(np.linalg.norm(self.xyz[hits] - query, axis=1))
        keep = dist <= km + TOLERANCE_KM
        return hits[keep], dist[keep]

    def _strips(self, lat: FloatArray, lon: FloatArray, km: FloatArray) -> tuple[I64, I64, I64]:
        """Per (query, strip row): the query and the [lo, hi) range of sorted points to test."""
        x, y = self._project(lat, lon)
        # x is shrunk by cos(lat0): pad by the ratio to the cosine of the highest latitude the
        # query can reach (safe queries stay below SAFE_LAT), so that no point is missed
        high = np.minimum(np.abs(lat) + km / KM_PER_DEGREE_MIN, 89.0)
        stretch = self.cos_lat0 / pm.cos(pm.radians(high))
        reach = km * np.maximum(1.0, stretch) * 1.02 + 1e-6
        r0 = np.floor((y - reach) / ROW_KM).astype(np.int64)
        n_rows = np.floor((y + reach) / ROW_KM).astype(np.int64) - r0 + 1
        q_row = np.repeat(np.arange(len(lat)), n_rows)
        row = np.arange(len(q_row)) - np.repeat(np.cumsum(n_rows) - n_rows, n_rows)
        row += r0[q_row]
        yq, rq = y[q_row], reach[q_row]
        gap = np.maximum(np.maximum(row * ROW_KM - yq, yq - (row + 1) * ROW_KM), 0.0)
        half = np.sqrt(np.maximum(rq * rq - gap * gap, 0.0))
        xq = x[q_row] - self.x_min
        base = row * self.span
        lo = np.searchsorted(self.strip_key, base + np.maximum(xq - half, 0.0), side="left")
        hi = np.searchsorted(
            self.strip_key, base + np.minimum(xq + half, self.span - 0.5), side="right"
        )
        return q_row, lo, np.maximum(hi, lo)

    def _safe(self, lat: FloatArray, lon: FloatArray, km: FloatArray) -> npt.NDArray[np.bool_]:
        """Queries the strip join handles exactly: far from the poles and the antimeridian.
        The others (no French case) go through the KD-tree on the sphere, as single queries do.
        """
        if len(self.lat) and float(np.abs(self.lat).max()) > SAFE_LAT:
            # points near a pole: the strips' padding would be unbounded
            return np.zeros(len(lat), dtype=np.bool_)
        deg = km / KM_PER_DEGREE_MIN * 1.02 + 1e-6
        high = np.abs(lat) + deg
        lon_reach = deg / pm.cos(pm.radians(np.minimum(high, 89.0)))
        return np.asarray(
            (high <= SAFE_LAT) & (lon - lon_reach > -180.0) & (lon + lon_reach < 180.0)
        )

    def count_upper(self, lat: FloatArray, lon: FloatArray, km: FloatArray) -> I64:
        """Per query, an upper bound of the points within ``km`` (cheap: no distance)."""
        lat, lon = np.asarray(lat, dtype=np.float64), np.asarray(lon, dtype=np.float64)
        km = np.asarray(km, dtype=np.float64)
        counts = np.zeros(len(lat), dtype=np.int64)
        if len(self.xyz) == 0 or len(lat) == 0:
            return counts
        safe = self._safe(lat, lon, km)
        idx = np.flatnonzero(safe)
        if len(idx):
            q_row, lo, hi = self._strips(lat[idx], lon[idx], km[idx])
            counts[idx] = np.bincount(q_row, weights=hi - lo, minlength=len(idx)).astype(np.int64)
        other = np.flatnonzero(~safe)
        if len(other) and self.tree is not None:
            queries = unit_xyz(lat[other], lon[other])
            found = self.tree.query_ball_point(queries, search_chord(km[other]), return_length=True)
            counts[other] = np.asarray(found, dtype=np.int64)
        return counts

    def within(
        self,
        lat: FloatArray,
        lon: FloatArray,
        km: FloatArray,
        prefilter: Callable[[Index, Index], npt.NDArray[np.bool_]] | None = None,
        *,
        ordered: bool = True,
    ) -> tuple[I64, I64, FloatArray]:
        """All (query index, point index, distance km) pairs with distance <= km[query].

        ``prefilter(query_idx, point_idx)`` may drop pairs cheaply before distances. Pairs are
        sorted by (query, point) when ``ordered``, else only grouped by ascending query.
        Queries near a pole or the antimeridian are answered by the KD-tree (same pairs as
        :meth:`within_one`).
        """
        km = np.asarray(km, dtype=np.float64)
        if len(self.xyz) == 0 or len(lat) == 0:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros(0)
        lat, lon = np.asarray(lat, dtype=np.float64), np.asarray(lon, dtype=np.float64)
        safe = self._safe(lat, lon, km)
        if safe.all():
            return self._within_strips(lat, lon, km, prefilter, ordered=ordered)
        parts = [self._within_tree(lat, lon, km, np.flatnonzero(~safe), prefilter)]
        idx = np.flatnonzero(safe)
        if len(idx):
            local = None
            if prefilter is not None:
                outer = prefilter

                def local(q: Index, p: Index) -> npt.NDArray[np.bool_]:
                    return outer(idx[q], p)

            q, p, d = self._within_strips(lat[idx], lon[idx], km[idx], local, ordered=True)
            parts.append((idx[q], p, d))
        q = np.concatenate([part[0] for part in parts])
        p = np.concatenate([part[1] for part in parts])
        d = np.concatenate([part[2] for part in parts])
        order = np.argsort(q * len(self.xyz) + p, kind="stable")
        return q[order], p[order], d[order]

    def _within_tree(
        self,
        lat: FloatArray,
        lon: FloatArray,
        km: FloatArray,
        idx: I64,
        prefilter: Callable[[Index, Index], npt.NDArray[np.bool_]] | None,
    ) -> tuple[I64, I64, FloatArray]:
        tree = self.tree
        assert tree is not None
        queries = unit_xyz(lat[idx], lon[idx])
        found = tree.query_ball_point(queries, search_chord(km[idx]))
        lengths = np.fromiter((len(f) for f in found), dtype=np.int64, count=len(found))
        q_local = np.repeat(np.arange(len(idx)), lengths)
        p = (
            np.concatenate([np.asarray(f, dtype=np.int64) for f in found])
            if len(found)
            else np.zeros(0, dtype=np.int64)
        )
        q = idx[q_local]
        if prefilter is not None and len(q):
            cheap = prefilter(q, p)
            q, p, q_local = q[cheap], p[cheap], q_local[cheap]
        dist = km_of_chord(np.linalg.norm(self.xyz[p] - queries[q_local], axis=1))
        keep = dist <= km[q] + TOLERANCE_KM
        return q[keep], p[keep], dist[keep]

    def _within_strips(
        self,
        lat: FloatArray,
        lon: FloatArray,
        km: FloatArray,
        prefilter: Callable[[Index, Index], npt.NDArray[np.bool_]] | None,
        *,
        ordered: bool,
    ) -> tuple[I64, I64, FloatArray]:
        q_row, lo, hi = self._strips(lat, lon, km)
        queries = unit_xyz(lat, lon)
        coords = [np.ascontiguousarray(queries[:, axis]) for axis in range(3)]
        limit = np.square(search_chord(km))
        compiled = kernels()
        tables = None if prefilter is None else getattr(prefilter, "native", None)
        if compiled is not None and (prefilter is None or tables is not None):
            q_idx, s_kept, dist = compiled.strip_join(
                (q_row, lo, hi),
                self.order,
                (coords[0], coords[1], coords[2]),
                (self.sorted_xyz[0], self.sorted_xyz[1], self.sorted_xyz[2]),
                limit,
                tables,
            )
        else:
            q_idx, s_kept, dist = self._strip_pairs(q_row, lo, hi, coords, limit, prefilter)
        p_idx = self.order[s_kept]
        np.sqrt(dist, out=dist)
        dist /= 2.0
        np.clip(dist, 0.0, 1.0, out=dist)
        pm.arcsin(dist, out=dist)
        dist *= 2.0 * EARTH_RADIUS_KM
        # the chord limit is padded for rounding: the distance itself decides
        close = dist <= km[q_idx] + TOLERANCE_KM
        if not close.all():
            q_idx, p_idx, dist = q_idx[close], p_idx[close], dist[close]
        if not ordered:
            return q_idx, p_idx, dist
        order = np.argsort(q_idx * len(self.xyz) + p_idx, kind="stable")
        return q_idx[order], p_idx[order], dist[order]

    def _strip_pairs(
        self,
        q_row: I64,
        lo: I64,
        hi: I64,
        coords: list[FloatArray],
        limit: FloatArray,
        prefilter: Callable[[Index, Index], npt.NDArray[np.bool_]] | None,
    ) -> tuple[I64, I64, FloatArray]:
        """(query, sorted point, squared chord) of the pairs in the strips that pass the
        pre-filter and the chord limit (``native.Kernels.strip_join`` in numpy)."""
        # few, reused work arrays (int32 indices, in-place arithmetic): large temporaries
        # cost more in page faults than in arithmetic
        counts = np.maximum(hi - lo, 0)
        ends = np.cumsum(counts)
        total = int(ends[-1]) if len(ends) else 0
        small = total < 2**31 and len(self.xyz) < 2**31
        index_type = np.int32 if small else np.int64
        q_idx = np.repeat(q_row.astype(index_type), counts)
        sorted_idx = np.repeat((lo - ends + counts).astype(index_type), counts)
        sorted_idx += np.arange(total, dtype=index_type)
        if prefilter is not None and len(q_idx):
            # by blocks: the pre-filter's temporaries stay small
            kept_q, kept_s = [], []
            for lo_k in range(0, len(q_idx), PREFILTER_BLOCK):
                q_part = q_idx[lo_k : lo_k + PREFILTER_BLOCK]
                s_part = sorted_idx[lo_k : lo_k + PREFILTER_BLOCK]
                cheap = prefilter(q_part, self.order[s_part])
                kept_q.append(q_part[cheap])
                kept_s.append(s_part[cheap])
            q_idx, sorted_idx = np.concatenate(kept_q), np.concatenate(kept_s)
        # chord lengths block by block in small reused buffers (cache-resident, no page
        # faults); only the kept pairs are materialised
        n = len(q_idx)
        chord2 = np.empty(n)
        keep = np.empty(n, dtype=np.bool_)
        size = min(n, BLOCK)
        term, other = np.empty(size), np.empty(size)
        for lo_k in range(0, n, BLOCK):
            hi_k = min(n, lo_k + BLOCK)
            q_part, s_part = q_idx[lo_k:hi_k], sorted_idx[lo_k:hi_k]
            acc = chord2[lo_k:hi_k]
            t, o = term[: hi_k - lo_k], other[: hi_k - lo_k]
            for axis in range(3):
                np.take(coords[axis], q_part, out=acc if axis == 0 else t, mode="clip")
                np.take(self.sorted_xyz[axis], s_part, out=o, mode="clip")
                if axis == 0:
                    acc -= o
                    acc *= acc
                else:
                    t -= o
                    t *= t
                    acc += t
            np.take(limit, q_part, out=o, mode="clip")
            np.less_equal(acc, o, out=keep[lo_k:hi_k])
        return q_idx[keep].astype(np.int64), sorted_idx[keep].astype(np.int64), chord2[keep]
