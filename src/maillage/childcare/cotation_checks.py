"""Startup checks (Django system checks) of the one priority grid.

Family options, the counsellors' territory allocation and the crèche commissions all read
`childcare.cotation`; these checks make an inconsistent configuration an error at startup
(`manage.py check`, every `runserver`/`migrate`) instead of a silent difference in rankings:

- childcare.E101: a configured grid is malformed (unknown situation, negative points…);
- childcare.E102: a scored situation has no engine priority, or the reverse (points lost);
- childcare.E103: the engine's grid built by the adapter differs from the configured grid;
- childcare.E104: a territory key is not a département code.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

DEPARTEMENT_CODE = re.compile(r"^(?:0[1-9]|[1-8]\d|9[0-5]|2A|2B|97[1-6])$")


def _grids() -> tuple[dict[str, dict[str, int]], list[Error]]:
    from django.conf import settings

    from maillage.childcare.cotation import cotation_grid, territory_grids

    grids: dict[str, dict[str, int]] = {}
    errors: list[Error] = []
    try:
        grids[""] = cotation_grid()
    except ImproperlyConfigured as exc:
        errors.append(Error(str(exc), id="childcare.E101"))
    try:
        grids.update(territory_grids())
    except ImproperlyConfigured as exc:
        errors.append(Error(str(exc), id="childcare.E101"))
    raw: Any = getattr(settings, "MAILLAGE_COTATION_GRIDS", None) or {}
    for code in raw if isinstance(raw, dict) else ():
        if not DEPARTEMENT_CODE.match(str(code)):
            errors.append(
                Error(
                    f"MAILLAGE_COTATION_GRIDS : « {code} » n'est pas un code de département.",
                    id="childcare.E104",
                )
            )
    return grids, errors


@register()
def check_cotation_grids(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    from maillage import matching as engine
    from maillage.childcare.cotation import COTATION_FLAGS
    from maillage.families.engine_records import PRIORITY_OF_FLAG, engine_grid

    grids, errors = _grids()
    missing = [flag for flag in COTATION_FLAGS if flag not in PRIORITY_OF_FLAG]
    unscored = [p.value for p in engine.Priority if p not in PRIORITY_OF_FLAG.values()]
    if missing or unscored:
        errors.append(
            Error(
                "La grille de cotation et les priorités du moteur ne se correspondent pas "
                f"(sans priorité moteur : {missing}, sans situation : {unscored}).",
                id="childcare.E102",
            )
        )
        return errors
    for code, grid in grids.items():
        built = engine_grid(code or None)
        expected = {PRIORITY_OF_FLAG[flag]: points for flag, points in grid.items()}
        actual = {p: int(built.points.get(p, 0)) for p in engine.Priority}
        if actual != {p: expected.get(p, 0) for p in engine.Priority}:
            where = f"du département {code}" if code else "commune"
            errors.append(
                Error(
                    f"La grille du moteur diffère de la grille de cotation {where} : "
                    "les options, l'attribution du territoire et les commissions "
                    "classeraient les familles différemment.",
                    id="childcare.E103",
                )
            )
    return errors
