"""Indicators per commune and their aggregates (département, région, France) — no Django.

Input is columnar: one row per commune with additive counts (numpy arrays), plus samples
(one value per need, e.g. the age of a need without solution) for medians. Aggregation is
vectorised with ``np.bincount`` (sums) and one sort per sample set (medians), so that 34,875
communes and their aggregates compute in well under a second.

Additive counts are summed upwards, so communes always add up to their département exactly;
rates and medians are recomputed at each level from the summed counts / pooled samples
(never averaged from the level below).

Children under 3 (documented method): births domiciled in the commune during the last three
years published by INSEE (état civil) — an approximation of the children under 3 living there
(no migration, no infant mortality). The CNAF uses an INSEE estimate instead: see
``CAF_DIFFERENCE_EXPLANATION``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

LEVELS = ("commune", "epci", "departement", "region", "france")
LEVEL_LABELS = {
    "commune": "Commune",
    "epci": "Intercommunalité",
    "departement": "Département",
    "region": "Région",
    "france": "France",
}
FRANCE_CODE = "FR"
NOT_AVAILABLE = "non disponible"

CAF_DIFFERENCE_EXPLANATION = (
    "Le taux de couverture publié par la Caf (CNAF, Observatoire national de la petite enfance) "
    "compte les places d'accueil formel offertes en décembre de l'année N : crèches (EAJE), "
    "assistants maternels, salariés à domicile et enfants de 2 ans scolarisés, rapportées à une "
    "estimation INSEE des enfants de moins de 3 ans. Le taux de Maillage ne compte que l'offre "
    "connue de la plateforme (places d'agrément des assistants maternels inscrits, places des "
    "crèches inscrites, ou chiffres importés), sans garde à domicile ni préscolarisation, "
    "rapportée aux naissances des trois dernières années. L'écart mesure donc surtout l'offre "
    "qui n'est pas (encore) inscrite sur la plateforme, plus ces différences de définition."
)


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str = ""
    # True for counts of people (families, candidates, childminders): subject to the
    # small-cell rule when published.
    people: bool = False
    # The group of apps the metric depends on: "territory", "childcare", "families", "jobs".
    source: str = "childcare"


# Additive counts, summed from communes upwards.
SUMS: tuple[Metric, ...] = (
    Metric("children_under_3", "Enfants de moins de 3 ans (estimés)", source="territory"),
    Metric("places_childminders", "Places d'assistants maternels (agréments)"),
    Metric("places_nurseries", "Places en crèche"),
    Metric("places_total", "Places d'accueil (total)"),
    Metric("free_places_childminders", "Places libres chez les assistants maternels"),
    Metric("free_places_nurseries", "Places libres en crèche"),
    Metric("free_places", "Places libres aujourd'hui"),
    Metric("childminders", "Assistants maternels", people=True),
    Metric("needs_declared", "Besoins d'accueil déclarés", people=True, source="families"),
    Metric("needs_unserved", "Besoins sans solution", people=True, source="families"),
    Metric("needs_job_seekers", "Besoins de demandeurs d'emploi", people=True, source="families"),
    Metric(
        "needs_job_seekers_served",
        "Besoins de demandeurs d'emploi servis",
        people=True,
        source="families",
    ),
    Metric("places_created", "Places créées (12 derniers mois)", source="history"),
    Metric("places_destroyed", "Places supprimées (12 derniers mois)", source="history"),
    Metric("hours_offered", "Heures offertes en crèche (12 derniers mois)", source="staffing"),
    Metric("hours_billed", "Heures facturées en crèche (12 derniers mois)", source="staffing"),
    Metric(
        "places_closed_staff",
        "Places fermées faute de personnel (prochain jour ouvré)",
        source="staffing",
    ),
    Metric("inspections_planned", "Contrôles PMI prévus cette année", source="inspections"),
    Metric("inspections_done", "Contrôles PMI réalisés cette année", source="inspections"),
    Metric("job_offers_open", "Offres d'emploi ouvertes", source="jobs"),
    Metric("vacant_posts", "Postes vacants en crèche (ETP)", source="staffing"),
    # Posts filled by a hire through an application (jobs.services.applications).
    Metric("posts_filled", "Postes pourvus par une candidature", source="jobs"),
    Metric("substitute_requests_unmet", "Demandes de remplacement non pourvues", source="jobs"),
    Metric("candidates", "Candidats en parcours", people=True, source="jobs"),
    Metric("candidates_dropped", "Candidats ayant abandonné", people=True, source="jobs"),
    # Data coverage (docs/observatory_methods.md): communes and départements where the
    # platform knows the supply, and the supply the CAF's published rates imply there.
    Metric("communes_with_data", "Communes dont l'offre est connue de Maillage"),
    Metric(
        "children_known",
        "Enfants de moins de 3 ans des communes dont l'offre est connue",
        source="territory",
    ),
    Metric("departements_with_data", "Départements dont l'offre est connue de Maillage"),
    Metric(
        "caf_estimated_places",
        "Places estimées d'après les taux Caf (assistants maternels et crèches)",
        source="territory",
    ),
    # INSEE census 2021 (comparateur de territoires 2024): unemployed people aged 15–64.
    Metric("unemployed_15_64", "Chômeurs de 15 à 64 ans (recensement 2021)", source="territory"),
    Metric("population_15_64", "Population de 15 à 64 ans (recensement 2021)", source="territory"),
    Metric(
        "job_seekers_children",
        "Enfants de moins de 3 ans dont un parent est au chômage (estimation)",
        source="territory",
    ),
)
# Counts that only the platform's supply data gives: "non disponible" where it has none.
SUPPLY_KEYS = (
    "places_childminders",
    "places_nurseries",
    "places_total",
    "free_places_childminders",
    "free_places_nurseries",
    "free_places",
    "childminders",
)
RATES: tuple[Metric, ...] = (
    Metric("coverage_rate", "Taux de couverture (places pour 100 enfants)", "pour 100"),
    Metric(
        "collective_coverage_rate",
        "Taux de couverture en accueil collectif (places en crèche pour 100 enfants)",
        "pour 100",
    ),
    Metric("occupancy_rate", "Taux d'occupation des crèches", "%", source="staffing"),
    Metric(
        "inspection_plan_rate", "Réalisation du plan de contrôle PMI", "%", source="inspections"
    ),
    Metric("unserved_share", "Part des besoins sans solution", "%", source="families"),
    Metric(
        "job_seekers_served_share",
        "Part des besoins de demandeurs d'emploi servis",
        "%",
        source="families",
    ),
    Metric("dropout_rate", "Taux d'abandon des candidats", "%", source="jobs"),
    Metric(
        "data_coverage_rate",
        "Couverture des données : offre inscrite sur Maillage pour 100 places estimées par la Caf",
        "%",
    ),
)
MEDIANS: tuple[Metric, ...] = (
    Metric(
        "unserved_need_age_days",
        "Ancienneté médiane des besoins sans solution",
        "jours",
        source="families",
    ),
    Metric(
        "need_to_place_days",
        "Délai médian du besoin à la place confirmée",
        "jours",
        source="families",
    ),
    Metric(
        "time_to_hire_days",
        "Délai médian de la candidature à l'embauche",
        "jours",
        source="jobs",
    ),
)
METRICS: dict[str, Metric] = {m.key: m for m in (*SUMS, *RATES, *MEDIANS)}


@dataclass
class CommuneTable:
    """Columnar commune data. ``counts[key]`` is an array aligned on ``codes``; a key absent
    from ``counts`` is an unavailable indicator (its app or model does not exist)."""

    codes: Sequence[str]
    departements: Sequence[str]
    regions: Sequence[str]
    counts: dict[str, np.ndarray] = field(default_factory=dict)
    # Per-record values for medians: key -> (commune index array, value array).
    samples: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    # Extra per-commune breakdowns summed upwards (e.g. "band:55_59", "cand:training").
    extra_counts: dict[str, np.ndarray] = field(default_factory=dict)
    # SIREN of each commune's EPCI and of its EPT (Grand Paris), "" when none: the
    # intercommunal level sums both kinds into one level, keyed by SIREN.
    epcis: Sequence[str] = ()
    epts: Sequence[str] = ()
    # Whether the platform knows the supply of each commune (its département's supply is
    # registered or imported); None = everywhere. Where it does not, supply figures and
    # coverage are None ("non disponible") and aggregates count only communes with data.
    known: np.ndarray | None = None


def job_seekers_children(
    children_under_3: np.ndarray, unemployed: np.ndarray, population_15_64: np.ndarray
) -> np.ndarray:
    """Children under 3 with at least one parent unemployed, estimated per commune.

    With u = unemployed / population aged 15–64 (census), and two parents per child whose
    situations are independent and like the commune's 15–64 population, a child has at least
    one unemployed parent with probability 1 − (1 − u)². NaN where the population is unknown.
    """
    children = np.asarray(children_under_3, dtype=float)
    population = np.asarray(population_15_64, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(population > 0, np.asarray(unemployed, float) / population, np.nan)
    share = np.clip(share, 0.0, 1.0)
    return children * (1.0 - (1.0 - share) ** 2)


def _index(labels: Sequence[str]) -> tuple[list[str], np.ndarray]:
    uniques, inverse = np.unique(np.asarray(labels, dtype=object).astype(str), return_inverse=True)
    return [str(u) for u in uniques], inverse.astype(np.int64)


def _grouped_medians(groups: np.ndarray, values: np.ndarray, n_groups: int) -> np.ndarray:
    """Median of ``values`` per group (NaN for an empty group), fully vectorised."""
    out = np.full(n_groups, np.nan)
    if values.size == 0:
        return out
    order = np.lexsort((values, groups))
    g, v = groups[order], values[order].astype(float)
    counts = np.bincount(g, minlength=n_groups)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    present = counts > 0
    lo = starts[present] + (counts[present] - 1) // 2
    hi = starts[present] + counts[present] // 2
    out[present] = (v[lo] + v[hi]) / 2.0
    return out


def _ratio(num: np.ndarray, den: np.ndarray, scale: float = 100.0) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(den > 0, scale * num / np.where(den > 0, den, 1), np.nan)
    return out


def compute(table: CommuneTable) -> dict[str, dict[str, dict[str, float | int | None]]]:
    """Indicators for every level: ``{level: {code: {metric: value}}}``.

    Unavailable indicators are absent from ``table.counts`` and come out as None.
    """
    n = len(table.codes)
    dep_codes, dep_idx = _index(table.departements)
    reg_codes, reg_idx = _index(table.regions)
    levels: dict[str, tuple[list[str], np.ndarray]] = {
        "commune": (list(table.codes), np.arange(n, dtype=np.int64)),
        "departement": (dep_codes, dep_idx),
        "region": (reg_codes, reg_idx),
        "france": ([FRANCE_CODE], np.zeros(n, dtype=np.int64)),
    }
    # EPCIs and EPTs: a commune belongs to one of each at most; communes without one go to a
    # throw-away group "" dropped afterwards.
    grouping_levels = [
        (f"epci:{kind}", labels)
        for kind, labels in (("epci", table.epcis), ("ept", table.epts))
        if len(labels) == n and any(labels)
    ]
    for name, labels in grouping_levels:
        levels[name] = _index(labels)
    counts = dict(table.counts)
    known = np.ones(n, dtype=bool) if table.known is None else np.asarray(table.known, dtype=bool)
    counts["communes_with_data"] = known.astype(np.int64)
    # One per département with data, on its first commune: summed upwards, the number of
    # départements with data.
    first = np.zeros(n, dtype=bool)
    first[np.unique(dep_idx, return_index=True)[1]] = True
    counts["departements_with_data"] = (first & known).astype(np.int64)
    if "children_under_3" in counts:
        # The denominator of coverage: children of the communes whose supply is known.
        counts["children_known"] = np.where(known, counts["children_under_3"], 0)
    if "caf_estimated_places" in counts:
        counts["caf_estimated_places"] = np.where(known, counts["caf_estimated_places"], 0)
    if "places_childminders" in counts and "places_nurseries" in counts:
        counts["places_total"] = counts["places_childminders"] + counts["places_nurseries"]
    if "free_places_childminders" in counts and "free_places_nurseries" in counts:
        counts["free_places"] = counts["free_places_childminders"] + counts["free_places_nurseries"]
    result: dict[str, dict[str, dict[str, float | int | None]]] = {}
    for level, (codes, idx) in levels.items():
        k = len(codes)
        columns: dict[str, np.ndarray] = {}
        for key, arr in (*counts.items(), *table.extra_counts.items()):
            if level == "commune":
                columns[key] = np.asarray(arr, dtype=float)
            else:
                # A commune without a value (NaN: an estimate it lacks) adds nothing upwards.
                weights = np.nan_to_num(np.asarray(arr, dtype=float))
                columns[key] = np.bincount(idx, weights=weights, minlength=k)
        derived: dict[str, np.ndarray] = {}
        children_known = columns.get("children_known")
        if "places_total" in columns and children_known is not None:
            derived["coverage_rate"] = _ratio(columns["places_total"], children_known)
        if "places_nurseries" in columns and children_known is not None:
            derived["collective_coverage_rate"] = _ratio(
                columns["places_nurseries"], children_known
            )
        if "places_total" in columns and "caf_estimated_places" in columns:
            derived["data_coverage_rate"] = _ratio(
                columns["places_total"], columns["caf_estimated_places"]
            )
        no_data = columns["communes_with_data"] == 0
        if no_data.any():
            for key in (*SUPPLY_KEYS, "caf_estimated_places"):
                if key in columns:
                    columns[key] = np.where(no_data, np.nan, columns[key])
        if "inspections_done" in columns and "inspections_planned" in columns:
            derived["inspection_plan_rate"] = _ratio(
                columns["inspections_done"], columns["inspections_planned"]
            )
        if "hours_billed" in columns and "hours_offered" in columns:
            derived["occupancy_rate"] = _ratio(columns["hours_billed"], columns["hours_offered"])
        if "needs_unserved" in columns and "needs_declared" in columns:
            derived["unserved_share"] = _ratio(columns["needs_unserved"], columns["needs_declared"])
        if "needs_job_seekers_served" in columns and "needs_job_seekers" in columns:
            derived["job_seekers_served_share"] = _ratio(
                columns["needs_job_seekers_served"], columns["needs_job_seekers"]
            )
        if "candidates_dropped" in columns and "candidates" in columns:
            derived["dropout_rate"] = _ratio(columns["candidates_dropped"], columns["candidates"])
        for key, (commune_idx, values) in table.samples.items():
            derived[key] = _grouped_medians(idx[commune_idx], np.asarray(values, float), k)
        keys = list(columns) + list(derived)
        # Column by column (vectorised): NaN → None, whole counts → int, then one dict per
        # territory; ten times faster than converting cell by cell on 35,000 communes.
        lists: list[list[float | int | None]] = []
        for j, arr in enumerate((*columns.values(), *derived.values())):
            col = np.round(np.asarray(arr, dtype=float), 1)
            nan = np.isnan(col)
            whole = nan | (col == np.floor(col))
            if j < len(columns) and np.all(whole):
                out: list = np.where(nan, 0, col).astype(np.int64).tolist()
            elif j < len(columns):  # rare: a count column with decimals
                out = [int(v) if v.is_integer() else v for v in col.tolist()]
            else:
                out = col.tolist()
            if nan.any():
                for i in np.flatnonzero(nan).tolist():
                    out[i] = None
            lists.append(out)
        template = dict.fromkeys(METRICS)
        rows: dict[str, dict[str, float | int | None]] = {}
        for code, line in zip(codes, zip(*lists, strict=True) if lists else [()] * k, strict=True):
            values = template.copy()
            values.update(zip(keys, line, strict=True))
            rows[code] = values
        result[level] = rows
    groupings = {}
    for name, _labels in grouping_levels:
        groupings.update({c: v for c, v in result.pop(name).items() if c})
    if grouping_levels:
        result["epci"] = groupings
    return result


def available_sources(table: CommuneTable) -> set[str]:
    present = set(table.counts) | set(table.samples)
    return {m.source for m in METRICS.values() if m.key in present}


def difference_with_caf(ours: float | None, caf: float | None) -> float | None:
    """Points of coverage between our rate and the CAF's published rate (ours − CAF)."""
    if ours is None or caf is None:
        return None
    return round(ours - caf, 1)


def ranking(
    rows: Mapping[str, Mapping[str, float | int | None]], key: str, *, descending: bool = False
) -> list[tuple[str, float | int | None]]:
    """Territories sorted by one indicator, missing values last."""
    present = [(c, v[key]) for c, v in rows.items() if v.get(key) is not None]
    missing = [(c, None) for c, v in rows.items() if v.get(key) is None]
    present.sort(key=lambda cv: (cv[1], cv[0]), reverse=descending)
    return [*present, *missing]
