"""The SIRET of an establishment: 14 digits whose Luhn checksum holds.

La Poste's establishments (SIREN 356000000) may instead follow another rule: the sum of the
digits is a multiple of 5 (its head office passes the Luhn checksum).
"""

from __future__ import annotations

import re

LA_POSTE_SIREN = "356000000"
SIRET_FORMAT_MESSAGE = "Le SIRET compte 14 chiffres (les espaces sont acceptés)."
SIRET_CHECKSUM_MESSAGE = (
    "Ce SIRET n'existe pas : sa clé de contrôle est fausse. Recopiez-le depuis l'avis de "
    "situation Insee ou annuaire-entreprises.data.gouv.fr."
)


def siret_normalize(value: str) -> str:
    """'123 456 789 00012' -> '12345678900012' (spaces, dots and dashes removed)."""
    return re.sub(r"[\s.\-]", "", value or "")


def luhn_is_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def siret_is_valid(value: str) -> bool:
    """Format (14 digits once spaces are removed) and checksum of a SIRET."""
    siret = siret_normalize(value)
    if len(siret) != 14 or not siret.isdigit():
        return False
    if luhn_is_valid(siret):
        return True
    return siret.startswith(LA_POSTE_SIREN) and sum(int(c) for c in siret) % 5 == 0


def siret_error(value: str) -> str | None:
    """The French message explaining why a SIRET is refused, or None when it is valid."""
    siret = siret_normalize(value)
    if len(siret) != 14 or not siret.isdigit():
        return SIRET_FORMAT_MESSAGE
    if not siret_is_valid(siret):
        return SIRET_CHECKSUM_MESSAGE
    return None
