import pytest

from tests.territory.factories import CommuneFactory, DepartementFactory

CAF_CSV = """annee,code_departement,nom_departement_caf,code_region,nom_region_caf,txcouv_eaje_psu,txcouv_eaje_hors_psu,txcouv_eaje,txcouv_prescolarisation,txcouv_assistante_maternelle,txcouv_garde_domicile,txcouv_accueil_individuel,txcouv_global,source_caf
2022,93,SEINE SAINT DENIS,11,ILE DE FRANCE,19.4,1.0,20.3,1.7,10.7,2.2,12.9,34.9,txcouv_pe_dep
2023,93,SEINE SAINT DENIS,11,ILE DE FRANCE,21.8,1.3,23.1,1.9,11.9,2.6,14.5,39.4,txcouv_pe_dep
2023,01,AIN,84,AUVERGNE RHONE ALPES,14.2,4.0,18.2,1.5,47.5,0.7,48.2,67.8,txcouv_pe_dep
2023,75,PARIS,11,ILE DE FRANCE,40.0,9.0,49.0,1.0,5.0,9.0,14.0,64.0,txcouv_pe_dep
"""


@pytest.fixture
def saint_denis():
    return CommuneFactory(saint_denis=True)


@pytest.fixture
def caf_csv(tmp_path):
    path = tmp_path / "caf.csv"
    path.write_text(CAF_CSV, encoding="utf-8")
    return path


@pytest.fixture
def territory_93():
    """Six communes of Seine-Saint-Denis of very different sizes (children under 3)."""
    sizes = [
        (113_000, 6_000, 2_000),
        (111_000, 5_400, 1_800),
        (55_000, 2_700, 900),
        (30_000, 1_500, 500),
        (8_000, 300, 100),
        (500, 20, 7),
    ]
    return [
        CommuneFactory(
            code=f"930{i:02d}",
            population=pop,
            children_under_3=children,
            births_by_year={"2022": births, "2023": births, "2024": births},
            latitude=48.85 + i / 100,
            longitude=2.35 + i / 100,
        )
        for i, (pop, children, births) in enumerate(sizes, start=1)
    ]


@pytest.fixture
def mayotte():
    dep = DepartementFactory(code="976", name="Mayotte")
    return CommuneFactory(
        code="97611",
        name="Mamoudzou",
        departement=dep,
        population=71_000,
        children_under_3=6_000,
        births_by_year={"2024": 2_000},
        latitude=-12.78,
        longitude=45.23,
    )


@pytest.fixture(autouse=True)
def _fresh_provider_index():
    """The results page caches providers in memory: every test starts from the database."""
    from maillage.families.engine_adapter import clear_indexes

    clear_indexes()
    yield
    clear_indexes()
