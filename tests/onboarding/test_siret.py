"""SIRET: 14 digits, Luhn checksum, La Poste's exception, French messages."""

from __future__ import annotations

import pytest

from maillage.childcare.siret import (
    SIRET_CHECKSUM_MESSAGE,
    SIRET_FORMAT_MESSAGE,
    siret_error,
    siret_is_valid,
)


@pytest.mark.parametrize(
    "value",
    ["73282932000074", "732 829 320 00074", "35600000000048", "35600000012346"],
)
def test_valid_sirets(value):
    assert siret_is_valid(value)
    assert siret_error(value) is None


def test_a_wrong_digit_fails_the_checksum_with_a_french_message():
    assert not siret_is_valid("73282932000075")
    assert siret_error("73282932000075") == SIRET_CHECKSUM_MESSAGE


@pytest.mark.parametrize("value", ["", "7328293200007", "732829320000745", "7328293200007A"])
def test_a_malformed_siret_is_refused(value):
    assert not siret_is_valid(value)
    assert siret_error(value) == SIRET_FORMAT_MESSAGE


def test_la_poste_establishments_use_the_digit_sum():
    # 3+5+6+1+2+3+4+5 = 29: not a multiple of 5.
    assert not siret_is_valid("35600000012345")
