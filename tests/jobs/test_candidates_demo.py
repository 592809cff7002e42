import random
from datetime import date

import pytest

from maillage.jobs.demo import seed_jobs
from maillage.jobs.errors import JobsError
from maillage.jobs.models import CandidatePath, CandidateProfile, JobOffer, PathTemplate
from maillage.jobs.querysets import paths_offered_in
from maillage.jobs.services.candidates import candidate_profile_save
from tests.jobs.factories import NurseryFactory, UserFactory, saint_denis
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def test_profile_is_saved_with_consent_timestamp(rome):
    user = UserFactory()
    profile = candidate_profile_save(
        user=user,
        commune=saint_denis(),
        qualifications=["cap_aepe", "none"],
        desired_rome_codes=["j1304", "K1307"],
        substitute_pool_consent=True,
        max_distance_km=10,
        available_from=date(2026, 4, 1),
        needs_childcare=True,
    )
    assert profile.qualifications == ["cap_aepe"]
    assert sorted(profile.desired_jobs.values_list("code", flat=True)) == ["J1304", "K1307"]
    assert profile.substitute_pool_consent_at is not None
    again = candidate_profile_save(user=user, commune=saint_denis(), substitute_pool_consent=False)
    assert again.pk == profile.pk and again.substitute_pool_consent_at is None


def test_profile_refuses_unknown_codes(rome):
    with pytest.raises(JobsError, match="Code ROME inconnu : « K9999 »"):
        candidate_profile_save(
            user=UserFactory(), commune=saint_denis(), desired_rome_codes=["K9999"]
        )
    with pytest.raises(JobsError, match="Diplôme inconnu"):
        candidate_profile_save(user=UserFactory(), commune=saint_denis(), qualifications=["bac"])
    assert not CandidateProfile.objects.exists()


def test_seed_jobs_builds_a_plausible_territory():
    communes = [CommuneFactory(saint_denis=True), CommuneFactory(montreuil=True)]
    NurseryFactory.create_batch(3, commune=communes[0])
    counts = seed_jobs(departement="93", communes=communes, rng=random.Random(7), scale=0.5)
    assert counts["candidates"] == 20 and counts["job_offers"] == 3
    assert counts["trainings"] >= 4 and counts["immersions"] == 3
    # The two reference paths, and the demo territory's own agrément path adapted from the
    # Nouvelle-Aquitaine one (which is not offered in Seine-Saint-Denis).
    assert PathTemplate.objects.count() == 3
    assert set(paths_offered_in("93").values_list("slug", flat=True)) == {
        "cap-vers-l-enfance",
        "parcours-agrement-nouvelle-aquitaine-93",
    }
    assert CandidatePath.objects.count() == counts["paths"] > 0
    assert JobOffer.objects.filter(status="published").count() == 3
    # Running it again adds no duplicate candidates.
    assert (
        seed_jobs(departement="93", communes=communes, rng=random.Random(7), scale=0.5)[
            "candidates"
        ]
        == 0
    )
