import pytest

from tests.registers.factories import TerritoryAdminFactory
from tests.territory.factories import CommuneFactory

CM_HEADER = (
    "numero_agrement;nom;prenom;email;telephone;adresse;code_insee;commune;code_postal;"
    "latitude;longitude;capacite;derogation;age_min_mois;age_max_mois;debut_agrement;"
    "fin_agrement;mam"
)


def cm_line(
    number="093-AM-0001",
    *,
    nom="Diallo",
    prenom="Aminata",
    email="",
    insee="93066",
    capacite="4",
    derogation="",
    fin="2029-05-31",
    mam="",
    commune="",
    postcode="",
):
    return (
        f"{number};{nom};{prenom};{email};;12 rue de la Paix;{insee};{commune};{postcode};;;"
        f"{capacite};{derogation};0;72;;{fin};{mam}"
    )


def cm_csv(*lines, encoding="utf-8"):
    return ("\n".join([CM_HEADER, *lines]) + "\n").encode(encoding)


@pytest.fixture
def communes(db):
    return {
        "saint_denis": CommuneFactory(saint_denis=True),
        "montreuil": CommuneFactory(montreuil=True),
        "evry": CommuneFactory(evry=True),
    }


@pytest.fixture
def territory_admin(communes):
    return TerritoryAdminFactory()


@pytest.fixture
def write(tmp_path):
    def _write(content: bytes, name: str = "registre.csv"):
        path = tmp_path / name
        path.write_bytes(content)
        return path

    return _write
