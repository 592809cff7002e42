"""The API of territories (Caf, Département, PMI) and of providers' software, by token.

Every answer is scoped by the token: a territory token sees and updates its départements, a
provider's token only updates its own availability.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from maillage.api import territory_serializers as s
from maillage.api.base import NOT_FOUND, ApiViewMixin, drf_validation, parse_id
from maillage.api.permissions import (
    HasToken,
    TerritoryToken,
    WriteToken,
    can_update_childminder,
    can_update_nursery,
    scope_departements,
    token_of,
)
from maillage.api.schema import errors, id_parameter
from maillage.childcare.models import Childminder, Nursery
from maillage.families.enums import NeedStatus
from maillage.families.models import Need

TAG = "Territoires"
READ_ERRORS = errors(400, 401, 403, 429)
DEPARTEMENT_PARAM = OpenApiParameter(
    "departement",
    str,
    description="Code d'un département de votre jeton (par défaut : tous ceux du jeton).",
)


def _scope(request: Request) -> list[str]:
    codes = scope_departements(token_of(request))
    wanted = request.query_params.get("departement")
    if wanted is None:
        return codes
    if wanted not in codes:
        raise exceptions.PermissionDenied("Ce département n'est pas dans le périmètre du jeton.")
    return [wanted]


@extend_schema(
    tags=[TAG],
    summary="Besoins d'accueil du territoire",
    parameters=[
        DEPARTEMENT_PARAM,
        OpenApiParameter(
            "statut", str, enum=[c for c, _ in NeedStatus.choices if c != NeedStatus.DRAFT]
        ),
    ],
    responses={200: s.TerritoryNeedSerializer(many=True), **READ_ERRORS},
)
class TerritoryNeedList(ApiViewMixin, generics.ListAPIView):
    """Besoins déclarés dans les départements du jeton, sans nom ni coordonnées : commune,
    âge de l'enfant en mois, date de début, horaires, modes acceptés, statut."""

    serializer_class = s.TerritoryNeedSerializer
    permission_classes = [HasToken, TerritoryToken]

    def get_queryset(self) -> QuerySet[Need]:
        rows = Need.objects.filter(commune__departement__in=_scope(self.request)).exclude(
            status=NeedStatus.DRAFT
        )
        wanted = self.request.query_params.get("statut")
        if wanted is not None:
            if wanted not in NeedStatus.values or wanted == NeedStatus.DRAFT:
                raise exceptions.ValidationError({"statut": "Statut inconnu."})
            rows = rows.filter(status=wanted)
        return rows.select_related("commune").order_by("pk")


@extend_schema(
    tags=[TAG],
    summary="Assistantes maternelles du territoire",
    parameters=[DEPARTEMENT_PARAM],
    responses={200: s.ChildminderSerializer(many=True), **READ_ERRORS},
)
class TerritoryChildminderList(ApiViewMixin, generics.ListAPIView):
    """Agrément et places déclarées des assistantes maternelles (commune seulement)."""

    serializer_class = s.ChildminderSerializer
    permission_classes = [HasToken, TerritoryToken]

    def get_queryset(self) -> QuerySet[Childminder]:
        return (
            Childminder.objects.filter(
                commune__departement__in=_scope(self.request), user__is_active=True
            )
            .select_related("commune")
            .order_by("pk")
        )


@extend_schema(
    tags=[TAG],
    summary="Crèches du territoire",
    parameters=[DEPARTEMENT_PARAM],
    responses={200: s.NurserySerializer(many=True), **READ_ERRORS},
)
class TerritoryNurseryList(ApiViewMixin, generics.ListAPIView):
    """Crèches et places par section (autorisées, occupées, libres à partir du)."""

    serializer_class = s.NurserySerializer
    permission_classes = [HasToken, TerritoryToken]

    def get_queryset(self) -> QuerySet[Nursery]:
        return (
            Nursery.objects.filter(commune__departement__in=_scope(self.request))
            .select_related("commune")
            .prefetch_related("age_groups")
            .order_by("pk")
        )


class _ProviderUpdate(ApiViewMixin, APIView):
    permission_classes = [HasToken, WriteToken]

    def _provider(self, model: Any, pk: Any, allowed: Any) -> Any:
        row = get_object_or_404(model.objects.select_related("commune"), pk=parse_id(pk))
        token = token_of(self.request)
        if not allowed(token, row):
            # A token that does not cover the provider does not learn that it exists.
            scope = scope_departements(token)
            if token.is_provider_token or row.commune.departement_id not in scope:
                raise exceptions.NotFound(NOT_FOUND)
            raise exceptions.PermissionDenied("Ce jeton ne peut pas modifier ce mode d'accueil.")
        return row


@extend_schema(
    tags=[TAG],
    summary="Déclarer les places libres d'une assistante maternelle",
    parameters=[id_parameter(description="Identifiant de l'assistante maternelle")],
    request=s.AvailabilityInput,
    responses={200: s.ChildminderSerializer, **errors(400, 401, 403, 404, 429)},
)
class ChildminderAvailability(_ProviderUpdate):
    """Remplace les places déclarées (son propre jeton, ou un jeton de son territoire en
    écriture). Une date passée ou plus de places que l'agrément : 400."""

    def put(self, request: Request, pk: str) -> Response:
        from maillage.childcare.services.childminder import childminder_availability_update

        minder = self._provider(Childminder, pk, can_update_childminder)
        data = s.AvailabilityInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            minder = childminder_availability_update(
                childminder=minder, place_dates=data.validated_data["places"]
            )
        except DjangoValidationError as exc:
            raise drf_validation(exc) from exc
        return Response(s.ChildminderSerializer(minder).data)


@extend_schema(
    tags=[TAG],
    summary="Mettre à jour les places occupées d'une crèche",
    parameters=[id_parameter(description="Identifiant de la crèche")],
    request=s.NurseryPlacesInput,
    responses={200: s.NurserySerializer, **errors(400, 401, 403, 404, 429)},
)
class NurseryAvailability(_ProviderUpdate):
    """Places occupées et date de disponibilité de sections existantes (le jeton de la
    crèche, ou un jeton de son territoire en écriture)."""

    def put(self, request: Request, pk: str) -> Response:
        from maillage.childcare.services.nursery import nursery_sections_availability_update

        nursery = self._provider(Nursery, pk, can_update_nursery)
        data = s.NurseryPlacesInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            nursery = nursery_sections_availability_update(
                nursery=nursery, sections=data.validated_data["sections"]
            )
        except DjangoValidationError as exc:
            raise drf_validation(exc) from exc
        nursery = Nursery.objects.prefetch_related("age_groups").get(pk=nursery.pk)
        return Response(s.NurserySerializer(nursery).data, status=status.HTTP_200_OK)


@extend_schema(
    tags=[TAG],
    summary="Indicateurs protégés d'un département et de ses communes",
    parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH)],
    responses={200: s.TerritoryIndicatorsSerializer, **errors(401, 403, 404, 429)},
)
class TerritoryIndicators(ApiViewMixin, APIView):
    """Les indicateurs de l'observatoire tels qu'ils sont publiés : chaque effectif de
    personnes sous le seuil est « secret », avec les cases complémentaires."""

    permission_classes = [HasToken, TerritoryToken]

    def get(self, request: Request, code: str) -> Response:
        from maillage.observatory.services import computed_at, snapshots
        from maillage.observatory.views.common import commune_public, national_public
        from maillage.territory.models import Commune, Departement

        dep = Departement.objects.filter(code=code[:3]).first() if len(code) <= 3 else None
        if dep is None:
            raise exceptions.NotFound("Département inconnu.")
        if dep.code not in scope_departements(token_of(request)):
            raise exceptions.PermissionDenied(
                "Ce département n'est pas dans le périmètre du jeton."
            )
        communes = dict(
            Commune.objects.filter(departement=dep).order_by("code").values_list("code", "name")
        )
        raw_communes = snapshots("commune", list(communes))
        dep_values = snapshots("departement", [dep.code]).get(dep.code)
        body = {
            "computed_at": computed_at(),
            "departement": {
                "code": dep.code,
                "name": dep.name,
                "values": national_public(dep_values, dep.code),
            },
            "communes": [
                {
                    "code": c,
                    "name": name,
                    "values": commune_public(raw_communes.get(c), c, dep.code),
                }
                for c, name in communes.items()
            ],
        }
        return Response(s.TerritoryIndicatorsSerializer(body).data)
