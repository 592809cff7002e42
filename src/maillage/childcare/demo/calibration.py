"""Number of places per commune, from the CAF coverage rates and the births.

Places of childminders = rate_am x children under 3 / 100, places in EAJE = rate_eaje x
children under 3 / 100 (CNAF, latest year of the département), spread over the communes in
proportion to their children under 3 (largest remainder, deterministic).
"""

from __future__ import annotations

import csv
import gzip
import io
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from maillage.territory.models import Commune

CAF_COVERAGE_CSV = (
    Path(settings.BASE_DIR)
    / "data"
    / "territory"
    / "caf_taux_couverture_departements_2017_2023.csv.gz"
)
# Below this, a commune's share of EAJE places goes to the larger communes: crèches are in towns.
MIN_COMMUNE_EAJE_PLACES = 10


@dataclass(frozen=True)
class CoverageRates:
    """Places per 100 children under 3, by mode."""

    eaje: float
    am: float
    year: int | None
    note: str = ""


@dataclass(frozen=True)
class Targets:
    children_under_3: int
    am_places: int
    eaje_places: int
    am_by_commune: list[int]
    eaje_by_commune: list[int]


def _open_text(path: Path) -> io.TextIOBase:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8")
    return open(path, encoding="utf-8")  # noqa: SIM115 - closed by the caller's with


def _rate(value: str) -> float | None:
    value = (value or "").strip().replace(",", ".")
    return float(value) if value else None


def load_coverage_rates(path: Path = CAF_COVERAGE_CSV) -> dict[str, CoverageRates]:
    """Latest year with both rates, per département code."""
    latest: dict[str, CoverageRates] = {}
    with _open_text(Path(path)) as handle:
        for row in csv.DictReader(handle):
            eaje, am = _rate(row["txcouv_eaje"]), _rate(row["txcouv_assistante_maternelle"])
            if eaje is None or am is None:
                continue
            code, year = row["code_departement"].strip().upper(), int(row["annee"])
            known = latest.get(code)
            if known is None or (known.year or 0) < year:
                latest[code] = CoverageRates(eaje=eaje, am=am, year=year)
    return latest


def coverage_rates_for(code: str, path: Path = CAF_COVERAGE_CSV) -> CoverageRates:
    """The département's latest rates; the national median (said so in `note`) when absent."""
    rates = load_coverage_rates(path)
    if code in rates:
        return rates[code]
    if not rates:
        raise ValueError(f"Aucun taux de couverture lisible dans {path}.")
    year = max(r.year or 0 for r in rates.values())
    same_year = [r for r in rates.values() if r.year == year]
    return CoverageRates(
        eaje=round(statistics.median(r.eaje for r in same_year), 1),
        am=round(statistics.median(r.am for r in same_year), 1),
        year=year,
        note=(
            f"Pas de taux Caf publié pour le département {code} : "
            f"médiane nationale {year} utilisée."
        ),
    )


def largest_remainder(total: int, weights: Sequence[float]) -> list[int]:
    """Integers proportional to `weights` summing exactly to `total` (ties: first index)."""
    if total <= 0 or not weights:
        return [0] * len(weights)
    weight_sum = float(sum(weights))
    if weight_sum <= 0:
        weights, weight_sum = [1.0] * len(weights), float(len(weights))
    quotas = [total * w / weight_sum for w in weights]
    shares = [int(q) for q in quotas]
    missing = total - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - shares[i]), i))
    for i in order[:missing]:
        shares[i] += 1
    return shares


def _pool_small(shares: list[int], weights: Sequence[float], minimum: int) -> list[int]:
    """Move shares below `minimum` to the communes at or above it, proportionally."""
    keep = [i for i, s in enumerate(shares) if s >= minimum]
    if not keep:
        keep = [max(range(len(shares)), key=lambda i: (weights[i], -i))] if shares else []
    pooled = sum(s for i, s in enumerate(shares) if i not in set(keep))
    out = [s if i in set(keep) else 0 for i, s in enumerate(shares)]
    extra = largest_remainder(pooled, [weights[i] for i in keep])
    for i, add in zip(keep, extra, strict=True):
        out[i] += add
    return out


def calibrate(communes: Sequence[Commune], rates: CoverageRates, scale: float = 1.0) -> Targets:
    """Places per commune for this département (communes in a stable order)."""
    children = sum(c.children_under_3 for c in communes)
    weights = [float(c.children_under_3) for c in communes]
    am_places = round(rates.am * children / 100 * scale)
    eaje_places = round(rates.eaje * children / 100 * scale)
    eaje = largest_remainder(eaje_places, weights)
    return Targets(
        children_under_3=children,
        am_places=am_places,
        eaje_places=eaje_places,
        am_by_commune=largest_remainder(am_places, weights),
        eaje_by_commune=_pool_small(eaje, weights, MIN_COMMUNE_EAJE_PLACES),
    )
