"""The three register formats: columns, templates and the check of one line.

Each `check_<kind>` takes the text of one line and returns a record (plain data, ready to
write) and the French errors of that line, naming its columns. Nothing here touches the
database: the communes come in a `Context` loaded once per import.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from maillage.childcare.enums import AgeGroupKind, NurseryKind
from maillage.childcare.policy import share_errors
from maillage.childcare.siret import normalize_siret, siret_error
from maillage.core.schedule import DAY_NAMES_FR, EMPTY_WEEK, SLOTS_PER_DAY
from maillage.registers.cells import (
    CommuneRef,
    Context,
    Line,
    bool_cell,
    date_cell,
    email_cell,
    int_cell,
    locate,
    parse_date,
    required,
    share_cell,
)
from maillage.territory.text import normalize_name

__all__ = ["CommuneRef", "Context", "Line", "parse_date"]

# Legal limits (see docs/imports.md): 4 children at once, up to 6 by derogation.
MAX_AGREMENT_WITH_DEROGATION = 6
MAX_MAM_MEMBERS = 6
MAX_MICRO_PLACES = 12
MAX_NURSERY_PLACES = 200

CHILDMINDER_COLUMNS = (
    "numero_agrement",
    "nom",
    "prenom",
    "email",
    "telephone",
    "adresse",
    "code_insee",
    "commune",
    "code_postal",
    "latitude",
    "longitude",
    "capacite",
    "derogation",
    "age_min_mois",
    "age_max_mois",
    "debut_agrement",
    "fin_agrement",
    "mam",
)
NURSERY_COLUMNS = (
    "siret",
    "nom",
    "type",
    "adresse",
    "code_insee",
    "commune",
    "code_postal",
    "latitude",
    "longitude",
    "sections",
    *DAY_NAMES_FR,
    "avip",
    "part_avip",
    "part_minima_sociaux",
    "psu",
    "email_responsable",
)
MAM_COLUMNS = (
    "nom",
    "adresse",
    "code_insee",
    "commune",
    "code_postal",
    "latitude",
    "longitude",
    "membres",
)
REQUIRED = {
    "childminders": ("numero_agrement", "nom", "prenom", "capacite", "fin_agrement"),
    "nurseries": ("siret", "nom", "type", "sections"),
    "mams": ("nom", "membres"),
}

TEMPLATES = {
    "childminders": [
        ";".join(CHILDMINDER_COLUMNS),
        "093-AM-2019-0412;Diallo;Aminata;aminata.diallo@exemple.fr;0601020304;"
        "12 rue de la République;93066;;;;;4;non;0;72;2019-06-01;2029-05-31;",
        "093-AM-2021-1187;Martin;Sophie;;;;;Montreuil;93100;48.8611;2.4437;3;non;3;36;;"
        "31/08/2027;MAM Les Petits Pas",
    ],
    "nurseries": [
        ";".join(NURSERY_COLUMNS),
        "73282932000074;Multi-accueil Les Lucioles;multi;4 place du Marché;93066;;;;;"
        "bebes:2-18:10|moyens:18-30:15|grands:30-48:20;07:30-18:30;07:30-18:30;"
        "07:30-18:30;07:30-18:30;07:30-18:00;;;oui;25 %;10 %;oui;direction.lucioles@exemple.fr",
        "44306184100047;Micro-crèche Pomme d'Api;micro;;;Montreuil;93100;;;mixte:3-48:12;"
        "08:00-19:00;08:00-19:00;08:00-19:00;08:00-19:00;08:00-19:00;;;non;0;0;non;",
    ],
    "mams": [
        ";".join(MAM_COLUMNS),
        "MAM Les Petits Pas;7 allée des Tilleuls;;Montreuil;93100;;;093-AM-2021-1187|"
        "093-AM-2020-0033",
    ],
}

KIND_ALIASES = {
    "collective": NurseryKind.COLLECTIVE,
    "creche collective": NurseryKind.COLLECTIVE,
    "micro": NurseryKind.MICRO,
    "micro creche": NurseryKind.MICRO,
    "multi": NurseryKind.MULTI,
    "multi accueil": NurseryKind.MULTI,
    "family": NurseryKind.FAMILY,
    "familiale": NurseryKind.FAMILY,
    "creche familiale": NurseryKind.FAMILY,
    "halte": NurseryKind.HALTE,
    "halte garderie": NurseryKind.HALTE,
}
SECTION_ALIASES = {
    "bebes": AgeGroupKind.BABIES,
    "babies": AgeGroupKind.BABIES,
    "moyens": AgeGroupKind.MIDDLE,
    "middle": AgeGroupKind.MIDDLE,
    "grands": AgeGroupKind.OLDER,
    "older": AgeGroupKind.OLDER,
    "mixte": AgeGroupKind.MIXED,
    "mixed": AgeGroupKind.MIXED,
}
_SECTION = re.compile(r"^\s*([\w\s]+?)\s*:\s*(\d+)\s*-\s*(\d+)\s*:\s*(\d+)\s*$")
_TIME = re.compile(r"^(\d{1,2})\s*[h:]\s*(\d{2})?$")


@dataclass
class ChildminderRecord:
    line: int
    key: str
    first_name: str
    last_name: str
    email: str
    phone: str
    address: str
    commune: str
    latitude: float
    longitude: float
    agrement_capacity: int
    agrement_min_age_months: int
    agrement_max_age_months: int
    agrement_valid_until: dt.date
    mam: str


def agrement_key(text: str) -> str:
    return re.sub(r"\s+", "", text).upper()


def check_childminder(line: Line, context: Context) -> ChildminderRecord | None:
    required(line, REQUIRED["childminders"])
    key = agrement_key(line.get("numero_agrement"))
    if len(key) > 50:
        line.bad("numero_agrement", "numéro d'agrément trop long (50 caractères au plus).")
    derogation = bool_cell(line, "derogation")
    capacity = int_cell(line, "capacite", 1, 99)
    limit = context.policy.max_agrement_children
    if capacity is not None and capacity > MAX_AGREMENT_WITH_DEROGATION:
        line.bad(
            "capacite",
            f"{capacity} enfants : un agrément permet d'en accueillir au plus {limit} en même "
            f"temps, {MAX_AGREMENT_WITH_DEROGATION} par dérogation.",
        )
        capacity = None
    elif capacity is not None and capacity > limit and not derogation:
        line.bad(
            "capacite",
            f"{capacity} enfants : au-delà de {limit}, l'agrément doit mentionner une "
            "dérogation (colonne « derogation » = oui).",
        )
        capacity = None
    min_age = int_cell(line, "age_min_mois", 0, 216, default=0)
    max_age = int_cell(line, "age_max_mois", 1, 216, default=72)
    if min_age is not None and max_age is not None and min_age >= max_age:
        line.bad("age_max_mois", "l'âge maximum doit être supérieur à l'âge minimum.")
    start = date_cell(line, "debut_agrement")
    end = date_cell(line, "fin_agrement")
    if start and end and end <= start:
        line.bad("fin_agrement", "la fin de l'agrément précède son début.")
    email = email_cell(line, "email")
    phone = re.sub(r"[\s.\-]", "", line.get("telephone"))
    if phone and not re.fullmatch(r"\+?\d{9,15}", phone):
        line.bad("telephone", f"numéro de téléphone invalide « {line.get('telephone')} ».")
    located = locate(line, context)
    if line.errors or located is None:
        return None
    assert capacity is not None and end is not None and min_age is not None
    assert max_age is not None
    return ChildminderRecord(
        line=line.number,
        key=key,
        first_name=line.get("prenom")[:150],
        last_name=line.get("nom")[:150],
        email=email,
        phone=phone[:20],
        address=line.get("adresse")[:250],
        commune=located.commune,
        latitude=located.latitude,
        longitude=located.longitude,
        agrement_capacity=capacity,
        agrement_min_age_months=min_age,
        agrement_max_age_months=max_age,
        agrement_valid_until=end,
        mam=line.get("mam")[:150],
    )


def _slot(text: str, *, end: bool) -> int | None:
    """'7h45' -> slot of 08:00 for a start, of 07:30 for an end (rounded inwards)."""
    match = _TIME.match(text.strip())
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2) or 0)
    if hours > 24 or minutes > 59 or (hours == 24 and minutes):
        return None
    total = hours * 60 + minutes
    return total // 30 if end else -(-total // 30)


def _opening_hours(line: Line) -> str:
    bits = list(EMPTY_WEEK)
    for day, column in enumerate(DAY_NAMES_FR):
        text = line.get(column).lower()
        if not text or text in {"ferme", "fermé", "-"}:
            continue
        for span in re.split(r"[\s/]+(?=\d)|\s*\+\s*", text):
            parts = span.split("-")
            first = _slot(parts[0], end=False) if len(parts) == 2 else None
            last = _slot(parts[1], end=True) if len(parts) == 2 else None
            if first is None or last is None or last <= first:
                line.bad(column, f"horaires illisibles « {line.get(column)} » (ex. 07:30-18:30).")
                break
            for slot in range(first, min(last, SLOTS_PER_DAY)):
                bits[day * SLOTS_PER_DAY + slot] = "1"
    return "".join(bits)


@dataclass
class NurseryRecord:
    line: int
    key: str
    name: str
    kind: str
    address: str
    commune: str
    latitude: float
    longitude: float
    sections: list[tuple[str, int, int, int]]
    opening_hours: str
    is_avip: bool
    avip_share: Decimal
    social_minima_share: Decimal
    psu_funded: bool
    manager_email: str


def _sections(line: Line, kind: str | None) -> list[tuple[str, int, int, int]]:
    text = line.get("sections")
    sections: list[tuple[str, int, int, int]] = []
    for part in filter(None, (p.strip() for p in text.split("|"))):
        match = _SECTION.match(part)
        section = SECTION_ALIASES.get(normalize_name(match.group(1))) if match else None
        if match is None or section is None:
            line.bad(
                "sections",
                f"section illisible « {part} » : écrivez section:âge_min-âge_max:places, "
                "ex. bebes:2-18:10 (sections bebes, moyens, grands, mixte).",
            )
            return []
        low, high, places = (int(match.group(i)) for i in (2, 3, 4))
        if low >= high or high > 72 or places < 1:
            line.bad("sections", f"section « {part} » : âges ou places incohérents.")
            return []
        sections.append((section, low, high, places))
    ordered = sorted(sections, key=lambda s: (s[1], s[2]))
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after[1] < before[2]:
            line.bad("sections", "deux sections couvrent les mêmes âges.")
            return []
    total = sum(s[3] for s in sections)
    if kind == NurseryKind.MICRO and total > MAX_MICRO_PLACES:
        line.bad(
            "sections",
            f"{total} places : une micro-crèche en accueille au plus {MAX_MICRO_PLACES}.",
        )
    elif total > MAX_NURSERY_PLACES:
        line.bad("sections", f"{total} places : au-delà de {MAX_NURSERY_PLACES}, vérifiez.")
    return sections


def check_nursery(line: Line, context: Context) -> NurseryRecord | None:
    required(line, REQUIRED["nurseries"])
    siret = normalize_siret(line.get("siret"))
    if siret and (message := siret_error(siret)):
        line.bad("siret", message)
    kind_text = line.get("type")
    kind = KIND_ALIASES.get(normalize_name(kind_text)) if kind_text else None
    if kind_text and kind is None:
        line.bad(
            "type", f"type inconnu « {kind_text} » (collective, micro, multi, familiale, halte)."
        )
    sections = _sections(line, kind)
    hours = _opening_hours(line)
    if hours == EMPTY_WEEK:
        line.bad("lundi", "indiquez les horaires d'ouverture d'au moins un jour.")
    is_avip = bool_cell(line, "avip")
    avip_share = share_cell(line, "part_avip")
    minima_share = share_cell(line, "part_minima_sociaux")
    for name, message in share_errors(
        is_avip=is_avip,
        avip_share=avip_share,
        social_minima_share=minima_share,
        policy=context.policy,
    ).items():
        line.bad("part_avip" if name == "avip_share" else "part_minima_sociaux", message)
    psu = bool_cell(line, "psu", default=True)
    email = email_cell(line, "email_responsable")
    located = locate(line, context)
    if line.errors or located is None or kind is None:
        return None
    return NurseryRecord(
        line=line.number,
        key=siret,
        name=line.get("nom")[:200],
        kind=kind,
        address=line.get("adresse")[:250],
        commune=located.commune,
        latitude=located.latitude,
        longitude=located.longitude,
        sections=sections,
        opening_hours=hours,
        is_avip=is_avip,
        avip_share=avip_share,
        social_minima_share=minima_share,
        psu_funded=psu,
        manager_email=email,
    )


@dataclass
class MamRecord:
    line: int
    key: tuple[str, str]
    name: str
    address: str
    commune: str
    latitude: float
    longitude: float
    members: list[str]


def mam_key(commune: str, name: str) -> tuple[str, str]:
    return commune, normalize_name(name)


def check_mam(line: Line, context: Context) -> MamRecord | None:
    required(line, REQUIRED["mams"])
    members = [agrement_key(m) for m in re.split(r"[|,\s]+", line.get("membres")) if m]
    if len(set(members)) != len(members):
        line.bad("membres", "un même numéro d'agrément figure deux fois.")
    if len(members) > MAX_MAM_MEMBERS:
        line.bad(
            "membres",
            f"{len(members)} membres : une MAM réunit au plus {MAX_MAM_MEMBERS} assistants "
            "maternels.",
        )
    located = locate(line, context)
    if line.errors or located is None:
        return None
    name = line.get("nom")[:150]
    return MamRecord(
        line=line.number,
        key=mam_key(located.commune, name),
        name=name,
        address=line.get("adresse")[:250],
        commune=located.commune,
        latitude=located.latitude,
        longitude=located.longitude,
        members=members,
    )


@dataclass(frozen=True)
class Format:
    kind: str
    label: str
    columns: tuple[str, ...]
    key_column: str
    check: Callable[[Line, Context], Any]
    filename: str


FORMATS = {
    "childminders": Format(
        "childminders",
        "Assistantes maternelles (registre des agréments de la PMI)",
        CHILDMINDER_COLUMNS,
        "numero_agrement",
        check_childminder,
        "modele-assistantes-maternelles",
    ),
    "nurseries": Format(
        "nurseries",
        "Crèches (EAJE)",
        NURSERY_COLUMNS,
        "siret",
        check_nursery,
        "modele-creches",
    ),
    "mams": Format(
        "mams",
        "Maisons d'assistants maternels (MAM)",
        MAM_COLUMNS,
        "nom",
        check_mam,
        "modele-mam",
    ),
}
