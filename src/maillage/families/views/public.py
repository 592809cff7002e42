"""Public search (no account) and its way into a parent's need: « Demander une mise en
relation » keeps the search in the session through sign-up, then pre-fills the need form."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from maillage import matching as engine
from maillage.accounts.perms import role_required
from maillage.core.page_cache import cached_page, keep_page, page_cacheable
from maillage.families import engine_adapter as adapter
from maillage.families import public_search as ps
from maillage.families.cost.estimate import Household
from maillage.families.cost.services import household_of, option_estimates
from maillage.families.forms_public import DetailScheduleForm, PublicSearchForm
from maillage.families.public_cards import option_cards_html
from maillage.families.public_form import search_fields_html
from maillage.families.public_relax import public_relaxations
from maillage.families.results_rows import km_text
from maillage.families.views.common import hours_label
from maillage.families.views.dead_ends import occasional_links
from maillage.families.views.parent import PARENT_ROLES
from maillage.territory.models import Commune

RATE_MESSAGE = (
    "Vous avez lancé beaucoup de recherches en peu de temps. Patientez une minute avant "
    "de recommencer, ou créez un compte pour enregistrer votre besoin."
)
PROVIDER_KEY = "families_public_search_provider"
# « Prévenez-moi » asked in the public search: the alert is subscribed once the need exists.
ALERT_KEY = "families_public_search_alert"
# The providers' public pages (`urls_public`), formatted without a reverse() per option.
PAGE_PATHS = {
    adapter.CHILDMINDER_PREFIX: "/recherche/assistante-maternelle/{pk}/",
    adapter.NURSERY_PREFIX: "/recherche/creche/{pk}/",
}


def _public_option(option: adapter.OptionView, commune_code: str) -> dict[str, object]:
    """What an anonymous visitor sees of an option: the label the provider chose, the
    commune, the approximate distance and the engine's explanation; never an address."""
    info = option.info
    prefix, pk = adapter.parse_provider_key(option.key) or ("", 0)
    page = PAGE_PATHS[prefix].format(pk=pk)
    return {
        "key": option.key,
        "label": info.label,
        "kind": info.kind_label,
        "commune": info.commune_name,
        "distance": km_text(option.distance_km),
        "explanation": option.explanation_fr,
        "stale": bool(info.penalty),
        "page_url": f"{page}?depuis={commune_code}",
    }


MAP_KINDS = {
    engine.CareMode.CHILDMINDER: "childminder",
    engine.CareMode.CHILDMINDERS_HOUSE: "childminders_house",
    engine.CareMode.NURSERY: "nursery",
}


def _map_points(options: list[adapter.OptionView]) -> list[dict[str, object]]:
    return [
        {**point, "kind": MAP_KINDS[option.info.kind]}
        for point, option in zip(adapter.map_points(options), options, strict=True)
    ]


_EMPTY_PICKER: dict[str, str] = {}
# Asks for the day-by-day picker written in the page (without JavaScript).
DETAIL_PARAM = "jour_par_jour"


def _empty_picker() -> str:
    if "html" not in _EMPTY_PICKER:
        _EMPTY_PICKER["html"] = render_to_string(
            "core/_schedule_picker.html",
            {"picker": DetailScheduleForm(), "picker_id": "horaires-detail"},
        )
    return _EMPTY_PICKER["html"]


def _detail_picker(form: PublicSearchForm, request: HttpRequest) -> str | None:
    """The day-by-day picker (28 selects, 63 KB: more than the rest of the page) when the
    visitor used it or asked for it; otherwise None, and the page loads it when its
    « Horaires différents selon les jours » is opened (`public_search_detail_picker`)."""
    if form.detail is not None:
        return render_to_string(
            "core/_schedule_picker.html", {"picker": form.detail, "picker_id": "horaires-detail"}
        )
    if request.GET.get(DETAIL_PARAM) == "1":
        return _empty_picker()
    return None


def _detail_query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query[DETAIL_PARAM] = "1"
    return query.urlencode()


@transaction.non_atomic_requests
@require_GET
@cache_control(public=True, max_age=86400)
def public_search_detail_picker(request: HttpRequest) -> HttpResponse:
    """The empty day-by-day picker, loaded into the search form when it is opened."""
    return HttpResponse(_empty_picker())


# Read-only pages: no request-wide transaction (on SQLite it would take the write lock for
# the whole request and serialise every visitor); the rate limit's cache write commits alone.
@transaction.non_atomic_requests
@require_GET
def public_search(request: HttpRequest) -> HttpResponse:
    searched = "commune" in request.GET
    form = PublicSearchForm(request.GET if searched else None)
    context: dict[str, object] = {"form": form, "searched": searched}
    if searched and ps.rate_limited(request):
        context["rate_message"] = RATE_MESSAGE
        context["detail_picker"] = _detail_picker(form, request)
        return _render(request, context, status=429)
    valid = searched and form.is_valid()
    if valid:
        criteria = form.criteria()
        household = household_of(request)
        index = ps.search_index(criteria)
        # The same search gives the same page until the providers' index moves (its version
        # carries the day) or the visitor gave her resources for the cost.
        version = None if household.known else index.version
        if version is not None and page_cacheable(request):
            found = cached_page(request, version)
            if found is not None:
                return found
        response = _search_page(request, form, criteria, household, index)
        if version is not None and page_cacheable(request):
            keep_page(request, version, response)
        return response
    context["detail_picker"] = _detail_picker(form, request)
    return _render(request, context)


def _search_page(
    request: HttpRequest,
    form: PublicSearchForm,
    criteria: ps.SearchCriteria,
    household: Household,
    index: adapter.ProviderIndex,
) -> HttpResponse:
    context: dict[str, object] = {
        "form": form,
        "searched": True,
        "detail_picker": _detail_picker(form, request),
    }
    view = ps.search_options(criteria, index=index)
    code = criteria.commune.code
    options = [_public_option(o, code) for o in view.options]
    # The estimated monthly cost of each option: a range without resources.
    estimates = option_estimates(
        [o.key for o in view.options],
        schedule=criteria.schedule,
        household=household,
        on=criteria.start,
        infos=index.info,
    )
    context.update(
        {
            "criteria": criteria,
            "view": view,
            "options": options,
            "option_cards": option_cards_html(options, estimates),
            "cost_estimates": estimates,
            "map_points": _map_points(view.options),
            "contours_url": reverse("search:contours")
            + "?"
            + urlencode({"commune": code, "km": f"{criteria.max_km:g}"}),
            "tile_url": settings.MAILLAGE_MAP_TILE_URL,
            "tile_attribution": settings.MAILLAGE_MAP_TILE_ATTRIBUTION,
            "hours": hours_label(criteria.schedule),
            "query": request.GET.urlencode(),
        }
    )
    if len(view.options) < adapter.FEW_OPTIONS:
        # No dead end: one-click relaxations with their counts, occasional care, the
        # RPE and the alert (after sign-up), as on a parent's results page.
        context["few_options"] = True
        context["relax_choices"] = public_relaxations(
            criteria, request.GET, departements=ps.departements_for(criteria)
        )
        context["occasional_links"] = occasional_links(criteria.commune.name)
    return _render(request, context)


def _render(request: HttpRequest, context: dict[str, object], status: int = 200) -> HttpResponse:
    context["fields"] = search_fields_html(context["form"])
    context["detail_query"] = _detail_query(request)
    return render(request, "families/public/search.html", context, status=status)


@transaction.non_atomic_requests
@require_GET
@cache_control(public=True, max_age=3600)
def public_search_contours(request: HttpRequest) -> HttpResponse:
    """The offline map base: the contours of the communes around the searched one."""
    commune = get_object_or_404(Commune, code=request.GET.get("commune", ""))
    try:
        km = float(request.GET.get("km", "5"))
    except ValueError:
        km = 5.0
    return HttpResponse(ps.contours_geojson(commune, km), content_type="application/geo+json")


@require_http_methods(["GET", "POST"])
def public_search_request(request: HttpRequest) -> HttpResponse:
    """« Demander une mise en relation »: keep the search (and the chosen provider), then
    sign up or log in, then the need form, pre-filled.

    The results page asks it with GET: it only keeps the search in the visitor's session, so
    the anonymous page needs no CSRF token — which cost a new secret (32 system random
    draws) and a cookie at every first visit, and kept the page from being shared."""
    data = request.POST if request.method == "POST" else request.GET
    query = QueryDict(data.get("recherche", ""))
    form = PublicSearchForm(query)
    if not form.is_valid():
        messages.error(request, "La recherche n'est plus valable : relancez-la.")
        return redirect("search:public_search")
    key = data.get("prestataire", "")
    ps.remember_search(
        request,
        form.criteria(),
        key if adapter.parse_provider_key(key) else "",
        alert=data.get("alerte") == "1",
    )
    resume = reverse("search:resume")
    if request.user.is_authenticated:
        return redirect(resume)
    messages.info(
        request,
        "Votre recherche est gardée : créez votre compte (ou connectez-vous), elle "
        "pré-remplira votre besoin d'accueil.",
    )
    return redirect(
        reverse("accounts:signup") + "?" + urlencode({"role": "parent", "next": resume})
    )


@role_required(*PARENT_ROLES)
@require_GET
def public_search_resume(request: HttpRequest) -> HttpResponse:
    """After sign-up and login: the kept search becomes the need form's draft."""
    from maillage.families.views.wizard import _session_key

    data = ps.remembered_search(request)
    if data is None:
        return redirect("families:need_new")
    request.session[_session_key("parent")] = ps.draft_from_search(data)
    if data.get("provider"):
        request.session[PROVIDER_KEY] = data["provider"]
    if data.get("alert"):
        request.session[ALERT_KEY] = True
    request.session.pop(ps.SESSION_KEY, None)
    messages.info(
        request,
        "Votre recherche a pré-rempli votre besoin : vérifiez chaque étape, puis donnez "
        "votre accord pour lancer la recherche.",
    )
    return redirect("families:need_new_step", step="enfant")


def chosen_provider_after_need(request: HttpRequest) -> str:
    """The provider chosen in the public search, once (used when the need is created)."""
    return str(request.session.pop(PROVIDER_KEY, "") or "")


def alert_asked_before_need(request: HttpRequest) -> bool:
    """Whether the visitor asked, in the public search, to be told of a place (once)."""
    return bool(request.session.pop(ALERT_KEY, False))
