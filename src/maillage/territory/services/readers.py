"""Readers of the referential files: parse and validate everything in memory, write nothing.

Each reader returns plain dicts keyed by model field names and raises
:class:`TerritoryImportError` (file + line, in French) on the first malformed value.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

from maillage.territory.services import files
from maillage.territory.services.errors import TerritoryImportError
from maillage.territory.services.files import CsvFile
from maillage.territory.text import normalize_name

COMMUNE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
DEPARTEMENT_CODE = re.compile(r"^(\d{2}|2[AB]|97\d)$")
REGION_CODE = re.compile(r"^\d{2}$")
SIREN = re.compile(r"^\d{9}$")
POSTCODE = re.compile(r"^\d{5}$")
BIRTHS_COLUMN = re.compile(r"^naissances_(\d{4})$")
# Arrondissements municipaux (ARM rows of the births file) and the commune they belong to.
ARM_CITIES = {"751": "75056", "693": "69123", "132": "13055"}
CAF_RATE_COLUMNS = [
    "txcouv_eaje_psu",
    "txcouv_eaje_hors_psu",
    "txcouv_eaje",
    "txcouv_prescolarisation",
    "txcouv_assistante_maternelle",
    "txcouv_garde_domicile",
    "txcouv_accueil_individuel",
    "txcouv_global",
]

Rows = dict[str, dict]


def _non_negative_int(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


def _coordinate(limit: float):
    def parse(value: str) -> float:
        number = float(value)
        if not math.isfinite(number) or abs(number) > limit:
            raise ValueError(value)
        return number

    return parse


_latitude = _coordinate(90)
_longitude = _coordinate(180)


def _optional(parser):
    def parse(value: str):
        return parser(value) if value != "" else None

    return parse


def _code(csv_file: CsvFile, row: dict, column: str, pattern: re.Pattern, label: str) -> str:
    value = row[column]
    if not value:
        raise csv_file.error(f"{label} manquant")
    if not pattern.match(value):
        raise csv_file.error(f"{label} invalide {value!r}")
    return value


def _name(csv_file: CsvFile, row: dict, column: str = "nom") -> str:
    value = row[column]
    if not value:
        raise csv_file.error("nom manquant")
    if len(value) > 100:
        raise csv_file.error("nom trop long (100 caractères au plus)")
    return value


def _unique(csv_file: CsvFile, seen: dict, key, label: str) -> None:
    if key in seen:
        raise csv_file.error(f"{label} en double {key!r} (déjà vu ligne {seen[key]})")
    seen[key] = csv_file.line


def read_regions(data_dir: Path) -> Rows:
    columns = ["code_region", "nom", "population", "latitude", "longitude"]
    csv_file = CsvFile(data_dir, files.REGIONS, columns)
    rows: Rows = {}
    seen: dict = {}
    for row in csv_file:
        code = _code(csv_file, row, "code_region", REGION_CODE, "code région")
        _unique(csv_file, seen, code, "code région")
        rows[code] = {
            "name": _name(csv_file, row),
            "population": csv_file.parse(row["population"], _non_negative_int, "population"),
            "latitude": csv_file.parse(row["latitude"], _optional(_latitude), "latitude"),
            "longitude": csv_file.parse(row["longitude"], _optional(_longitude), "longitude"),
        }
    if not rows:
        raise TerritoryImportError(files.REGIONS, "aucune région")
    return rows


def read_departements(data_dir: Path, regions: Rows) -> Rows:
    columns = ["code_departement", "nom", "code_region", "chef_lieu", "population"]
    columns += ["latitude", "longitude"]
    csv_file = CsvFile(data_dir, files.DEPARTEMENTS, columns)
    rows: Rows = {}
    seen: dict = {}
    for row in csv_file:
        code = _code(csv_file, row, "code_departement", DEPARTEMENT_CODE, "code département")
        _unique(csv_file, seen, code, "code département")
        region = _code(csv_file, row, "code_region", REGION_CODE, "code région")
        if region not in regions:
            raise csv_file.error(f"région inconnue {region!r} (absente de {files.REGIONS})")
        chef_lieu = row["chef_lieu"]
        if chef_lieu and not COMMUNE_CODE.match(chef_lieu):
            raise csv_file.error(f"chef-lieu invalide {chef_lieu!r}")
        rows[code] = {
            "name": _name(csv_file, row),
            "region_id": region,
            "chef_lieu": chef_lieu,
            "population": csv_file.parse(row["population"], _non_negative_int, "population"),
            "latitude": csv_file.parse(row["latitude"], _optional(_latitude), "latitude"),
            "longitude": csv_file.parse(row["longitude"], _optional(_longitude), "longitude"),
        }
    if not rows:
        raise TerritoryImportError(files.DEPARTEMENTS, "aucun département")
    return rows


def read_communes(data_dir: Path, departements: Rows, regions: Rows) -> Rows:
    columns = ["code_insee", "nom", "code_departement", "code_region", "population"]
    columns += ["codes_postaux", "latitude", "longitude"]
    csv_file = CsvFile(data_dir, files.COMMUNES, columns)
    rows: Rows = {}
    seen: dict = {}
    for row in csv_file:
        code = _code(csv_file, row, "code_insee", COMMUNE_CODE, "code INSEE")
        _unique(csv_file, seen, code, "code INSEE")
        departement = _code(csv_file, row, "code_departement", DEPARTEMENT_CODE, "code département")
        if departement not in departements:
            raise csv_file.error(f"département inconnu {departement!r}")
        region = _code(csv_file, row, "code_region", REGION_CODE, "code région")
        if region not in regions:
            raise csv_file.error(f"région inconnue {region!r}")
        postcodes = row["codes_postaux"].split()
        for postcode in postcodes:
            if not POSTCODE.match(postcode):
                raise csv_file.error(f"code postal invalide {postcode!r}")
        if len(" ".join(postcodes)) > 200:
            raise csv_file.error("liste de codes postaux trop longue")
        if not row["latitude"] or not row["longitude"]:
            raise csv_file.error("coordonnées manquantes")
        name = _name(csv_file, row)
        rows[code] = {
            "name": name,
            "search_name": normalize_name(name),
            "departement_id": departement,
            "region_id": region,
            "population": csv_file.parse(row["population"], _non_negative_int, "population"),
            "postcodes": " ".join(postcodes),
            "latitude": csv_file.parse(row["latitude"], _latitude, "latitude"),
            "longitude": csv_file.parse(row["longitude"], _longitude, "longitude"),
        }
    if not rows:
        raise TerritoryImportError(files.COMMUNES, "aucune commune")
    return rows


def _births_columns(csv_file: CsvFile) -> list[tuple[str, str]]:
    columns = [
        (match.group(1), name) for name in csv_file.header if (match := BIRTHS_COLUMN.match(name))
    ]
    if not columns:
        raise TerritoryImportError(
            csv_file.filename, "aucune colonne naissances_AAAA dans l'en-tête", 1
        )
    return sorted(columns)


def _births(csv_file: CsvFile, row: dict, columns: list[tuple[str, str]]) -> dict[str, int]:
    # An empty cell means "not published" (Mayotte before 2014): the year is left out.
    try:
        births = {year: int(row[column]) for year, column in columns if row[column] != ""}
        if min(births.values(), default=0) >= 0:
            return births
    except ValueError:
        pass
    # Slow path, only to name the faulty value.
    return {
        year: csv_file.parse(row[column], _non_negative_int, f"naissances {year}")
        for year, column in columns
        if row[column] != ""
    }


def read_intercommunalities(data_dir: Path, communes: Rows) -> tuple[Rows, list[str]]:
    """EPCIs and EPTs, one line per member commune. Sets ``epci_id``/``ept_id`` on ``communes``
    and returns the groupings with their population and main département, and warnings (lines
    naming a commune outside the referential are skipped: the files may differ by a vintage)."""
    from maillage.territory.enums import IntercommunalityKind

    columns = ["code_siren", "nom", "nature", "code_insee"]
    csv_file = CsvFile(data_dir, files.INTERCOMMUNALITIES, columns)
    kinds = set(IntercommunalityKind.values)
    rows: Rows = {}
    unknown: list[str] = []
    population_by_departement: dict[str, dict[str, int]] = {}
    for row in communes.values():
        row["epci_id"] = None
        row["ept_id"] = None
    for row in csv_file:
        code = _code(csv_file, row, "code_siren", SIREN, "SIREN")
        kind = row["nature"].strip()
        if kind not in kinds:
            raise csv_file.error(f"nature d'intercommunalité inconnue {kind!r}")
        commune_code = _code(csv_file, row, "code_insee", COMMUNE_CODE, "code INSEE")
        commune = communes.get(commune_code)
        if commune is None:
            unknown.append(commune_code)
            continue
        link = "ept_id" if kind == IntercommunalityKind.EPT else "epci_id"
        if commune[link] not in (None, code):
            raise csv_file.error(f"commune {commune_code} rattachée à deux intercommunalités")
        commune[link] = code
        name = _name(csv_file, row)
        known = rows.setdefault(code, {"name": name, "kind": kind, "population": 0})
        if (known["name"], known["kind"]) != (name, kind):
            raise csv_file.error(f"SIREN {code} avec deux noms ou deux natures")
        known["population"] += commune["population"]
        shares = population_by_departement.setdefault(code, {})
        departement = commune["departement_id"]
        shares[departement] = shares.get(departement, 0) + commune["population"]
    for code, row in rows.items():
        shares = population_by_departement[code]
        row["departement_id"] = max(sorted(shares), key=lambda d: shares[d])
    warnings = []
    if unknown:
        warnings.append(
            f"{len(unknown)} ligne(s) d'intercommunalités pour des communes hors référentiel, "
            "ignorées : " + ", ".join(sorted(unknown)[:10])
        )
    return rows, warnings


def read_commune_births(data_dir: Path) -> tuple[dict[str, dict[str, int]], list[str], list[str]]:
    """Births per commune code and year, the years of the file, and warnings.

    ``COM`` rows are communes. ``ARM`` rows (arrondissements of Paris, Lyon, Marseille,
    including "arrondissement non connu") are summed into their city, which is used only
    if the city has no ``COM`` row of its own; otherwise the sums are checked against it.
    """
    csv_file = CsvFile(data_dir, files.COMMUNE_BIRTHS, ["niveau", "code_insee"])
    columns = _births_columns(csv_file)
    births: dict[str, dict[str, int]] = {}
    arrondissements: dict[str, dict[str, int]] = {}
    seen: dict = {}
    for row in csv_file:
        level = row["niveau"]
        if level == "ARM":
            city = ARM_CITIES.get(row["code_insee"][:3])
            if city is None:
                raise csv_file.error(f"arrondissement inconnu {row['code_insee']!r}")
            totals = arrondissements.setdefault(city, {})
            for year, count in _births(csv_file, row, columns).items():
                totals[year] = totals.get(year, 0) + count
            continue
        if level != "COM":
            raise csv_file.error(f"niveau inconnu {level!r} (COM ou ARM attendu)")
        code = _code(csv_file, row, "code_insee", COMMUNE_CODE, "code INSEE")
        _unique(csv_file, seen, code, "code INSEE")
        births[code] = _births(csv_file, row, columns)
    warnings = []
    for city, totals in sorted(arrondissements.items()):
        if city not in births:
            births[city] = totals
            warnings.append(f"naissances de {city} calculées en sommant ses arrondissements")
        elif births[city] != totals:
            warnings.append(f"naissances de {city} : la somme des arrondissements diffère")
    return births, [year for year, _ in columns], warnings


def read_departement_births(data_dir: Path) -> dict[str, dict[str, int]]:
    csv_file = CsvFile(data_dir, files.DEPARTEMENT_BIRTHS, ["code_departement"])
    columns = _births_columns(csv_file)
    births: dict[str, dict[str, int]] = {}
    seen: dict = {}
    for row in csv_file:
        code = _code(csv_file, row, "code_departement", DEPARTEMENT_CODE, "code département")
        _unique(csv_file, seen, code, "code département")
        births[code] = _births(csv_file, row, columns)
    return births


def read_caf_rates(data_dir: Path) -> dict[tuple[str, int], dict]:
    columns = ["annee", "code_departement", "nom_departement_caf", *CAF_RATE_COLUMNS]
    csv_file = CsvFile(data_dir, files.CAF_RATES, columns)
    rows: dict[tuple[str, int], dict] = {}
    seen: dict = {}
    rate = _optional(float)
    for row in csv_file:
        year = csv_file.parse(row["annee"], int, "année")
        if not 1990 <= year <= 2100:
            raise csv_file.error(f"année invalide {row['annee']!r}")
        code = _code(csv_file, row, "code_departement", DEPARTEMENT_CODE, "code département")
        _unique(csv_file, seen, (code, year), "couple département/année")
        values = {column: csv_file.parse(row[column], rate, column) for column in CAF_RATE_COLUMNS}
        rows[(code, year)] = {
            "departement_name": row["nom_departement_caf"][:100],
            **values,
            "source": row.get("source_caf", "")[:40],
        }
    return rows


def read_contours(data_dir: Path, filename: str) -> dict[str, str]:
    """Geometry of each feature as compact GeoJSON text, by its ``code`` property."""
    text = files.read_text(data_dir, filename)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TerritoryImportError(
            filename, f"JSON invalide, colonne {exc.colno} ({exc.msg})", exc.lineno
        ) from exc
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list):
        raise TerritoryImportError(filename, "FeatureCollection attendue (clé 'features')")
    contours: dict[str, str] = {}
    for number, feature in enumerate(features, start=1):
        where = f"entité n° {number}"
        if not isinstance(feature, dict):
            raise TerritoryImportError(filename, f"{where} : objet Feature attendu")
        properties = feature.get("properties") or {}
        code = str(properties.get("code", ""))
        if not code:
            raise TerritoryImportError(filename, f"{where} : propriété 'code' manquante")
        geometry = feature.get("geometry")
        if (
            not isinstance(geometry, dict)
            or geometry.get("type") not in {"Polygon", "MultiPolygon"}
            or not isinstance(geometry.get("coordinates"), list)
        ):
            raise TerritoryImportError(filename, f"{where} (code {code}) : géométrie invalide")
        if code in contours:
            raise TerritoryImportError(filename, f"{where} : code en double {code!r}")
        contours[code] = json.dumps(geometry, separators=(",", ":"))
    return contours
