"""Read API of signed-in people (session) and public communes; every object comes through the
same scoped querysets as the web pages. The territories' token API is in territory_views."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions

from maillage.api.authentication import ApiClient
from maillage.api.base import ApiViewMixin, parse_id
from maillage.api.schema import errors, id_parameter
from maillage.api.serializers import CommuneSerializer, NeedSerializer
from maillage.families.models import Need
from maillage.territory.models import Commune


class SignedInPerson(permissions.BasePermission):
    """A person signed in on the site (a token has its own addresses under /api/territoire/)."""

    message = (
        "Adresse réservée aux personnes connectées ; un organisme utilise "
        "/api/territoire/besoins/ avec son jeton."
    )

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated) and not isinstance(user, ApiClient)


@extend_schema(
    tags=["Communes"],
    parameters=[
        OpenApiParameter("q", str, description="Nom (sans accents ni majuscules) ou code postal"),
    ],
    responses={200: CommuneSerializer(many=True), **errors(401, 429)},
)
class CommuneSearch(ApiViewMixin, generics.ListAPIView):
    """Communes matching a name or a postcode, most populated first (public)."""

    serializer_class = CommuneSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None

    def get_queryset(self) -> QuerySet[Commune]:
        term = self.request.query_params.get("q", "")[:100]
        return Commune.objects.search(term).select_related("departement", "region")[:20]


@extend_schema(tags=["Communes"], responses={200: CommuneSerializer, **errors(401, 404, 429)})
class CommuneDetail(ApiViewMixin, generics.RetrieveAPIView):
    serializer_class = CommuneSerializer
    permission_classes = [permissions.AllowAny]
    queryset = Commune.objects.all()
    lookup_field = "code"


@extend_schema(
    tags=["Besoins (compte connecté)"],
    responses={200: NeedSerializer(many=True), **errors(400, 401, 403, 429)},
)
class NeedList(ApiViewMixin, generics.ListAPIView):
    """The needs the signed-in user may see: her own, or her territories' for a counsellor."""

    serializer_class = NeedSerializer
    permission_classes = [SignedInPerson]

    def get_queryset(self) -> QuerySet[Need]:
        return (
            Need.objects.for_user(self.request.user)
            .select_related("commune")
            .order_by("-created_at", "pk")
        )


@extend_schema(
    tags=["Besoins (compte connecté)"],
    parameters=[id_parameter(description="Identifiant du besoin")],
    responses={200: NeedSerializer, **errors(401, 403, 404, 429)},
)
class NeedDetail(ApiViewMixin, generics.RetrieveAPIView):
    serializer_class = NeedSerializer
    permission_classes = [SignedInPerson]

    def get_object(self) -> Need:
        rows = Need.objects.for_user(self.request.user).select_related("commune")
        return get_object_or_404(rows, pk=parse_id(self.kwargs["pk"]))
