"""Read-only API; every object comes through the same scoped querysets as the web pages."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions

from maillage.api.serializers import CommuneSerializer, NeedSerializer
from maillage.families.models import Need
from maillage.territory.models import Commune


@extend_schema(
    parameters=[
        OpenApiParameter("q", str, description="Nom (sans accents ni majuscules) ou code postal"),
    ]
)
class CommuneSearch(generics.ListAPIView):
    """Communes matching a name or a postcode, most populated first (public)."""

    serializer_class = CommuneSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None

    def get_queryset(self) -> QuerySet[Commune]:
        term = self.request.query_params.get("q", "")[:100]
        return Commune.objects.search(term).select_related("departement", "region")[:20]


class CommuneDetail(generics.RetrieveAPIView):
    serializer_class = CommuneSerializer
    permission_classes = [permissions.AllowAny]
    queryset = Commune.objects.all()
    lookup_field = "code"


class NeedList(generics.ListAPIView):
    """The needs the signed-in user may see: her own, or her territories' for a counsellor."""

    serializer_class = NeedSerializer

    def get_queryset(self) -> QuerySet[Need]:
        return (
            Need.objects.for_user(self.request.user)
            .select_related("commune")
            .order_by("-created_at", "pk")
        )


class NeedDetail(generics.RetrieveAPIView):
    serializer_class = NeedSerializer

    def get_queryset(self) -> QuerySet[Need]:
        return Need.objects.for_user(self.request.user).select_related("commune")
