"""Normalisation of place names for accent- and case-insensitive search."""

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def normalize_name(value: str) -> str:
    """'Saint-Denis' -> 'saint denis'; 'Évry' -> 'evry'; 'L'Haÿ' -> 'l hay'."""
    decomposed = unicodedata.normalize("NFKD", value)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    ascii_only = ascii_only.replace("œ", "oe").replace("æ", "ae").lower()
    return _NON_ALNUM.sub(" ", ascii_only).strip()
