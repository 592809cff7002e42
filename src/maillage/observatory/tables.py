"""The observatory's tables, as ExportTable (shown on pages and exported as CSV/XLSX/ODS)."""

from __future__ import annotations

from maillage.observatory import exports, indicators
from maillage.observatory.cliff import AGE_BAND_LABELS, Projection
from maillage.observatory.services import (
    caf_latest,
    caf_rates,
    disclosure,
    small_cell_threshold,
    snapshots,
)
from maillage.observatory.suppression import TOTAL, protect_table

SOURCE_NOTE = (
    "Sources : plateforme Maillage (offre inscrite, besoins, emplois), INSEE (naissances "
    "domiciliées 2022-2024, Licence Ouverte 2.0), CNAF (taux de couverture publiés). "
    "Enfants de moins de 3 ans estimés par les naissances des trois dernières années."
)
NO_DATA_NOTE = (
    "« non disponible » : la plateforme ne connaît pas l'offre de ce territoire (aucun "
    "assistant maternel ni aucune crèche inscrits ou importés) ; il n'est pas classé."
)
NA = indicators.NOT_AVAILABLE
SUPPLY_COLUMNS = {"places_childminders", "places_nurseries", "coverage_rate", "free_places"}


def _known(values: dict) -> bool:
    """Whether the platform knows the supply of this territory (snapshots of before this
    indicator existed count as known)."""
    return values.get("communes_with_data", 1) != 0


def _ranked(rows_by_code: dict[str, dict]) -> list[tuple[str, int | None]]:
    """Codes ranked by coverage (least covered first), then those without data, unranked."""
    order = indicators.ranking(rows_by_code, "coverage_rate")
    ranked = [c for c, v in order if v is not None and _known(rows_by_code[c])]
    rest = [c for c, _v in order if c not in set(ranked)]
    return [*((c, i) for i, c in enumerate(ranked, start=1)), *((c, None) for c in rest)]


def _cell(values: dict, key: str, known: bool) -> object:
    if not known and (key in SUPPLY_COLUMNS or key in indicators.SUPPLY_KEYS):
        return NA
    return values.get(key)


def departements_table(
    names: dict[str, str], *, raw: bool = False, codes: list[str] | None = None
) -> exports.ExportTable:
    """Départements (all, or ``codes``) ranked by coverage; counts of people protected
    unless ``raw`` (the national table's protection, whichever subset is shown)."""
    rows_by_code = snapshots("departement", codes)
    cells = {} if raw else disclosure.national_cells(small_cell_threshold())
    rates = caf_rates()
    rows = []
    for code, rank in _ranked(rows_by_code):
        v = rows_by_code[code] if raw else disclosure.apply(rows_by_code[code], cells.get(code))
        known = _known(rows_by_code[code])
        caf = caf_latest(code, rates)
        caf_rate = caf[1].get("txcouv_global") if caf else None
        ours = rows_by_code[code].get("coverage_rate")
        difference = indicators.difference_with_caf(ours, caf_rate)
        rows.append(
            [
                code,
                names.get(code, code),
                v.get("children_under_3"),
                _cell(v, "places_childminders", known),
                _cell(v, "places_nurseries", known),
                ours if known else NA,
                caf_rate,
                difference if known else NA,
                _cell(v, "free_places", known),
                v.get("needs_unserved"),
                v.get("data_coverage_rate") if known else NA,
                rank if rank is not None else "non classé",
            ]
        )
    return exports.ExportTable(
        title="Départements",
        columns=[
            "Code",
            "Département",
            "Enfants de moins de 3 ans",
            "Places AM",
            "Places crèche",
            "Taux de couverture Maillage",
            "Taux publié Caf (dernier)",
            "Écart (points)",
            "Places libres",
            "Besoins sans solution",
            "Couverture des données (% de l'offre estimée par la Caf)",
            "Rang (couverture)",
        ],
        rows=rows,
        note=SOURCE_NOTE + " " + NO_DATA_NOTE + ("" if raw else " " + disclosure.HIDDEN_NOTE),
    )


def regions_table(names: dict[str, str], *, raw: bool = False) -> exports.ExportTable:
    """Régions ranked by coverage; counts of people protected unless ``raw``."""
    cells = {} if raw else disclosure.region_cells(small_cell_threshold())
    return _coverage_ranking("region", names, cells, raw, "Régions", ["Code", "Région"])


def communes_table(
    departement: str, names: dict[str, str], *, raw: bool = False
) -> exports.ExportTable:
    """Communes ranked by coverage; counts of people protected unless ``raw``."""
    cells = {} if raw else disclosure.departement_cells(departement, small_cell_threshold())
    title = f"Communes {departement}"
    return _coverage_ranking("commune", names, cells, raw, title, ["Code INSEE", "Commune"])


def intercommunalities_table(
    names: dict[str, str], *, raw: bool = False, title: str = "Intercommunalités"
) -> exports.ExportTable:
    """EPCIs and EPTs ranked by coverage; counts of people protected unless ``raw``."""
    cells = {} if raw else disclosure.intercommunality_cells(list(names), small_cell_threshold())
    return _coverage_ranking("epci", names, cells, raw, title, ["SIREN", "Intercommunalité"])


def communes_of_table(
    title: str, names: dict[str, str], *, raw: bool = False
) -> exports.ExportTable:
    """Communes of an intercommunality (possibly over several départements), ranked by
    coverage, each protected by its own département's table unless ``raw``."""
    from maillage.territory.models import Commune

    cells: dict = {}
    if not raw:
        threshold = small_cell_threshold()
        deps = set(
            Commune.objects.filter(code__in=list(names)).values_list("departement_id", flat=True)
        )
        for dep in deps:
            cells.update(disclosure.departement_cells(dep, threshold))
    return _coverage_ranking(
        "commune", names, cells, raw, f"Communes — {title}", ["Code INSEE", "Commune"]
    )


def _coverage_ranking(
    level: str, names: dict[str, str], cells: dict, raw: bool, title: str, heads: list[str]
) -> exports.ExportTable:
    rows_by_code = snapshots(level, list(names))
    rows = []
    for code, rank in _ranked(rows_by_code):
        v = rows_by_code[code] if raw else disclosure.apply(rows_by_code[code], cells.get(code))
        known = _known(rows_by_code[code])
        rows.append(
            [
                code,
                names.get(code, code),
                v.get("children_under_3"),
                _cell(v, "places_childminders", known),
                _cell(v, "places_nurseries", known),
                _cell(v, "coverage_rate", known),
                _cell(v, "free_places", known),
                v.get("needs_unserved"),
                v.get("places_created"),
                v.get("places_destroyed"),
                v.get("occupancy_rate"),
                v.get("places_closed_staff"),
                v.get("vacant_posts"),
                v.get("data_coverage_rate") if known else NA,
                _rounded(v.get("job_seekers_children")),
                rank if rank is not None else "non classé",
            ]
        )
    return exports.ExportTable(
        title=title,
        columns=[
            *heads,
            "Enfants de moins de 3 ans",
            "Places AM",
            "Places crèche",
            "Taux de couverture",
            "Places libres",
            "Besoins sans solution",
            "Places créées (12 mois)",
            "Places supprimées (12 mois)",
            "Taux d'occupation (%)",
            "Places fermées faute de personnel",
            "Postes vacants (ETP)",
            "Couverture des données (% de l'offre estimée par la Caf)",
            "Enfants de moins de 3 ans dont un parent est au chômage (estimation)",
            "Rang (couverture)",
        ],
        rows=rows,
        note=SOURCE_NOTE
        + " "
        + NO_DATA_NOTE
        + " "
        + JOB_SEEKERS_NOTE
        + ("" if raw else " " + disclosure.HIDDEN_NOTE),
    )


JOB_SEEKERS_NOTE = (
    "Enfants dont un parent est au chômage : estimation à partir des chômeurs de 15 à 64 ans "
    "du recensement 2021 (INSEE), arrondie à la dizaine, « moins de 10 » en deçà "
    "(méthode : docs/observatory_methods.md)."
)


def _rounded(value: float | None) -> int | str | None:
    """A modelled count, published rounded to ten and never below ten (no small cell)."""
    if value is None:
        return None
    if value < 10:
        return "moins de 10"
    return int(round(value / 10.0) * 10)


def cliff_table(projection: Projection, territory: str) -> exports.ExportTable:
    rows = [
        [
            y.year,
            round(y.retirements, 1),
            round(y.places_lost, 1),
            round(y.recruits, 1),
            round(y.places_created, 1),
            round(y.childminder_places, 1),
            None if y.coverage_rate is None else round(y.coverage_rate, 1),
        ]
        for y in projection.years
    ]
    h = projection.hypotheses
    return exports.ExportTable(
        title=f"Falaise {territory}",
        columns=[
            "Année",
            "Départs à la retraite",
            "Places perdues",
            "Nouveaux AM",
            "Places créées",
            "Places AM en fin d'année",
            "Taux de couverture",
        ],
        rows=rows,
        note=(
            f"Hypothèses : départ à {h.retirement_age} ans, {h.yearly_recruitment:g} nouveaux AM "
            f"par an, {projection.places_per_new_childminder:.1f} places par nouvel AM."
        ),
    )


OPEN_DATA_TABLES = {
    "age_bands": ("Assistants maternels par tranche d'âge", list(AGE_BAND_LABELS)),
    "needs": ("Besoins d'accueil déclarés", ["needs_unserved", "needs_other"]),
}


def _open_row(table: str, values: dict) -> list[int]:
    if table == "age_bands":
        return [int(values.get(f"band:{b}") or 0) for b in AGE_BAND_LABELS]
    declared = int(values.get("needs_declared") or 0)
    unserved = int(values.get("needs_unserved") or 0)
    return [unserved, declared - unserved]


def open_data_table(
    table: str, scope: str, names: dict[str, str], group_of: dict[str, str]
) -> exports.ExportTable:
    """Counts of people with primary and secondary suppression (``s`` = secret statistique).

    ``scope`` = "departements" (rows = départements, grouped by région) or a département code
    (rows = its communes, with the département total).
    """
    title, keys = OPEN_DATA_TABLES[table]
    level = "departement" if scope == "departements" else "commune"
    values = snapshots(level, list(names))
    rows = {code: _open_row(table, values.get(code, {})) for code in names}
    threshold = small_cell_threshold()
    protected = protect_table(rows, keys, threshold=threshold, group_of=group_of or None)
    labels = (
        [AGE_BAND_LABELS[k] for k in keys]
        if table == "age_bands"
        else ["Sans solution", "Avec solution ou clos"]
    )

    def show(v: int | None) -> int | str:
        return "s" if v is None else v

    out_rows = []
    for code in names:
        out_rows.append([code, names[code], *[show(v) for v in protected.row(code)]])
    for g in protected.group_keys:
        out_rows.append([g, f"Total {g}", *[show(v) for v in protected.row(g)]])
    out_rows.append(["", "Total", *[show(v) for v in protected.row(TOTAL)]])
    return exports.ExportTable(
        title=title,
        columns=["Code", "Territoire", *labels, "Total"],
        rows=out_rows,
        note=(
            f"« s » : secret statistique. Aucune case publiée ne compte moins de {threshold} "
            "personnes (zéro excepté) ; des cases complémentaires sont masquées pour qu'aucune "
            "case secrète ne puisse être recalculée à partir des totaux. " + SOURCE_NOTE
        ),
    )
