import pytest

from maillage.childcare.location import public_location, round_up_distance
from tests.childcare.factories import ChildminderFactory
from tests.territory.factories import CommuneFactory


@pytest.mark.parametrize(
    ("km", "expected"), [(0.0, 0.5), (0.2, 0.5), (0.5, 0.5), (0.51, 1.0), (1.2, 1.5), (7.9, 8.0)]
)
def test_distances_are_rounded_up_to_half_a_kilometre(km, expected):
    assert round_up_distance(km) == expected


@pytest.mark.django_db
def test_public_location_never_exposes_the_address():
    commune = CommuneFactory(saint_denis=True)
    cm = ChildminderFactory(
        commune=commune, address="12 rue des Lilas", latitude=48.9362, longitude=2.3574
    )
    location = public_location(cm, 48.93, 2.36)
    assert location.commune_name == "Saint-Denis"
    assert location.distance_km == 1.0
    assert location.label == "Saint-Denis, à environ 1 km"
    exposed = " ".join(str(v) for v in vars(location).values()) + location.label
    assert "Lilas" not in exposed and "12" not in exposed
    assert "48.93" not in exposed
