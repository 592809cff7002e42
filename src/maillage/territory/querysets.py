from __future__ import annotations

import re

from django.db import models

from maillage.territory.text import normalize_query

_POSTCODE_PREFIX = re.compile(r"^\d{1,5}$")
_TRAILING_POSTCODE = re.compile(r"^(?P<name>.*?)[\s,(]*(?P<postcode>\d{5})\)?$")


class CommuneQuerySet(models.QuerySet):
    def search(self, term: str) -> CommuneQuerySet:
        """Communes matching a typed name or postcode, best matches first.

        - digits (1 to 5): communes having a postcode starting with them;
        - a name: accents, case, hyphens and apostrophes ignored, 'st'/'ste' expanded;
          names starting with the term come before names with a word starting with it;
        - a name followed by a postcode ('Saint-Denis 93200'): both must match.
        Ties are broken by population (largest first), then INSEE code.
        """
        term = (term or "").strip()
        if not term:
            return self.none()
        if _POSTCODE_PREFIX.match(term):
            return self._postcode_prefix(term).order_by("-population", "code")
        match = _TRAILING_POSTCODE.match(term)
        queryset = self
        if match and match.group("name").strip():
            queryset = self._postcode_prefix(match.group("postcode"))
            term = match.group("name")
        normalized = normalize_query(term)
        if not normalized:
            return self.none()
        return (
            queryset.filter(
                models.Q(search_name__startswith=normalized)
                | models.Q(search_name__contains=f" {normalized}")
            )
            .annotate(
                search_rank=models.Case(
                    models.When(search_name=normalized, then=models.Value(0)),
                    models.When(search_name__startswith=normalized, then=models.Value(1)),
                    default=models.Value(2),
                    output_field=models.IntegerField(),
                )
            )
            .order_by("search_rank", "-population", "code")
        )

    def _postcode_prefix(self, digits: str) -> CommuneQuerySet:
        # ``postcodes`` is a space-separated list: match at its start or after a space.
        return self.filter(
            models.Q(postcodes__startswith=digits) | models.Q(postcodes__contains=f" {digits}")
        )

    def in_departement(self, code: str) -> CommuneQuerySet:
        return self.filter(departement_id=code)
