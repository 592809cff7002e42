"""What the territory API shows and accepts: no names of families or children, no addresses."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from rest_framework import serializers

from maillage.childcare.models import Childminder, Nursery, NurseryAgeGroup
from maillage.families.models import Need


def _age_months(birth: dt.date, today: dt.date) -> int:
    return (today.year - birth.year) * 12 + today.month - birth.month - (today.day < birth.day)


class TerritoryNeedSerializer(serializers.ModelSerializer):
    commune = serializers.CharField(source="commune_id")
    commune_name = serializers.CharField(source="commune.name")
    departement = serializers.CharField(source="commune.departement_id")
    status_label = serializers.CharField(source="get_status_display")
    child_age_months = serializers.SerializerMethodField()
    weekly_hours = serializers.SerializerMethodField()
    max_distance_km = serializers.DecimalField(max_digits=4, decimal_places=1, read_only=True)

    class Meta:
        model = Need
        fields = [
            "id",
            "status",
            "status_label",
            "commune",
            "commune_name",
            "departement",
            "child_age_months",
            "start_date",
            "max_distance_km",
            "accepts_childminder",
            "accepts_mam",
            "accepts_nursery",
            "weekly_hours",
            "created_at",
        ]

    def get_child_age_months(self, need: Need) -> int:
        return _age_months(need.child_birth_date, timezone.localdate())

    def get_weekly_hours(self, need: Need) -> float:
        return need.schedule.count("1") / 2


class ChildminderSerializer(serializers.ModelSerializer):
    """A childminder's availability (no name, no address: the commune only)."""

    commune = serializers.CharField(source="commune_id")
    departement = serializers.CharField(source="commune.departement_id")
    free_places = serializers.ListField(
        child=serializers.DateField(allow_null=True),
        help_text="Une entrée par place déclarée : libre à partir de cette date, ou null.",
    )

    class Meta:
        model = Childminder
        fields = [
            "id",
            "commune",
            "departement",
            "agrement_capacity",
            "agrement_valid_until",
            "available_from",
            "free_places",
            "availability_updated_at",
        ]


class SectionSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")

    class Meta:
        model = NurseryAgeGroup
        fields = [
            "id",
            "kind",
            "kind_label",
            "min_age_months",
            "max_age_months",
            "places",
            "places_taken",
            "free_from",
        ]


class NurserySerializer(serializers.ModelSerializer):
    commune = serializers.CharField(source="commune_id")
    departement = serializers.CharField(source="commune.departement_id")
    sections = SectionSerializer(source="age_groups", many=True)

    class Meta:
        model = Nursery
        fields = [
            "id",
            "name",
            "kind",
            "commune",
            "departement",
            "is_avip",
            "psu_funded",
            "availability_updated_at",
            "sections",
        ]


class AvailabilityInput(serializers.Serializer):
    places = serializers.ListField(
        child=serializers.DateField(allow_null=True),
        max_length=6,
        help_text=(
            "Une entrée par place d'agrément : la date à partir de laquelle elle est libre "
            "(AAAA-MM-JJ), ou null si elle n'est pas libre. Liste vide : aucune place libre."
        ),
    )


class SectionInput(serializers.Serializer):
    id = serializers.IntegerField(min_value=1, max_value=2_147_483_647)
    places_taken = serializers.IntegerField(min_value=0, max_value=1000)
    free_from = serializers.DateField(allow_null=True, required=False)


class NurseryPlacesInput(serializers.Serializer):
    sections = SectionInput(many=True, allow_empty=False, max_length=50)


class IndicatorsSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    values = serializers.DictField(
        help_text=(
            "Indicateurs publiés : un nombre, null, ou « secret » quand un effectif de "
            "personnes est masqué (secret statistique)."
        )
    )


class TerritoryIndicatorsSerializer(serializers.Serializer):
    computed_at = serializers.DateTimeField(allow_null=True)
    departement = IndicatorsSerializer()
    communes = IndicatorsSerializer(many=True)
