"""Training seats are counted: ``seats_taken`` backfilled from the enrolled paths."""

from django.db import migrations, models


def backfill_seats_taken(apps, schema_editor):
    """Seats held = paths of the training still active or completed (drop-outs freed theirs)."""
    TrainingOffer = apps.get_model("jobs", "TrainingOffer")
    CandidatePath = apps.get_model("jobs", "CandidatePath")
    rows = (
        CandidatePath.objects.filter(training__isnull=False, status__in=["active", "completed"])
        .values("training_id")
        .annotate(n=models.Count("id"))
    )
    for row in rows:
        training = TrainingOffer.objects.get(pk=row["training_id"])
        # Trainings already over-booked before this fix are capped (the constraint follows).
        training.seats_taken = min(row["n"], training.seats)
        training.save(update_fields=["seats_taken"])


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0002_substitute_ratio_mode"),
    ]

    operations = [
        migrations.AddField(
            model_name="trainingoffer",
            name="seats_taken",
            field=models.PositiveSmallIntegerField(
                default=0, editable=False, verbose_name="places prises"
            ),
        ),
        migrations.RunPython(backfill_seats_taken, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="trainingoffer",
            constraint=models.CheckConstraint(
                condition=models.Q(("seats_taken__lte", models.F("seats"))),
                name="training_not_overbooked",
            ),
        ),
    ]
