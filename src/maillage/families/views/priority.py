"""The priority grid explained to a family, in plain French (the one grid of its territory)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from maillage.accounts.perms import role_required
from maillage.childcare.cotation import family_priority
from maillage.childcare.policy import get_policy
from maillage.families.views.common import need_crumbs, needs_for
from maillage.families.views.parent import FAMILY_ROLES


@role_required(*FAMILY_ROLES)
@require_GET
def need_priorities(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_object_or_404(needs_for(request).select_related("commune__departement"), pk=pk)
    return render(
        request,
        "families/need_priorities.html",
        {
            "need": need,
            "priority": family_priority(need),
            "avip_min_percent": int(get_policy().avip_min_share * 100),
            **need_crumbs(request.user),
        },
    )
