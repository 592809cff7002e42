"""Great-circle distances and a KD-tree candidate index on unit-sphere coordinates.

Points are embedded on the unit sphere, so a ball query with the chord length of a distance is
exact at national scale (no projection distortion).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree  # type: ignore[import-untyped]

EARTH_RADIUS_KM = 6371.0088

FloatArray = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]


def unit_xyz(lat: FloatArray, lon: FloatArray) -> FloatArray:
    phi = np.radians(lat)
    lam = np.radians(lon)
    cos_phi = np.cos(phi)
    return np.column_stack((cos_phi * np.cos(lam), cos_phi * np.sin(lam), np.sin(phi)))


def chord_of_km(km: FloatArray | float) -> FloatArray:
    angle = np.minimum(np.asarray(km, dtype=np.float64) / EARTH_RADIUS_KM, np.pi)
    return np.asarray(2.0 * np.sin(angle / 2.0), dtype=np.float64)


def km_of_chord(chord: FloatArray) -> FloatArray:
    return np.asarray(
        2.0 * EARTH_RADIUS_KM * np.arcsin(np.clip(chord / 2.0, 0.0, 1.0)), dtype=np.float64
    )


def haversine_km(
    lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray
) -> FloatArray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2) - np.radians(lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1))), dtype=np.float64)


CELL_KM = 2.0


class PointIndex:
    """Points given in degrees: a KD-tree for single queries, a sorted grid for batch joins.

    The grid uses a local equirectangular projection only as a padded pre-filter; distances
    are then computed exactly on the sphere.
    """

    def __init__(self, lat: FloatArray, lon: FloatArray) -> None:
        self.lat = np.asarray(lat, dtype=np.float64)
        self.lon = np.asarray(lon, dtype=np.float64)
        self.xyz = unit_xyz(self.lat, self.lon)
        self.tree = cKDTree(self.xyz) if len(self.xyz) else None
        self.lat0 = float(np.mean(self.lat)) if len(self.lat) else 46.0
        self.cos_lo = float(np.cos(np.radians(min(89.0, np.abs(self.lat).max(initial=0.0)))))
        x, y = self._project(self.lat, self.lon)
        cx, cy = np.floor(x / CELL_KM).astype(np.int64), np.floor(y / CELL_KM).astype(np.int64)
        keys = (cx << 32) + cy
        self.order = np.argsort(keys, kind="stable")
        self.cell_keys, self.cell_start, self.cell_count = np.unique(
            keys[self.order], return_index=True, return_counts=True
        )

    def _project(self, lat: FloatArray, lon: FloatArray) -> tuple[FloatArray, FloatArray]:
        scale = np.radians(1.0) * EARTH_RADIUS_KM
        return lon * scale * np.cos(np.radians(self.lat0)), lat * scale

    def within_one(self, lat: float, lon: float, km: float) -> tuple[I64, FloatArray]:
        """Indices (ascending) and distances of points within ``km`` of one point."""
        if self.tree is None:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        query = unit_xyz(np.array([lat]), np.array([lon]))[0]
        hits = np.sort(
            np.asarray(self.tree.query_ball_point(query, float(chord_of_km(km))), dtype=np.int64)
        )
        dist = km_of_chord(np.linalg.norm(self.xyz[hits] - query, axis=1))
        keep = dist <= km + 1e-9
        return hits[keep], dist[keep]

    def within(
        self,
        lat: FloatArray,
        lon: FloatArray,
        km: FloatArray,
        prefilter: Callable[[I64, I64], npt.NDArray[np.bool_]] | None = None,
    ) -> tuple[I64, I64, FloatArray]:
        """All (query index, point index, distance km) pairs with distance <= km[query].

        ``prefilter(query_idx, point_idx)`` may drop pairs cheaply before distances.
        """
        km = np.asarray(km, dtype=np.float64)
        if len(self.xyz) == 0 or len(lat) == 0:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros(0)
        x, y = self._project(np.asarray(lat), np.asarray(lon))
        cx, cy = np.floor(x / CELL_KM).astype(np.int64), np.floor(y / CELL_KM).astype(np.int64)
        # x is shrunk by cos(lat0); pad so that the pre-filter never misses a point
        stretch = np.cos(np.radians(self.lat0)) / max(self.cos_lo, 1e-3)
        reach = np.ceil(km * max(1.0, stretch) * 1.02 / CELL_KM).astype(np.int64) + 1
        q_parts: list[I64] = []
        p_parts: list[I64] = []
        for b in np.unique(reach).tolist():
            rows = np.flatnonzero(reach == b)
            d = np.arange(-b, b + 1)
            dx, dy = np.meshgrid(d, d, indexing="ij")
            near = (
                np.maximum(np.abs(dx) - 1, 0) ** 2 + np.maximum(np.abs(dy) - 1, 0) ** 2
            ) <= b * b
            keys = ((cx[rows, None] + dx[near]) << 32) + (cy[rows, None] + dy[near])
            pos = np.searchsorted(self.cell_keys, keys.ravel())
            pos = np.minimum(pos, len(self.cell_keys) - 1)
            found = self.cell_keys[pos] == keys.ravel()
            q_cell = np.repeat(rows, near.sum())[found]
            starts, counts = self.cell_start[pos[found]], self.cell_count[pos[found]]
            q_parts.append(np.repeat(q_cell, counts))
            offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
            p_parts.append(self.order[np.repeat(starts, counts) + offsets])
        q_idx, p_idx = np.concatenate(q_parts), np.concatenate(p_parts)
        if prefilter is not None:
            cheap = prefilter(q_idx, p_idx)
            q_idx, p_idx = q_idx[cheap], p_idx[cheap]
        queries = unit_xyz(np.asarray(lat), np.asarray(lon))
        chord2 = np.square(queries[q_idx] - self.xyz[p_idx]).sum(axis=1)
        keep = chord2 <= np.square(chord_of_km(km * (1 + 1e-9)))[q_idx]
        q_idx, p_idx = q_idx[keep], p_idx[keep]
        dist = km_of_chord(np.sqrt(chord2[keep]))
        order = np.argsort(q_idx * len(self.xyz) + p_idx, kind="stable")
        return q_idx[order], p_idx[order], dist[order]
