"""Great-circle distances and a KD-tree candidate index on unit-sphere coordinates.

Points are embedded on the unit sphere, so a ball query with the chord length of a distance is
exact at national scale (no projection distortion).
"""

from __future__ import annotations

from itertools import chain

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

EARTH_RADIUS_KM = 6371.0088

FloatArray = npt.NDArray[np.float64]


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


def haversine_km(lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray) -> FloatArray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2) - np.radians(lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1))), dtype=np.float64)


class PointIndex:
    """KD-tree over points given in degrees; queries return indices sorted ascending."""

    def __init__(self, lat: FloatArray, lon: FloatArray) -> None:
        self.xyz = unit_xyz(lat, lon)
        self.tree = cKDTree(self.xyz) if len(self.xyz) else None

    def within(
        self, lat: FloatArray, lon: FloatArray, km: FloatArray
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], FloatArray]:
        """All (query index, point index, distance km) pairs with distance <= km[query]."""
        queries = unit_xyz(lat, lon)
        if self.tree is None or len(queries) == 0:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros(0)
        km = np.asarray(km, dtype=np.float64)
        radii = chord_of_km(km) * (1 + 1e-9)
        hits = self.tree.query_ball_point(queries, r=radii, return_sorted=False, workers=2)
        counts = np.fromiter(map(len, hits), dtype=np.int64, count=len(hits))
        q_idx = np.repeat(np.arange(len(hits), dtype=np.int64), counts)
        p_idx = np.fromiter(chain.from_iterable(hits), dtype=np.int64, count=int(counts.sum()))
        order = np.lexsort((p_idx, q_idx))
        q_idx, p_idx = q_idx[order], p_idx[order]
        chord = np.linalg.norm(queries[q_idx] - self.xyz[p_idx], axis=1)
        dist = km_of_chord(chord)
        keep = dist <= km[q_idx] + 1e-9
        return q_idx[keep], p_idx[keep], dist[keep]
