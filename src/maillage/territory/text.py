"""Normalisation of place names for accent- and case-insensitive search."""

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")

# Abbreviations people type for the first word of many commune names.
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def normalize_name(value: str) -> str:
    """'Saint-Denis' -> 'saint denis'; 'Évry' -> 'evry'; 'L'Haÿ' -> 'l hay'."""
    value = value.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae").replace("Æ", "Ae")
    decomposed = unicodedata.normalize("NFKD", value)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return _NON_ALNUM.sub(" ", ascii_only).strip()


def normalize_query(value: str) -> str:
    """Normalise a typed search term and expand 'st'/'ste' into 'saint'/'sainte'.

    'St Denis' -> 'saint denis'; 'ste-genevieve' -> 'sainte genevieve'. The last word is
    left alone when it is an abbreviation being typed ('st' alone stays 'st').
    """
    words = normalize_name(value).split()
    expanded = [
        _ABBREVIATIONS.get(word, word) if index < len(words) - 1 else word
        for index, word in enumerate(words)
    ]
    return " ".join(expanded)
