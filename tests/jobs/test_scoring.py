from datetime import date

from maillage.core.schedule import week_from_ranges
from maillage.jobs.enums import Qualification as Q
from maillage.jobs.scoring import (
    CandidateFacts,
    OpportunityFacts,
    haversine_km,
    holds,
    rank,
    schedule_overlap,
    score,
)

TODAY = date(2026, 3, 2)
SAINT_DENIS = (48.93, 2.36)
MONTREUIL = (48.86, 2.44)
DAYTIME = week_from_ranges({d: [("08:00", "18:00")] for d in range(5)})
MORNINGS = week_from_ranges({d: [("08:00", "13:00")] for d in range(5)})


def candidate(**kw):
    base = {
        "latitude": SAINT_DENIS[0],
        "longitude": SAINT_DENIS[1],
        "max_distance_km": 15,
        "qualifications": frozenset({Q.CAP_AEPE}),
        "availability": DAYTIME,
        "available_from": date(2026, 3, 1),
    }
    return CandidateFacts(**{**base, **kw})


def job(**kw):
    base = {
        "kind": "job",
        "latitude": MONTREUIL[0],
        "longitude": MONTREUIL[1],
        "start_date": date(2026, 4, 1),
        "required_qualification": Q.CAP_AEPE,
        "schedule": DAYTIME,
        "rome_code": "K1307",
        "key": "offre",
    }
    return OpportunityFacts(**{**base, **kw})


def test_haversine_saint_denis_montreuil_is_about_ten_km():
    assert 9 < haversine_km(*SAINT_DENIS, *MONTREUIL) < 10


def test_a_fitting_job_gets_french_reasons():
    match = score(candidate(desired_rome_codes=frozenset({"K1307"})), job(), today=TODAY)
    assert match.eligible
    texts = match.reason_texts
    assert texts[0].startswith("À 9,") and "distance maximale : 15 km" in texts[0]
    assert "Diplôme demandé détenu : CAP Accompagnant éducatif petite enfance (AEPE)" in texts
    assert "Horaires entièrement compatibles" in texts
    assert "Disponible pour un début le 01/04/2026" in texts
    assert "Correspond à un métier recherché" in texts


def test_too_far_is_ineligible_and_says_why():
    match = score(candidate(max_distance_km=5), job(), today=TODAY)
    assert not match.eligible
    assert "au-delà de la distance maximale de 5 km" in match.reason_texts[0]


def test_a_missing_diploma_points_to_training():
    match = score(
        candidate(qualifications=frozenset()),
        job(required_qualification=Q.AUXILIAIRE_PUERICULTURE),
        today=TODAY,
    )
    assert not match.eligible
    assert any("non détenu" in t and "une formation y mène" in t for t in match.reason_texts)


def test_higher_diplomas_cover_lower_ones_but_not_the_agrement():
    assert holds({Q.EJE}, Q.CAP_AEPE)
    assert holds({Q.AUXILIAIRE_PUERICULTURE}, Q.AUXILIAIRE_PUERICULTURE)
    assert not holds({Q.CAP_AEPE}, Q.AUXILIAIRE_PUERICULTURE)
    assert not holds({Q.EJE}, Q.AGREMENT_AM)
    assert holds(set(), Q.NONE)


def test_partial_hours_lower_the_score():
    assert schedule_overlap(MORNINGS, DAYTIME) == 0.5
    full = score(candidate(), job(), today=TODAY)
    half = score(candidate(availability=MORNINGS), job(), today=TODAY)
    assert half.score < full.score
    assert "Horaires compatibles à 50 %" in half.reason_texts


def test_late_availability_is_explained():
    match = score(candidate(available_from=date(2026, 5, 1)), job(), today=TODAY)
    assert "Début le 01/04/2026, avant votre disponibilité (01/05/2026)" in match.reason_texts


def test_training_for_a_diploma_already_held_ranks_low():
    training = job(kind="training", schedule=None, hours_per_week=35)
    new = job(
        kind="training",
        schedule=None,
        hours_per_week=35,
        required_qualification=Q.AUXILIAIRE_PUERICULTURE,
        key="ap",
    )
    ranked = rank(candidate(), [training, new], today=TODAY)
    assert ranked[0].key == "ap"
    assert "Diplôme déjà obtenu" in ranked[1].reason_texts[1]


def test_rank_puts_eligible_first_then_nearest():
    near = job(latitude=48.931, longitude=2.361, key="près")
    far = job(key="loin")
    out_of_reach = job(latitude=45.76, longitude=4.83, key="Lyon")
    keys = [m.key for m in rank(candidate(), [out_of_reach, far, near], today=TODAY)]
    assert keys == ["près", "loin", "Lyon"]
