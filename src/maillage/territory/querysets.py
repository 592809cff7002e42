from __future__ import annotations

from django.db import models

from maillage.territory.text import normalize_name


class CommuneQuerySet(models.QuerySet):
    def search(self, term: str) -> CommuneQuerySet:
        """Communes whose name or postcode starts with the term, accents and case ignored."""
        term = term.strip()
        if not term:
            return self.none()
        if term.isdigit():
            return self.filter(postcodes__contains=term).filter(
                models.Q(postcodes__startswith=term) | models.Q(postcodes__contains=f" {term}")
            ).order_by("-population", "code")
        normalized = normalize_name(term)
        if not normalized:
            return self.none()
        return self.filter(
            models.Q(search_name__startswith=normalized)
            | models.Q(search_name__contains=f" {normalized}")
        ).order_by("-population", "code")

    def in_departement(self, code: str) -> CommuneQuerySet:
        return self.filter(departement_id=code)
