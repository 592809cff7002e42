"""Small synthetic referential files (same format as data/territory), written to tmp_path."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

YEARS = list(range(2008, 2025))

REGIONS = """code_region,nom,chef_lieu,population,nb_communes,latitude,longitude
11,Île-de-France,75056,12463067,3,48.70917,2.50472
84,Auvergne-Rhône-Alpes,69123,8205557,1,45.51583,4.53806
"""

DEPARTEMENTS = """code_departement,nom,code_region,chef_lieu,population,nb_communes,latitude,longitude
75,Paris,11,75056,2103778,1,48.85661,2.3428
93,Seine-Saint-Denis,11,93008,1700000,3,48.91,2.47
69,Rhône,84,69123,1900000,1,45.87,4.64
"""

COMMUNES_HEADER = (
    "code_insee,nom,code_departement,code_region,population,codes_postaux,latitude,longitude\n"
)
COMMUNES_ROWS = [
    "75056,Paris,75,11,2103778,75001 75002 75116,48.85661,2.34280",
    "93066,Saint-Denis,93,11,113000,93200 93210,48.93560,2.35390",
    "93048,Montreuil,93,11,111000,93100,48.86330,2.44850",
    "93008,Bobigny,93,11,55000,93000,48.90790,2.43930",
    "69123,Lyon,69,84,519127,69001 69002,45.75485,4.83638",
]


def births_row(level: str, code: str, name: str, base: int, step: int = 1) -> str:
    """Births ``base``, ``base + step``, ``base + 2 * step``… for 2008, 2009, 2010…"""
    return ",".join([level, code, name, *(str(base + step * i) for i in range(len(YEARS)))])


BIRTHS_HEADER = "niveau,code_insee,nom," + ",".join(f"naissances_{y}" for y in YEARS) + "\n"
BIRTHS_ROWS = [
    births_row("COM", "75056", "Paris", 300, step=2),
    births_row("COM", "93066", "Saint-Denis", 100),
    births_row("COM", "93048", "Montreuil", 90),
    # Lyon only through its arrondissements: summed into 69123.
    births_row("ARM", "69381", "Lyon 1er Arrondissement", 10),
    births_row("ARM", "69382", "Lyon 2e Arrondissement", 20),
    births_row("ARM", "693XX", "Lyon arrondissement non connu", 0),
    # Paris arrondissements add up to the COM row.
    births_row("ARM", "75101", "Paris 1er Arrondissement", 100),
    births_row("ARM", "75102", "Paris 2e Arrondissement", 200),
    # Bobigny (93008) has no row.
]

DEPARTEMENT_BIRTHS = "code_departement,nom," + ",".join(f"naissances_{y}" for y in YEARS) + "\n"
DEPARTEMENT_BIRTHS += "75,Paris," + ",".join(str(20000 + i) for i in range(len(YEARS))) + "\n"
DEPARTEMENT_BIRTHS += "93,Seine-Saint-Denis," + ",".join("28000" for _ in YEARS) + "\n"

CAF_HEADER = (
    "annee,code_departement,nom_departement_caf,code_region,nom_region_caf,txcouv_eaje_psu,"
    "txcouv_eaje_hors_psu,txcouv_eaje,txcouv_prescolarisation,txcouv_assistante_maternelle,"
    "txcouv_garde_domicile,txcouv_accueil_individuel,txcouv_global,source_caf\n"
)
CAF_ROWS = [
    "2022,93,SEINE SAINT DENIS,11,ILE DE FRANCE,20.1,3.0,23.1,1.2,10.5,1.0,11.5,35.8,txcouv_pe_dep",
    "2023,93,SEINE SAINT DENIS,11,ILE DE FRANCE,20.5,3.2,23.7,1.1,10.1,1.0,11.1,35.9,txcouv_pe_dep",
    "2023,977,SAINT BARTHELEMY,COM,COM,0.0,0.0,0.0,5.5,,0.7,0.7,6.2,txcouv_pe_dep",
]


def square(lon: float, lat: float) -> dict:
    ring = [[lon, lat], [lon + 0.01, lat], [lon + 0.01, lat + 0.01], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def collection(codes: list[str]) -> str:
    features = [
        {"type": "Feature", "geometry": square(2 + i / 10, 48), "properties": {"code": code}}
        for i, code in enumerate(codes)
    ]
    return json.dumps({"type": "FeatureCollection", "features": features})


def write_gz(path: Path, text: str) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(text)
    return path


INTERCOMMUNALITIES = """code_siren,nom,nature,code_insee
200054781,Métropole du Grand Paris,METRO,75056
200054781,Métropole du Grand Paris,METRO,93066
200054781,Métropole du Grand Paris,METRO,93048
200054781,Métropole du Grand Paris,METRO,93008
200046977,Métropole de Lyon,MET69,69123
200057867,Plaine Commune,EPT,93066
200057875,Est Ensemble,EPT,93048
200057875,Est Ensemble,EPT,93008
"""


def write_referential(directory: Path, **overrides: str) -> Path:
    """All ten files, gzip-compressed; ``overrides`` replace a file's text by its stem."""
    files = {
        "regions": REGIONS,
        "departements": DEPARTEMENTS,
        "communes": COMMUNES_HEADER + "\n".join(COMMUNES_ROWS) + "\n",
        "insee_naissances_communes_2008_2024": BIRTHS_HEADER + "\n".join(BIRTHS_ROWS) + "\n",
        "insee_naissances_departements_2008_2024": DEPARTEMENT_BIRTHS,
        "caf_taux_couverture_departements_2017_2023": CAF_HEADER + "\n".join(CAF_ROWS) + "\n",
        "intercommunalites_2026": INTERCOMMUNALITIES,
    }
    extensions = dict.fromkeys(files, ".csv.gz")
    files |= {
        "regions_contours_simplifies": collection(["11", "84"]),
        "departements_contours_simplifies": collection(["75", "93", "69"]),
        "communes_contours_2026_simplifies": collection(
            [row.split(",")[0] for row in COMMUNES_ROWS]
        ),
    }
    directory.mkdir(parents=True, exist_ok=True)
    for stem, text in (files | overrides).items():
        write_gz(directory / f"{stem}{extensions.get(stem, '.geojson.gz')}", text)
    return directory
