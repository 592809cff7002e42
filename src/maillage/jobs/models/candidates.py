"""A job seeker's candidate profile: what she holds, where and when she can work."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from maillage.core.schedule import WeeklyScheduleField
from maillage.jobs.enums import Qualification, Transport


class CandidateProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="candidate_profile"
    )
    # The France Travail counsellor who follows her (optional).
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followed_candidates",
        verbose_name="conseiller(ère)",
    )
    commune = models.ForeignKey("territory.Commune", on_delete=models.PROTECT, related_name="+")
    latitude = models.FloatField()
    longitude = models.FloatField()
    max_distance_km = models.PositiveSmallIntegerField(
        "distance maximale (km)",
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
    )
    transport = models.CharField(
        "moyen de transport", max_length=10, choices=Transport.choices, default=Transport.PUBLIC
    )
    availability = WeeklyScheduleField("heures où je peux travailler")
    accepts_atypical_hours = models.BooleanField(
        "accepte les horaires atypiques (tôt, tard, week-end)", default=False
    )
    available_from = models.DateField("disponible à partir du", null=True, blank=True)
    # Qualification codes held (values of Qualification).
    qualifications = models.JSONField("diplômes obtenus", default=list, blank=True)
    experience_years = models.PositiveSmallIntegerField(
        "années d'expérience auprès d'enfants", default=0
    )
    experience_summary = models.TextField("expérience", blank=True)
    desired_jobs = models.ManyToManyField(
        "jobs.RomeJob", blank=True, related_name="candidates", verbose_name="métiers recherchés"
    )
    substitute_pool_consent = models.BooleanField(
        "j'accepte de faire partie du vivier de remplaçants", default=False
    )
    substitute_pool_consent_at = models.DateTimeField(null=True, blank=True)
    # The other lock: she needs childcare for her own child to train or work.
    needs_childcare = models.BooleanField(
        "j'ai besoin d'un mode d'accueil pour mon enfant", default=False
    )
    childcare_need = models.ForeignKey(
        "families.Need",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="mon besoin d'accueil",
    )
    visible_to_employers = models.BooleanField(
        "les employeurs peuvent voir mon profil", default=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "profil candidat"
        verbose_name_plural = "profils candidats"
        indexes = [models.Index(fields=["substitute_pool_consent"])]

    def __str__(self) -> str:
        return f"Candidat(e) {self.user}"

    @property
    def qualification_labels(self) -> list[str]:
        return [Qualification(q).label for q in self.qualifications if q in Qualification.values]
