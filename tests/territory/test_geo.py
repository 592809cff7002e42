import pytest

from maillage.territory.services.geo import haversine_km, locate_commune
from tests.territory.factories import CommuneFactory


def test_haversine_paris_lyon():
    # Paris (48.8566, 2.3522) to Lyon (45.7640, 4.8357): about 392 km.
    assert haversine_km(48.8566, 2.3522, 45.7640, 4.8357) == pytest.approx(392, abs=2)


def test_haversine_zero_and_symmetry():
    assert haversine_km(48.9, 2.36, 48.9, 2.36) == 0
    assert haversine_km(48.93, 2.36, 48.86, 2.44) == pytest.approx(
        haversine_km(48.86, 2.44, 48.93, 2.36)
    )


@pytest.mark.django_db
class TestLocateCommune:
    @pytest.fixture(autouse=True)
    def communes(self):
        CommuneFactory(saint_denis=True)
        CommuneFactory(saint_denis_reunion=True)
        CommuneFactory(montreuil=True)
        CommuneFactory(code="45270", name="Saint-Denis-en-Val", postcodes="45560", population=7_500)

    @pytest.mark.parametrize(
        ("term", "code"),
        [
            ("93100", "93048"),
            ("Montreuil", "93048"),
            ("montreuil", "93048"),
            ("St-Denis", "97411"),  # homonyms: the most populated one
            ("Saint-Denis 93200", "93066"),
            ("Saint-Denis (93210)", "93066"),
            ("Saint-Denis (974)", "97411"),
            ("saint denis en", "45270"),
        ],
    )
    def test_resolves(self, term, code):
        assert locate_commune(term).code == code

    @pytest.mark.parametrize("term", ["", "  ", "75001", "Trifouilly", "Montreuil 93200"])
    def test_unknown_gives_none(self, term):
        assert locate_commune(term) is None

    def test_second_postcode_of_a_list_is_found(self):
        assert locate_commune("93210").code == "93066"
        assert locate_commune("97490").code == "97411"
