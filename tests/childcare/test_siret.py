import pytest

from maillage.childcare.siret import (
    SIRET_CHECKSUM_MESSAGE,
    SIRET_FORMAT_MESSAGE,
    siret_error,
    siret_is_valid,
)


@pytest.mark.parametrize(
    "value",
    [
        "73282932000074",
        "732 829 320 00074",
        "356 000 000 00048",
        "35600000000001",
        "44306184100047",
    ],
)
def test_real_sirets_are_valid(value):
    assert siret_is_valid(value)
    assert siret_error(value) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("73282932000075", SIRET_CHECKSUM_MESSAGE),
        ("7328293200007", SIRET_FORMAT_MESSAGE),
        ("7328293200007A", SIRET_FORMAT_MESSAGE),
        ("", SIRET_FORMAT_MESSAGE),
    ],
)
def test_a_wrong_siret_gets_a_french_reason(value, message):
    assert not siret_is_valid(value)
    assert siret_error(value) == message
