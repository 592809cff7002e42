"""A crèche's staff: authorised posts, people in post (qualification and hours only), absences.

No name, no birth date, nothing but what the ratio and the vacancy count need: a professional is
"an auxiliaire de puériculture, 35 h, Monday to Friday, CDI since 2024".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

from maillage.jobs.enums import Qualification
from maillage.staffing.enums import AbsenceKind, ContractType
from maillage.staffing.querysets import StaffMemberQuerySet

FULL_TIME_HOURS = Decimal(35)


class StaffPost(models.Model):
    """Posts authorised for one qualification, in full-time equivalents (ETP)."""

    nursery = models.ForeignKey(
        "childcare.Nursery", on_delete=models.CASCADE, related_name="staff_posts"
    )
    qualification = models.CharField("diplôme", max_length=32, choices=Qualification.choices)
    authorised_fte = models.DecimalField(
        "postes autorisés (ETP)",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(500))],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "poste autorisé"
        verbose_name_plural = "postes autorisés"
        constraints = [
            models.UniqueConstraint(
                fields=["nursery", "qualification"], name="one_post_line_per_qualification"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_qualification_display()} : {self.authorised_fte} ETP"


class StaffMember(models.Model):
    """One professional in post, described only by qualification, hours and contract."""

    nursery = models.ForeignKey(
        "childcare.Nursery", on_delete=models.CASCADE, related_name="staff_members"
    )
    qualification = models.CharField("diplôme", max_length=32, choices=Qualification.choices)
    weekly_hours = models.DecimalField(
        "heures par semaine",
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(1)), MaxValueValidator(Decimal(48))],
    )
    # Seven '0'/'1' characters, Monday first: the days she works.
    working_days = models.CharField(
        "jours travaillés",
        max_length=7,
        default="1111100",
        validators=[RegexValidator(r"^[01]{7}$")],
    )
    contract_type = models.CharField("contrat", max_length=12, choices=ContractType.choices)
    start_date = models.DateField("en poste depuis le")
    end_date = models.DateField("jusqu'au", null=True, blank=True)
    # A short internal label chosen by the manager ("AP 1"), never a name.
    label = models.CharField("repère interne", max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StaffMemberQuerySet.as_manager()

    class Meta:
        verbose_name = "professionnel en poste"
        verbose_name_plural = "professionnels en poste"
        ordering = ["qualification", "start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="staff_member_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_qualification_display()} — {self.weekly_hours} h"

    @property
    def fte(self) -> Decimal:
        return (self.weekly_hours / FULL_TIME_HOURS).quantize(Decimal("0.01"))

    def works_on(self, day: dt.date) -> bool:
        if day < self.start_date or (self.end_date is not None and day > self.end_date):
            return False
        return self.working_days[day.weekday()] == "1"


class StaffAbsence(models.Model):
    member = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="absences")
    start_date = models.DateField("du")
    end_date = models.DateField("au")
    kind = models.CharField("motif", max_length=12, choices=AbsenceKind.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "absence"
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="absence_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} du {self.start_date:%d/%m/%Y} au {self.end_date:%d/%m/%Y}"
        )


class NurseryOccupancy(models.Model):
    """One month of a crèche's activity: hours offered and hours billed to families (the CNAF
    occupancy rate is billed over offered)."""

    nursery = models.ForeignKey(
        "childcare.Nursery", on_delete=models.CASCADE, related_name="occupancy_months"
    )
    month = models.DateField("mois (premier jour)")
    hours_offered = models.PositiveIntegerField("heures offertes")
    hours_billed = models.PositiveIntegerField("heures facturées")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "activité mensuelle"
        verbose_name_plural = "activités mensuelles"
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["nursery", "month"], name="one_occupancy_per_month"),
            models.CheckConstraint(
                condition=models.Q(hours_billed__lte=models.F("hours_offered")),
                name="billed_within_offered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} : {self.rate} %"

    @property
    def rate(self) -> float:
        return round(100 * self.hours_billed / self.hours_offered, 1) if self.hours_offered else 0.0
