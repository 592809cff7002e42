"""What the commission page shows: one crèche at a time, filtered, paginated.

A commission of 2,000 families used to be one 1.5 MB page with 959 forms and the validation
button at the bottom. The page now shows the selected crèche's families 25 at a time, filtered
(all, placed by the engine, not placed, changed by hand), with the counts of every crèche in
the tabs and the decision counts in a bar that stays on screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q

from maillage.childcare.commission_candidates import age_label, points_explained
from maillage.childcare.enums import ProposalDecision
from maillage.childcare.models import Commission, CommissionProposal

PAGE_SIZE = 25
FILTERS: dict[str, str] = {
    "tous": "Toutes les familles",
    "placees": "Placées par le moteur",
    "non-placees": "Non placées",
    "modifiees": "Modifiées à la main",
}
HOLDING = (ProposalDecision.PROPOSED, ProposalDecision.ACCEPTED)


def _filtered(rows: Any, key: str) -> Any:
    if key == "placees":
        return rows.filter(placed_by_engine=True)
    if key == "non-placees":
        return rows.filter(placed_by_engine=False)
    if key == "modifiees":
        return rows.filter(adjusted_by_manager=True)
    return rows


@dataclass
class PageView:
    """The selected crèche, its tab counts, and the page of its rows."""

    nursery: Any
    filter_key: str
    tabs: list[dict[str, Any]]
    filters: list[dict[str, Any]]
    sections: list[dict[str, Any]]
    page: Page[Any]
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def query(self) -> str:
        """The query string that brings back this very view (kept by the row forms)."""
        return f"creche={self.nursery.pk}&filtre={self.filter_key}&page={self.page.number}"


def decision_counts(commission: Commission) -> dict[str, int]:
    counts = dict(commission.proposals.values_list("decision").annotate(n=Count("pk")).order_by())
    return {value: counts.get(value, 0) for value in ProposalDecision.values}


def page_view(
    commission: Commission, *, nursery_id: int | None, filter_key: str, page_number: Any
) -> PageView | None:
    nurseries = list(commission.nurseries.order_by("name", "pk").prefetch_related("age_groups"))
    if not nurseries:
        return None
    by_id = {n.pk: n for n in nurseries}
    nursery = by_id.get(nursery_id or 0, nurseries[0])
    filter_key = filter_key if filter_key in FILTERS else "tous"
    per_nursery = {
        row["nursery_id"]: row
        for row in commission.proposals.values("nursery_id")
        .annotate(
            total=Count("pk"),
            placed=Count("pk", filter=Q(placed_by_engine=True)),
            held=Count("pk", filter=Q(decision__in=HOLDING)),
        )
        .order_by()
    }
    tabs = [
        {
            "nursery": n,
            "total": per_nursery.get(n.pk, {}).get("total", 0),
            "placed": per_nursery.get(n.pk, {}).get("placed", 0),
            "current": n.pk == nursery.pk,
        }
        for n in nurseries
    ]
    mine = commission.proposals.filter(nursery=nursery)
    filter_counts = {
        "tous": mine.count(),
        "placees": mine.filter(placed_by_engine=True).count(),
        "non-placees": mine.filter(placed_by_engine=False).count(),
        "modifiees": mine.filter(adjusted_by_manager=True).count(),
    }
    filters = [
        {"key": key, "label": label, "count": filter_counts[key], "current": key == filter_key}
        for key, label in FILTERS.items()
    ]
    held_by_group = dict(
        mine.filter(decision__in=HOLDING, age_group__isnull=False)
        .values_list("age_group_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    sections = []
    for group in nursery.age_groups.all():
        held = held_by_group.get(group.pk, 0)
        sections.append(
            {
                "group": group,
                "free": group.places_free,
                "held": held,
                "over": held > group.places_free,
            }
        )
    rows_qs = (
        _filtered(mine, filter_key)
        .select_related("need__commune", "decided_by", "contact_request")
        .order_by("rank", "pk")
    )
    page = Paginator(rows_qs, PAGE_SIZE).get_page(page_number)
    view = PageView(nursery, filter_key, tabs, filters, sections, page)
    last_rank = mine.count()
    view.rows = [
        {
            "p": p,
            "points": points_explained(p),
            "age": age_label(p.child_age_months),
            "first": p.rank <= 1,
            "last": p.rank >= last_rank,
        }
        for p in page.object_list
    ]
    return view


def all_rows(commission: Commission) -> list[CommissionProposal]:
    """Every proposal, for the export and the printable version."""
    return list(
        commission.proposals.select_related(
            "need__commune", "nursery", "age_group", "decided_by", "contact_request"
        ).order_by("nursery__name", "nursery_id", "rank", "pk")
    )
