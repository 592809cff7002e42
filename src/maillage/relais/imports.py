"""Import of the Relais Petite Enfance directory from CSV (docs/imports.md, « Relais Petite
Enfance »).

Every line is checked before anything is written; errors name the line and the column, in
French. Lines are matched on `identifiant`: a known relais is updated (its communes replaced
by those of the file), a new one is created; relais missing from the file are left as they
are and reported. All or nothing, idempotent (a second run changes nothing).
"""

from __future__ import annotations

import csv
import io
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction

from maillage.core.memo import clear_memos
from maillage.relais.models import RelaisPetiteEnfance
from maillage.territory.models import Commune

logger = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
MAX_LINES = 20_000
REQUIRED = ("identifiant", "nom", "communes")
COLUMNS = (*REQUIRED, "adresse", "telephone", "email", "horaires", "site_web")
FIELD_OF_COLUMN = {
    "nom": "name",
    "adresse": "address",
    "telephone": "phone",
    "email": "email",
    "horaires": "opening_hours",
    "site_web": "website",
}
_PHONE = re.compile(r"^(?:\+33|0)[1-9](?:\d{8})$")
_CODE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")


class RelaisImportError(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class RelaisImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    not_in_file: list[str] = field(default_factory=list)
    dry_run: bool = False

    def summary_fr(self) -> str:
        verb = "seraient" if self.dry_run else "sont"
        text = (
            f"{self.created} relais {verb} créé(s), {self.updated} mis à jour, "
            f"{self.unchanged} inchangé(s)."
        )
        if self.not_in_file:
            text += f" Absents du fichier (laissés tels quels) : {', '.join(self.not_in_file)}."
        return text


def _decode(raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise RelaisImportError(["Le fichier dépasse 5 Mo : découpez-le par département."])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            raise RelaisImportError(
                ["Encodage illisible : enregistrez le fichier en UTF-8."]
            ) from None


def _phone(value: str) -> str | None:
    digits = re.sub(r"[\s.\-()]", "", value)
    if not _PHONE.match(digits):
        return None
    if digits.startswith("+33"):
        digits = "0" + digits[3:]
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))


def _website(value: str) -> str | None:
    url = value if "://" in value else f"https://{value}"
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return None
    return url


def parse_relais_csv(raw: bytes) -> list[dict[str, Any]]:
    """Validated rows ({field: value, "communes": [codes]}), or RelaisImportError listing
    every faulty line and column."""
    text = _decode(raw)
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise RelaisImportError([f"Ligne 1 : colonne(s) manquante(s) : {', '.join(missing)}."])
    reader.fieldnames = header
    parsed: list[tuple[int, dict[str, Any]]] = []
    errors: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(reader, start=2):
        if number - 1 > MAX_LINES:
            raise RelaisImportError([f"Plus de {MAX_LINES} lignes : découpez le fichier."])
        values = {k: (v or "").strip() for k, v in row.items() if k in COLUMNS}
        if not any(values.values()):
            continue

        def bad(column: str, message: str, number: int = number) -> None:
            errors.append((number, f"Ligne {number}, colonne « {column} » : {message}"))

        out: dict[str, Any] = {}
        code = values.get("identifiant", "")
        if not code or len(code) > 40:
            bad("identifiant", "identifiant manquant ou trop long (40 caractères au plus).")
        elif code in seen:
            bad("identifiant", f"identifiant « {code} » déjà utilisé ligne {seen[code]}.")
        else:
            seen[code] = number
            out["code"] = code
        name = values.get("nom", "")
        if not name or len(name) > 200:
            bad("nom", "nom du relais manquant ou trop long (200 caractères au plus).")
        out["name"] = name
        codes = [c.upper() for c in re.split(r"[\s|,]+", values.get("communes", "")) if c]
        wrong = [c for c in codes if not _CODE.match(c)]
        if not codes:
            bad("communes", "indiquez au moins un code INSEE de commune (ex. : 93066).")
        elif wrong:
            bad("communes", f"code(s) INSEE mal formé(s) : {', '.join(wrong)} (5 caractères).")
        out["communes"] = codes
        out["address"] = values.get("adresse", "")[:300]
        phone = values.get("telephone", "")
        if phone:
            normal = _phone(phone)
            if normal is None:
                bad("telephone", f"« {phone} » n'est pas un numéro français à 10 chiffres.")
            out["phone"] = normal or ""
        else:
            out["phone"] = ""
        email = values.get("email", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                bad("email", f"« {email} » n'est pas une adresse électronique valide.")
        out["email"] = email.lower()
        out["opening_hours"] = values.get("horaires", "").replace(" / ", "\n")[:1000]
        website = values.get("site_web", "")
        if website:
            url = _website(website)
            if url is None:
                bad("site_web", f"« {website} » n'est pas une adresse de site valide.")
            out["website"] = url or ""
        else:
            out["website"] = ""
        parsed.append((number, out))
    known = set(
        Commune.objects.filter(
            code__in={c for _, row in parsed for c in row["communes"]}
        ).values_list("code", flat=True)
    )
    for number, row in parsed:
        unknown = [c for c in row["communes"] if _CODE.match(c) and c not in known]
        if unknown:
            errors.append(
                (
                    number,
                    f"Ligne {number}, colonne « communes » : code(s) INSEE inconnu(s) : "
                    f"{', '.join(unknown)}.",
                )
            )
    if errors:
        raise RelaisImportError([text for _, text in sorted(errors, key=lambda e: e[0])])
    if not parsed:
        raise RelaisImportError(["Le fichier ne contient aucun relais."])
    return [row for _, row in parsed]


@transaction.atomic
def relais_import(*, raw: bytes, dry_run: bool = False) -> RelaisImportReport:
    """Create or update the relais of the file (all or nothing); `dry_run` writes nothing."""
    rows = parse_relais_csv(raw)
    report = RelaisImportReport(dry_run=dry_run)
    existing = {r.code: r for r in RelaisPetiteEnfance.objects.prefetch_related("communes").all()}
    for row in rows:
        codes = sorted(set(row.pop("communes")))
        relais = existing.get(row["code"])
        if relais is None:
            report.created += 1
            if not dry_run:
                relais = RelaisPetiteEnfance.objects.create(**row)
                relais.communes.set(codes)
            continue
        same_fields = all(getattr(relais, k) == v for k, v in row.items())
        same_communes = sorted(c.pk for c in relais.communes.all()) == codes
        if same_fields and same_communes:
            report.unchanged += 1
            continue
        report.updated += 1
        if not dry_run:
            for key, value in row.items():
                setattr(relais, key, value)
            relais.save()
            relais.communes.set(codes)
    in_file = {row["code"] for row in rows}
    report.not_in_file = sorted(code for code in existing if code not in in_file)
    if not dry_run:
        clear_memos()  # the relais shown beside search results (`relais_tags`)
    logger.info(
        "relais_import created=%s updated=%s unchanged=%s dry_run=%s",
        report.created,
        report.updated,
        report.unchanged,
        dry_run,
    )
    return report
