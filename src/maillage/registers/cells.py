"""Reading the cells of one register line: numbers, dates, yes/no, shares, emails and the
commune (with its point), each with a French error naming the column."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from maillage.childcare.policy import ChildcarePolicy
from maillage.registers.reading import RowError
from maillage.territory.text import normalize_name

YES = {"oui", "o", "yes", "y", "1", "vrai", "true", "x"}
NO = {"non", "n", "no", "0", "faux", "false", ""}


@dataclass(frozen=True)
class CommuneRef:
    code: str
    departement: str
    latitude: float
    longitude: float


@dataclass
class Context:
    """What a line check needs, loaded once: communes, the départements in scope, the date."""

    by_code: dict[str, CommuneRef]
    by_postcode_name: dict[tuple[str, str], str]
    departements: frozenset[str]
    today: dt.date
    policy: ChildcarePolicy


@dataclass
class Line:
    """The values of one line and the errors found so far."""

    number: int
    values: dict[str, str]
    errors: list[RowError] = field(default_factory=list)

    def get(self, column: str) -> str:
        return self.values.get(column, "").strip()

    def bad(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))


@dataclass
class Located:
    commune: str
    latitude: float
    longitude: float


def required(line: Line, columns: tuple[str, ...]) -> None:
    for column in columns:
        if not line.get(column):
            line.bad(column, "valeur obligatoire manquante.")


def int_cell(
    line: Line, column: str, low: int, high: int, default: int | None = None
) -> int | None:
    text = line.get(column)
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        line.bad(column, f"« {text} » n'est pas un nombre entier.")
        return None
    if not low <= value <= high:
        line.bad(column, f"{value} est hors des limites ({low} à {high}).")
        return None
    return value


def parse_date(text: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def date_cell(line: Line, column: str) -> dt.date | None:
    text = line.get(column)
    if not text:
        return None
    value = parse_date(text)
    if value is None:
        line.bad(column, f"date invalide « {text} » (AAAA-MM-JJ ou JJ/MM/AAAA).")
    return value


def bool_cell(line: Line, column: str, default: bool = False) -> bool:
    text = line.get(column).lower()
    if not text:
        return default
    if text in YES:
        return True
    if text not in NO:
        line.bad(column, f"« {line.get(column)} » : écrivez oui ou non.")
    return False


def share_cell(line: Line, column: str) -> Decimal:
    """'25 %', '25', '0,25' -> 0.25."""
    text = line.get(column).replace("%", "").replace(",", ".").strip()
    if not text:
        return Decimal("0")
    try:
        value = Decimal(text)
    except InvalidOperation:
        line.bad(column, f"« {line.get(column)} » n'est pas une part (ex. 20 % ou 0,2).")
        return Decimal("0")
    if value > 1:
        value = value / 100
    if not Decimal(0) <= value <= Decimal(1):
        line.bad(column, "la part doit être comprise entre 0 et 100 %.")
        return Decimal("0")
    return value.quantize(Decimal("0.01"))


def email_cell(line: Line, column: str) -> str:
    text = line.get(column).lower()
    if not text:
        return ""
    try:
        validate_email(text)
    except ValidationError:
        line.bad(column, f"adresse électronique invalide « {line.get(column)} ».")
        return ""
    return text


def locate(line: Line, context: Context) -> Located | None:
    """The commune (INSEE code, or name + postcode) in scope, and the point of the address:
    the coordinates of the file when given, else the commune's centroid."""
    code = line.get("code_insee").upper()
    column = "code_insee"
    if code:
        if len(code) == 4 and code.isdigit():
            code = "0" + code
        ref = context.by_code.get(code)
        if ref is None:
            line.bad(column, f"commune inconnue : code INSEE « {code} ».")
            return None
    else:
        name, postcode = line.get("commune"), line.get("code_postal")
        column = "commune"
        if not name or not postcode:
            line.bad(
                "code_insee", "indiquez le code INSEE de la commune, ou son nom et son code postal."
            )
            return None
        found = context.by_postcode_name.get((postcode, normalize_name(name)))
        ref = context.by_code.get(found) if found else None
        if ref is None:
            line.bad(column, f"commune inconnue : « {name} » ({postcode}).")
            return None
    if ref.departement not in context.departements:
        line.bad(
            column,
            f"commune du département {ref.departement}, hors de votre territoire "
            f"({', '.join(sorted(context.departements))}) : cette ligne n'est pas importée.",
        )
        return None
    lat_text, lon_text = line.get("latitude"), line.get("longitude")
    if not lat_text and not lon_text:
        return Located(ref.code, ref.latitude, ref.longitude)
    try:
        lat = float(lat_text.replace(",", "."))
        lon = float(lon_text.replace(",", "."))
    except ValueError:
        line.bad("latitude", "coordonnées invalides : latitude et longitude en degrés décimaux.")
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        line.bad("latitude", "coordonnées hors limites (latitude -90 à 90, longitude -180 à 180).")
        return None
    if abs(lat - ref.latitude) > 1 or abs(lon - ref.longitude) > 1:
        line.bad("latitude", "ces coordonnées sont à plus de 100 km de la commune indiquée.")
        return None
    return Located(ref.code, lat, lon)
