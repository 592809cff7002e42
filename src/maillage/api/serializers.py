from __future__ import annotations

from rest_framework import serializers

from maillage.families.models import Need
from maillage.territory.models import Commune


class CommuneSerializer(serializers.ModelSerializer):
    departement = serializers.CharField(source="departement_id")
    region = serializers.CharField(source="region_id")

    class Meta:
        model = Commune
        fields = [
            "code",
            "name",
            "departement",
            "region",
            "population",
            "postcodes",
            "latitude",
            "longitude",
            "children_under_3",
        ]


class NeedSerializer(serializers.ModelSerializer):
    """A need as its parent or her counsellor sees it; no contact data, no child's name."""

    commune = serializers.CharField(source="commune_id")
    commune_name = serializers.CharField(source="commune.name")
    status_label = serializers.CharField(source="get_status_display")
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
            "start_date",
            "max_distance_km",
            "accepts_childminder",
            "accepts_mam",
            "accepts_nursery",
            "weekly_hours",
            "created_at",
        ]

    def get_weekly_hours(self, need: Need) -> float:
        return need.schedule.count("1") / 2
