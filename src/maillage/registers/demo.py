"""The demo's providers go through the same register files a real territory imports.

`seed_demo` draws its providers (`maillage.childcare.demo`), writes them as the three register
files (assistantes maternelles, MAM, crèches) under `var/demo/registres-<département>/`,
imports them with the register services, then adds what each provider declares herself on
Maillage (hours, children in care, free places, taken places) and activates the accounts, as
if every provider had claimed hers.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from maillage.childcare.models import ChildInCare, Childminder, Mam, Nursery, NurseryAgeGroup
from maillage.childcare.siret import luhn_is_valid
from maillage.childcare.sources import mark_provider_fields
from maillage.core.schedule import DAY_NAMES_FR, week_to_ranges
from maillage.registers.formats import (
    CHILDMINDER_COLUMNS,
    FORMATS,
    MAM_COLUMNS,
    NURSERY_COLUMNS,
    mam_key,
)
from maillage.registers.reading import file_rows
from maillage.registers.services import register_import

DECLARED = (
    "birth_year",
    "working_hours",
    "available_from",
    "accepts_atypical_hours",
    "has_garden",
    "disability_experience",
    "languages",
    "availability_updated_at",
    "own_children_under_3",
)
SECTION_CODES = {"babies": "bebes", "middle": "moyens", "older": "grands", "mixed": "mixte"}


def demo_folder(departement: str) -> Path:
    """Where the last generated files are kept for a look: var/demo/registres-<dep>/."""
    folder = Path(settings.VAR_DIR) / "demo" / f"registres-{departement.lower()}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _import_kept(
    kind: str, name: str, columns: Sequence[str], rows: list[dict[str, Any]], departement: str
) -> Path:
    """Write the file in a private folder (two seeds at once never share a file), import it,
    then keep it under `demo_folder`."""
    kept = demo_folder(departement) / name
    with tempfile.TemporaryDirectory(dir=kept.parent) as private:
        path = _write(Path(private) / name, columns, rows)
        if rows:
            _import(kind, path, departement)
        os.replace(path, kept)
    return kept


def demo_siret(departement: str, index: int) -> str:
    """A made-up SIRET whose checksum holds, unique per département and index."""
    prefix = "".join(c if c.isdigit() else str(ord(c) % 10) for c in departement).rjust(3, "0")
    body = f"9{prefix}{index:09d}"
    for digit in "0123456789":
        if luhn_is_valid(body + digit):
            return body + digit
    raise AssertionError("a Luhn check digit always exists")


def _write(path: Path, columns: Sequence[str], rows: list[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _import(kind: str, path: Path, departement: str) -> None:
    register_import(
        kind=kind,
        rows=file_rows(path, FORMATS[kind].columns),
        by=None,
        departements=[departement],
    )


def _unique_mam_names(mams: list[Mam]) -> None:
    seen: dict[tuple[str, str], int] = {}
    for mam in mams:
        key = mam_key(mam.commune_id, mam.name)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            mam.name = f"{mam.name} ({seen[key]})"


def demo_childminders_import(
    *,
    departement: str,
    childminders: list[Childminder],
    mams: list[Mam],
    kids_of: list[list[ChildInCare]],
) -> dict[str, Any]:
    """Write and import the childminders' and MAMs' register files, then what each declares."""
    _unique_mam_names(mams)
    rows = [
        {
            "numero_agrement": cm.agrement_number,
            "nom": cm.user.last_name,
            "prenom": cm.user.first_name,
            "email": cm.user.email,
            "adresse": cm.address,
            "code_insee": cm.commune_id,
            "latitude": repr(cm.latitude),
            "longitude": repr(cm.longitude),
            "capacite": cm.agrement_capacity,
            "age_min_mois": cm.agrement_min_age_months,
            "age_max_mois": cm.agrement_max_age_months,
            "fin_agrement": cm.agrement_valid_until.isoformat(),
        }
        for cm in childminders
    ]
    path = _import_kept(
        "childminders", "assistantes-maternelles.csv", CHILDMINDER_COLUMNS, rows, departement
    )
    members: dict[int, list[str]] = {}
    for cm in childminders:
        if cm.mam is not None:
            members.setdefault(id(cm.mam), []).append(cm.agrement_number)
    mam_rows = [
        {
            "nom": mam.name,
            "adresse": mam.address,
            "code_insee": mam.commune_id,
            "latitude": repr(mam.latitude),
            "longitude": repr(mam.longitude),
            "membres": "|".join(members.get(id(mam), [])),
        }
        for mam in mams
        if members.get(id(mam))
    ]
    mam_path = _import_kept("mams", "mam.csv", MAM_COLUMNS, mam_rows, departement)

    saved = {
        cm.agrement_number: cm
        for cm in Childminder.objects.filter(
            agrement_number__in=[c.agrement_number for c in childminders]
        )
    }
    declared, kids = [], []
    claimed = timezone.now()  # every demo provider has claimed her account
    for drawn, children in zip(childminders, kids_of, strict=True):
        cm = saved[drawn.agrement_number]
        for name in DECLARED:
            setattr(cm, name, getattr(drawn, name))
        mark_provider_fields(cm, DECLARED)
        cm.claimed_at = claimed
        declared.append(cm)
        for kid in children:
            kid.childminder = cm
            kids.append(kid)
    Childminder.objects.bulk_update(
        declared, [*DECLARED, "field_sources", "claimed_at"], batch_size=1000
    )
    ChildInCare.objects.bulk_create(kids, batch_size=2000)
    get_user_model().objects.filter(childminder__in=declared).update(
        is_active=True, email_verified=True
    )
    return {"saved": declared, "kids": kids, "files": [path, mam_path]}


def demo_nurseries_import(
    *,
    departement: str,
    nurseries: list[Nursery],
    groups_of: list[list[NurseryAgeGroup]],
    managers: list[dict[str, Any]],
) -> dict[str, Any]:
    """Write and import the crèches' register file, then their taken and free places."""
    rows = []
    for index, (nursery, groups, manager) in enumerate(
        zip(nurseries, groups_of, managers, strict=True)
    ):
        nursery.siret = demo_siret(departement, index + 1)
        ranges = week_to_ranges(nursery.opening_hours)
        row: dict[str, Any] = {
            "siret": nursery.siret,
            "nom": nursery.name,
            "type": nursery.kind,
            "adresse": nursery.address,
            "code_insee": nursery.commune_id,
            "latitude": repr(nursery.latitude),
            "longitude": repr(nursery.longitude),
            "sections": "|".join(
                f"{SECTION_CODES[g.kind]}:{g.min_age_months}-{g.max_age_months}:{g.places}"
                for g in groups
            ),
            "avip": "oui" if nursery.is_avip else "non",
            "part_avip": str(nursery.avip_share),
            "part_minima_sociaux": str(nursery.social_minima_share),
            "psu": "oui" if nursery.psu_funded else "non",
            "email_responsable": manager["email"],
        }
        for day, name in enumerate(DAY_NAMES_FR):
            row[name] = " ".join(f"{a}-{b}" for a, b in ranges.get(day, []))
        rows.append(row)
    path = _import_kept("nurseries", "creches.csv", NURSERY_COLUMNS, rows, departement)

    saved = Nursery.objects.filter(siret__in=[n.siret for n in nurseries]).prefetch_related(
        "age_groups"
    )
    by_siret = {n.siret: n for n in saved}
    stamps, sections = [], []
    claimed = timezone.now()
    for drawn, groups in zip(nurseries, groups_of, strict=True):
        nursery = by_siret[drawn.siret]
        nursery.availability_updated_at = drawn.availability_updated_at
        nursery.claimed_at = claimed
        stamps.append(nursery)
        current = {(g.min_age_months, g.max_age_months): g for g in nursery.age_groups.all()}
        for group in groups:
            row_group = current[(group.min_age_months, group.max_age_months)]
            row_group.places_taken, row_group.free_from = group.places_taken, group.free_from
            sections.append(row_group)
    Nursery.objects.bulk_update(stamps, ["availability_updated_at", "claimed_at"], batch_size=1000)
    NurseryAgeGroup.objects.bulk_update(sections, ["places_taken", "free_from"], batch_size=1000)
    user_model = get_user_model()
    accounts = {
        u.email: u for u in user_model.objects.filter(email__in=[m["email"] for m in managers])
    }
    for manager in managers:
        user = accounts[manager["email"]]
        user.first_name, user.last_name = manager["first_name"], manager["last_name"]
        user.is_active = user.email_verified = True
    user_model.objects.bulk_update(
        list(accounts.values()), ["first_name", "last_name", "is_active", "email_verified"]
    )
    return {
        "saved": stamps,
        "sections": sections,
        "managers": list(accounts.values()),
        "files": [path],
    }
