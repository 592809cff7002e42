"""Demo Relais Petite Enfance for a département: one relais per large commune, the small
communes attached to the nearest one. Fictitious contacts (ARCEP's numbers reserved for
fiction, example.org addresses). Written as a CSV and loaded by the real import."""

from __future__ import annotations

import csv
import io
import math

from maillage.relais.imports import COLUMNS, RelaisImportReport, relais_import
from maillage.territory.models import Commune

LARGE_COMMUNE = 30_000
HOURS = (
    "Lundi, mardi et jeudi : 9 h – 12 h 30 et 13 h 30 – 17 h / "
    "Mercredi : permanence téléphonique 9 h – 12 h / Vendredi : sur rendez-vous"
)


def _km(a: Commune, b: Commune) -> float:
    dlat = math.radians((a.latitude or 0) - (b.latitude or 0))
    dlon = math.radians((a.longitude or 0) - (b.longitude or 0)) * math.cos(
        math.radians(a.latitude or 0)
    )
    return 6371 * math.hypot(dlat, dlon)


def demo_relais_csv(departement: str) -> str:
    communes = list(Commune.objects.filter(departement_id=departement).order_by("code"))
    if not communes:
        return ""
    centres = [c for c in communes if (c.population or 0) >= LARGE_COMMUNE]
    if not centres:
        centres = sorted(communes, key=lambda c: (-(c.population or 0), c.code))[:1]
    covered: dict[str, list[str]] = {c.code: [] for c in centres}
    for commune in communes:
        nearest = min(centres, key=lambda c: (_km(commune, c), c.code))
        covered[nearest.code].append(commune.code)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(COLUMNS)
    for i, centre in enumerate(centres, start=1):
        postcode = (centre.postcodes or "").split(" ")[0]
        slug = centre.search_name.replace(" ", "-") if centre.search_name else centre.code
        writer.writerow(
            [
                f"RPE-DEMO-{centre.code}",
                f"Relais Petite Enfance de {centre.name}",
                " ".join(covered[centre.code]),
                f"{i} place de la Mairie, {postcode} {centre.name}".replace(" ,", ","),
                f"01 99 00 {i // 100 % 100:02d} {i % 100:02d}",
                f"rpe-{slug}@example.org",
                HOURS,
                f"https://example.org/rpe/{slug}",
            ]
        )
    return out.getvalue()


def seed_relais_demo(departement: str) -> RelaisImportReport | None:
    text = demo_relais_csv(departement)
    if not text:
        return None
    return relais_import(raw=text.encode("utf-8"))
