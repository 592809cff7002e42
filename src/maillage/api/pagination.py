"""Pagination that answers 400 to a bad `limit` or `offset` instead of guessing or failing.

DRF's LimitOffsetPagination reads `offset=null` as 0 and passes a huge offset to the database
(PostgreSQL refuses one beyond a bigint: a 500). Here each parameter, when given, must be a
whole number in range, or the client gets a French 400 naming it.
"""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

MAX_OFFSET = 10_000_000


class StrictLimitOffsetPagination(LimitOffsetPagination):
    max_limit = 500

    def _whole(self, request: Any, name: str, low: int, high: int) -> int | None:
        raw = request.query_params.get(name)
        if raw is None:
            return None
        if not raw.isdigit() or not low <= int(raw) <= high:
            raise ValidationError(
                {name: f"« {name} » doit être un nombre entier entre {low} et {high}."}
            )
        return int(raw)

    def get_limit(self, request: Any) -> int | None:
        value = self._whole(request, self.limit_query_param, 1, self.max_limit)
        return self.default_limit if value is None else value

    def get_offset(self, request: Any) -> int:
        value = self._whole(request, self.offset_query_param, 0, MAX_OFFSET)
        return 0 if value is None else value
