"""SIRET numbers: 14 digits whose Luhn checksum is right (INSEE's rule).

La Poste is the exception: its establishments share the SIREN 356 000 000 and are checked by
the sum of their 14 digits, which must be a multiple of 5.
"""

from __future__ import annotations

LA_POSTE_SIREN = "356000000"
# The head office follows the ordinary Luhn rule.
LA_POSTE_HEAD_OFFICE = "35600000000048"
SIRET_FORMAT_MESSAGE = "Le SIRET doit compter 14 chiffres (espaces acceptés)."
SIRET_CHECKSUM_MESSAGE = (
    "Ce numéro SIRET n'existe pas : un chiffre est erroné. "
    "Recopiez-le depuis l'avis de situation INSEE ou un bulletin de paie."
)


def normalize_siret(value: str) -> str:
    """Spaces, dots and dashes removed (people copy "123 456 789 00012")."""
    return "".join(ch for ch in value if ch not in " .-\u00a0\u202f")


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
    """14 digits and a right checksum (La Poste: digit sum multiple of 5)."""
    siret = normalize_siret(value)
    if len(siret) != 14 or not siret.isdigit():
        return False
    if siret.startswith(LA_POSTE_SIREN) and siret != LA_POSTE_HEAD_OFFICE:
        return sum(int(c) for c in siret) % 5 == 0
    return luhn_is_valid(siret)


def siret_error(value: str) -> str | None:
    """The French message for a wrong SIRET, or None when it is valid."""
    siret = normalize_siret(value)
    if len(siret) != 14 or not siret.isdigit():
        return SIRET_FORMAT_MESSAGE
    if not siret_is_valid(siret):
        return SIRET_CHECKSUM_MESSAGE
    return None
