"""Demo nurseries (EAJE): kinds and sizes, AVIP crèches, sections by age, free places."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from decimal import Decimal

from maillage.accounts.enums import Role
from maillage.childcare.demo.calibration import largest_remainder
from maillage.childcare.demo.common import (
    DEMO_DOMAIN,
    address,
    availability_stamp,
    jitter,
    next_september,
    person,
)
from maillage.childcare.demo.common import weighted_choice as pick
from maillage.childcare.demo.schedules import nursery_hours
from maillage.childcare.enums import AgeGroupKind, NurseryKind
from maillage.childcare.models import Nursery, NurseryAgeGroup
from maillage.territory.models import Commune

# Share of new establishments by kind, and their size range (authorised places).
KIND_SHARES = {
    NurseryKind.MICRO: 0.40,
    NurseryKind.MULTI: 0.33,
    NurseryKind.COLLECTIVE: 0.15,
    NurseryKind.HALTE: 0.07,
    NurseryKind.FAMILY: 0.05,
}
SIZES = {
    NurseryKind.MICRO: (10, 12),
    NurseryKind.MULTI: (20, 60),
    NurseryKind.COLLECTIVE: (30, 60),
    NurseryKind.HALTE: (12, 25),
    NurseryKind.FAMILY: (30, 80),
}
PREFIX = {
    NurseryKind.MICRO: "Micro-crèche",
    NurseryKind.MULTI: "Multi-accueil",
    NurseryKind.COLLECTIVE: "Crèche collective",
    NurseryKind.HALTE: "Halte-garderie",
    NurseryKind.FAMILY: "Crèche familiale",
}
NAMES = (
    "Les Petits Loups",
    "Les Lucioles",
    "Pomme d'Api",
    "Les Coccinelles",
    "Les Câlins",
    "Arc-en-ciel",
    "Les Hirondelles",
    "Les Lutins",
    "Les Marmousets",
    "La Farandole",
    "Les Papillons",
    "Les P'tits Bouts",
    "Le Jardin d'éveil",
    "Les Écureuils",
    "Les Colombes",
    "Les Moussaillons",
    "Les Oursons",
    "Les Pitchouns",
    "La Ribambelle",
    "Les Dauphins",
)
# Micro-crèches are mostly funded by the PAJE (not the PSU); the others mostly by the PSU.
PSU_SHARE = {NurseryKind.MICRO: 0.30}
PSU_SHARE_DEFAULT = 0.95
SOCIAL_MINIMA_SHARE = Decimal("0.10")
AVIP_SHARE_OF_NURSERIES = 0.10
AVIP_RESERVED = (Decimal("0.20"), Decimal("0.25"), Decimal("0.30"))
FREE_PLACES_SHARE = 0.18
FREEING_IN_SEPTEMBER_SHARE = 0.20
# Sections of large nurseries: babies, middle, older.
SECTION_SPLIT = (
    (AgeGroupKind.BABIES, 2, 18, 0.25),
    (AgeGroupKind.MIDDLE, 18, 30, 0.35),
    (AgeGroupKind.OLDER, 30, 48, 0.40),
)


def _sizes(places: int, rng: random.Random) -> list[tuple[NurseryKind, int]]:
    out: list[tuple[NurseryKind, int]] = []
    while places > 0:
        kind = pick(rng, KIND_SHARES)
        size = rng.randint(*SIZES[kind])
        if size > places:
            size = places
            if places <= 12:
                kind = NurseryKind.MICRO
        out.append((kind, size))
        places -= size
    return out


def _sections(nursery: Nursery, places: int) -> list[NurseryAgeGroup]:
    if nursery.kind in (NurseryKind.MULTI, NurseryKind.COLLECTIVE) and places >= 20:
        split = largest_remainder(places, [share for *_, share in SECTION_SPLIT])
        return [
            NurseryAgeGroup(
                nursery=nursery, kind=kind, min_age_months=low, max_age_months=high, places=n
            )
            for (kind, low, high, _), n in zip(SECTION_SPLIT, split, strict=True)
            if n
        ]
    return [
        NurseryAgeGroup(
            nursery=nursery,
            kind=AgeGroupKind.MIXED,
            min_age_months=2,
            max_age_months=48,
            places=places,
        )
    ]


def _fill(groups: list[NurseryAgeGroup], rng: random.Random, today: dt.date) -> None:
    """Most sections are full; some have a few free places now or from September."""
    draw = rng.random()
    for group in groups:
        group.places_taken = group.places
    if draw < FREE_PLACES_SHARE:
        group = rng.choice(groups)
        free = rng.randint(1, min(3, group.places))
        group.places_taken = group.places - free
        group.free_from = today + dt.timedelta(days=rng.choice((0, 0, 7, 14, 30, 60)))
    elif draw < FREE_PLACES_SHARE + FREEING_IN_SEPTEMBER_SHARE:
        groups[-1].free_from = next_september(today)


def seed_nurseries(
    *,
    departement: str,
    communes: Sequence[Commune],
    places_by_commune: Sequence[int],
    rng: random.Random,
    today: dt.date,
    now: dt.datetime,
) -> dict[str, int]:
    """Create nurseries (one manager account each) whose places sum to each commune's."""
    plan = [
        (commune, kind, size)
        for commune, places in zip(communes, places_by_commune, strict=True)
        for kind, size in _sizes(places, rng)
    ]
    nurseries: list[Nursery] = []
    for commune, kind, _size in plan:
        lat, lon = jitter(commune, rng)
        psu = rng.random() < PSU_SHARE.get(kind, PSU_SHARE_DEFAULT)
        nurseries.append(
            Nursery(
                name=f"{PREFIX[kind]} {rng.choice(NAMES)} ({commune.name})",
                kind=kind,
                commune=commune,
                address=address(rng),
                latitude=lat,
                longitude=lon,
                opening_hours=nursery_hours(rng, halte=kind == NurseryKind.HALTE),
                psu_funded=psu,
                social_minima_share=SOCIAL_MINIMA_SHARE if psu else Decimal("0"),
                availability_updated_at=availability_stamp(rng, now),
            )
        )
    # AVIP crèches: about one in ten, among the PSU-funded non-micro ones when possible.
    eligible = [
        i for i, n in enumerate(nurseries) if n.psu_funded and n.kind != NurseryKind.MICRO
    ] or list(range(len(nurseries)))
    if nurseries:
        wanted = max(1, round(AVIP_SHARE_OF_NURSERIES * len(nurseries)))
        for i in sorted(rng.sample(eligible, min(wanted, len(eligible)))):
            nurseries[i].is_avip = True
            nurseries[i].avip_share = rng.choice(AVIP_RESERVED)
    groups: list[NurseryAgeGroup] = []
    groups_of: list[list[NurseryAgeGroup]] = []
    for nursery, (_, _, size) in zip(nurseries, plan, strict=True):
        sections = _sections(nursery, size)
        _fill(sections, rng, today)
        groups.extend(sections)
        groups_of.append(sections)

    dep = departement.lower()
    managers = [
        {
            "email": f"creche.{dep}.{i + 1:04d}@{DEMO_DOMAIN}",
            "role": Role.NURSERY_MANAGER,
            "first_name": first,
            "last_name": last,
        }
        for i, (first, last) in enumerate(person(rng, female_share=0.85) for _ in nurseries)
    ]
    # Through the crèches' register file, as a real territory loads its EAJE.
    from maillage.registers.demo import demo_nurseries_import

    demo_nurseries_import(
        departement=departement, nurseries=nurseries, groups_of=groups_of, managers=managers
    )
    return {
        "nurseries": len(nurseries),
        "nursery_places": sum(g.places for g in groups),
        "micro_creches": sum(n.kind == NurseryKind.MICRO for n in nurseries),
        "avip_creches": sum(n.is_avip for n in nurseries),
        "age_groups": len(groups),
        "nursery_free_places": sum(g.places - g.places_taken for g in groups),
        "nursery_managers": len(managers),
    }
