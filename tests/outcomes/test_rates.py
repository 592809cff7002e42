"""Return-to-work and job-retention rates on hand-checked data; small cells masked."""

import pytest

from maillage.outcomes.rates import rates_from_situations
from maillage.outcomes.services import outcome_rates
from tests.outcomes.factories import follow_up_with, served_need
from tests.territory.factories import CommuneFactory

E, T, S, N = "employed", "training", "job_seeking", "inactive"

# F1 keeps her job; F2 finds one then loses it; F3 trains, is hired, then has nothing at 6
# months; F4 is still looking at 1 month and does not answer after.
FOUR = {
    1: {"m1": E, "m3": E, "m6": E},
    2: {"m1": E, "m3": S, "m6": S},
    3: {"m1": T, "m3": E, "m6": N},
    4: {"m1": S},
}


def test_formulas_on_four_parents_including_jobs_lost_at_six_months():
    back, kept = rates_from_situations(FOUR, threshold=1)
    assert (back["m1"].numerator, back["m1"].answers, back["m1"].value) == (3, 4, 0.75)
    assert (back["m3"].numerator, back["m3"].answers) == (2, 3)
    assert (back["m6"].numerator, back["m6"].answers) == (1, 3)
    # In a job at 1 or 3 months and answered at 6: F1, F2, F3; still in a job: F1 only.
    assert (kept.numerator, kept.answers) == (1, 3)
    assert kept.percent == 33


def test_training_counts_for_return_to_work_but_not_for_job_retention():
    back, kept = rates_from_situations({1: {"m1": T, "m6": T}}, threshold=1)
    assert back["m6"].value == 1.0
    assert kept.answers == 0 and kept.value is None  # never in a job: not in the denominator


def test_small_cells_are_masked_with_a_french_note():
    back, kept = rates_from_situations(FOUR, threshold=11)
    assert back["m1"].value is None and back["m1"].numerator is None
    assert back["m1"].answers is None
    assert "effectif trop faible" in back["m1"].note


@pytest.mark.django_db
def test_rates_by_commune_and_mode_from_the_database():
    saint_denis = CommuneFactory(saint_denis=True)
    montreuil = CommuneFactory(montreuil=True)
    for situations in FOUR.values():
        follow_up_with(situations, need=served_need(commune=saint_denis), mode="nursery")
    follow_up_with({"m1": E}, need=served_need(commune=montreuil), mode="childminder")
    rows = outcome_rates(by="commune", threshold=1)
    assert [r.label for r in rows] == ["Montreuil", "Saint-Denis", "Ensemble"]
    assert rows[1].return_to_work["m1"].value == 0.75
    assert rows[1].retention_6m.value == pytest.approx(1 / 3)
    assert rows[2].return_to_work["m1"].answers == 5
    by_mode = {r.key: r for r in outcome_rates(by="mode", threshold=1)}
    assert by_mode["childminder"].label.startswith("Assistant(e) maternel(le)")
    assert by_mode["nursery"].return_to_work["m6"].numerator == 1
    only_montreuil = outcome_rates(communes=[montreuil], by="departement", threshold=1)
    assert only_montreuil[0].label == "Seine-Saint-Denis (93)"
    assert only_montreuil[0].return_to_work["m1"].answers == 1


@pytest.mark.django_db
def test_default_threshold_masks_ten_answers_and_shows_eleven(settings):
    settings.MAILLAGE_SMALL_CELL_THRESHOLD = 11
    commune = CommuneFactory(saint_denis=True)
    for _ in range(10):
        follow_up_with({"m1": E}, need=served_need(commune=commune))
    assert outcome_rates(by="commune")[0].return_to_work["m1"].value is None
    follow_up_with({"m1": S}, need=served_need(commune=commune))
    rate = outcome_rates(by="commune")[0].return_to_work["m1"]
    assert (rate.numerator, rate.answers, rate.percent) == (10, 11, 91)
