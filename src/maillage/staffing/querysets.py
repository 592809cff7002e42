from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.db.models import Q


class StaffMemberQuerySet(models.QuerySet[Any]):
    def in_post_on(self, day: dt.date) -> StaffMemberQuerySet:
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=day), start_date__lte=day)

    def in_post_during(self, first: dt.date, last: dt.date) -> StaffMemberQuerySet:
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=first), start_date__lte=last)
