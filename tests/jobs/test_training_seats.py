"""Training seats: orientation or application takes one, drop-out frees it, full is refused."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from maillage.accounts.enums import Role
from maillage.jobs.enums import PathStatus
from maillage.jobs.errors import TrainingFull
from maillage.jobs.models import CandidatePath
from maillage.jobs.services.catalogue import training_create, training_import
from maillage.jobs.services.paths import path_drop_out, path_orient, training_apply
from tests.jobs.factories import CandidateProfileFactory, UserFactory, make_template, saint_denis

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)
FULL = "est complète : il ne reste plus aucune place"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel("2026-03-02 09:00 +0100", tick=False):
        yield


def small_training(seats=2):
    return training_create(
        organisation="Greta 93",
        title="CAP AEPE accéléré",
        qualification="cap_aepe",
        commune=saint_denis(),
        start_date=date(2026, 4, 1),
        end_date=date(2026, 12, 18),
        hours_per_week=35,
        seats=seats,
        path_template=make_template(),
    )


def test_orientation_takes_a_seat_and_drop_out_frees_it():
    training = small_training(seats=2)
    path = path_orient(candidate=CandidateProfileFactory(), on=TODAY, training=training)
    training.refresh_from_db()
    assert (training.seats_taken, training.seats_left) == (1, 1)
    path_drop_out(path=path, reason="transport", on=date(2026, 3, 10))
    training.refresh_from_db()
    assert (training.seats_taken, training.seats_left) == (0, 2)
    with pytest.raises(Exception, match="abandonné"):
        path_drop_out(path=path, reason="transport", on=date(2026, 3, 11))
    training.refresh_from_db()
    assert training.seats_taken == 0  # a second drop-out frees nothing


def test_applying_without_orientation_takes_a_seat_applying_after_orientation_does_not():
    training = small_training(seats=3)
    oriented = CandidateProfileFactory()
    path_orient(candidate=oriented, on=TODAY, training=training)
    training_apply(candidate=oriented, training=training, on=TODAY)
    training_apply(candidate=CandidateProfileFactory(), training=training, on=TODAY)
    training.refresh_from_db()
    assert training.seats_taken == 2


def test_full_training_is_refused_in_french_and_nothing_is_lost():
    training = small_training(seats=1)
    first = CandidateProfileFactory()
    kept = path_orient(candidate=first, on=TODAY, training=training)
    late = CandidateProfileFactory()
    with pytest.raises(TrainingFull, match=FULL) as refused:
        path_orient(candidate=late, on=TODAY, training=training)
    assert "Rien n'a été enregistré" in refused.value.messages[0]
    with pytest.raises(TrainingFull):
        training_apply(candidate=late, training=training, on=TODAY)
    assert not CandidatePath.objects.filter(candidate=late).exists()
    kept.refresh_from_db()
    assert kept.status == PathStatus.ACTIVE and kept.training == training
    training.refresh_from_db()
    assert training.seats_taken == 1 and training.is_full


def test_counsellor_sees_the_refusal_on_the_form_and_the_remaining_seats(client):
    counsellor = UserFactory(role=Role.COUNSELLOR)
    training = small_training(seats=1)
    path_orient(candidate=CandidateProfileFactory(), on=TODAY, training=training)
    candidate = CandidateProfileFactory(counsellor=counsellor)
    client.force_login(counsellor)
    response = client.post(
        reverse("jobs:path_orient", args=[candidate.pk]), {"o-training": training.pk}
    )
    page = response.content.decode()
    assert response.status_code == 400 and "est complète" in page
    assert not CandidatePath.objects.filter(candidate=candidate).exists()
    listing = client.get(reverse("jobs:training_manage")).content.decode()
    assert "complète, 1 places" in listing


def test_candidate_list_shows_places_restantes_and_hides_apply_when_full(client):
    training = small_training(seats=3)
    path_orient(candidate=CandidateProfileFactory(), on=TODAY, training=training)
    candidate = CandidateProfileFactory()
    client.force_login(candidate.user)
    page = client.get(reverse("jobs:offer_list")).content.decode()
    assert "2 places restantes sur 3" in page
    path_orient(candidate=CandidateProfileFactory(), on=TODAY, training=training)
    path_orient(candidate=CandidateProfileFactory(), on=TODAY, training=training)
    page = client.get(reverse("jobs:offer_list")).content.decode()
    assert "Complète" in page
    assert reverse("jobs:training_apply", args=[training.pk]) not in page
    response = client.post(reverse("jobs:training_apply", args=[training.pk]), follow=True)
    assert FULL in response.content.decode()


def test_import_cannot_shrink_a_session_below_its_enrolments():
    training = small_training(seats=2)
    for _ in range(2):
        path_orient(candidate=CandidateProfileFactory(), on=TODAY, training=training)
    row = {
        "organisme": "Greta 93",
        "intitule": "CAP AEPE accéléré",
        "diplome": "cap_aepe",
        "code_commune": training.commune.code,
        "date_debut": "2026-04-01",
        "date_fin": "2026-12-18",
        "heures_par_semaine": "35",
        "places": "1",
    }
    report = training_import(rows=[row])
    assert report.errors == [
        "Ligne 2 : 1 place(s) seulement, mais 2 personne(s) sont déjà inscrites à cette session."
    ]
    training.refresh_from_db()
    assert training.seats == 2
