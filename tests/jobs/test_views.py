"""Pages of the jobs app: permissions, French content, one h1, services called."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from maillage.accounts.enums import Role
from maillage.jobs.enums import ContractType
from maillage.jobs.enums import Qualification as Q
from maillage.jobs.models import CandidateProfile, JobOffer, SubstituteRequest
from maillage.jobs.services.employers import job_offer_publish
from maillage.jobs.services.paths import path_drop_out, path_start
from maillage.jobs.services.substitutes import substitute_request_create, substitute_request_notify
from tests.jobs.factories import CandidateProfileFactory, NurseryFactory, UserFactory, make_template

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel("2026-03-02 09:00 +0100", tick=False):
        yield


def one_h1(response):
    assert response.content.decode().count("<h1") == 1
    return response.content.decode()


def test_pages_require_the_right_role(client):
    url = reverse("jobs:offer_list")
    assert client.get(url).status_code == 302  # to login
    client.force_login(UserFactory(role=Role.PARENT))
    for name in ("candidate_profile", "offer_list", "substitute_list", "counsellor_candidates"):
        assert client.get(reverse(f"jobs:{name}")).status_code == 403


def test_candidate_fills_her_profile_then_sees_ranked_offers(client, rome):
    commune = CandidateProfileFactory.build().commune  # Saint-Denis
    nursery = NurseryFactory()
    job_offer_publish(
        employer=nursery,
        rome_code="K1307",
        title="Animatrice petite enfance",
        contract_type=ContractType.CDI,
        hours_per_week=35,
        start_date=date(2026, 4, 1),
    )
    user = UserFactory(role=Role.CANDIDATE)
    client.force_login(user)
    one_h1(client.get(reverse("jobs:candidate_profile")))
    response = client.post(
        reverse("jobs:candidate_profile"),
        {
            "commune": commune.code,
            "max_distance_km": 10,
            "transport": "public",
            "days": ["0", "1", "2", "3", "4"],
            "start_time": "07:30",
            "end_time": "18:30",
            "qualifications": ["cap_aepe"],
            "experience_years": 2,
            "substitute_pool_consent": "on",
            "needs_childcare": "on",
        },
    )
    assert response.status_code == 302
    profile = CandidateProfile.objects.get(user=user)
    assert profile.substitute_pool_consent and profile.needs_childcare
    page = one_h1(client.get(reverse("jobs:offer_list")))
    assert "Animatrice petite enfance" in page
    assert "Diplôme demandé détenu" in page
    assert "besoin d'un mode d'accueil pour votre enfant" in page


def test_profile_form_refuses_an_unknown_commune(client):
    client.force_login(UserFactory(role=Role.CANDIDATE))
    response = client.post(
        reverse("jobs:candidate_profile"),
        {
            "commune": "00000",
            "max_distance_km": 10,
            "transport": "car",
            "start_time": "08:00",
            "end_time": "18:00",
            "experience_years": 0,
        },
    )
    assert response.status_code == 200
    assert "Commune inconnue" in response.content.decode()


def test_manager_creates_a_substitute_request_and_notifies_the_pool(client):
    manager = UserFactory(role=Role.NURSERY_MANAGER)
    nursery = NurseryFactory(managers=[manager])
    CandidateProfileFactory(auxiliaire_in_pool=True)
    client.force_login(manager)
    one_h1(client.get(reverse("jobs:substitute_list")))
    response = client.post(
        reverse("jobs:substitute_list"),
        {
            "nursery": nursery.pk,
            "start_date": "2026-03-09",
            "end_date": "2026-03-10",
            "start_time": "08:00",
            "end_time": "17:00",
            "children_not_walking": 10,
            "children_walking": 0,
            "staff_cap_aepe": 1,
            "staff_auxiliaire": 0,
            "staff_eje": 0,
            "staff_infirmier": 0,
            "staff_none": 0,
        },
    )
    sub = SubstituteRequest.objects.get()
    assert response.status_code == 302 and sub.substitutes_needed == 1
    client.post(reverse("jobs:substitute_detail", args=[sub.pk]))
    page = one_h1(client.get(reverse("jobs:substitute_detail", args=[sub.pk])))
    assert "Taux d&#x27;encadrement non respecté" in page
    assert sub.notifications.count() == 1
    # Another manager cannot see it.
    client.force_login(UserFactory(role=Role.NURSERY_MANAGER))
    assert client.get(reverse("jobs:substitute_detail", args=[sub.pk])).status_code == 404


def test_bad_ratio_input_shows_french_errors(client):
    manager = UserFactory(role=Role.NURSERY_MANAGER)
    nursery = NurseryFactory(managers=[manager])
    client.force_login(manager)
    response = client.post(
        reverse("jobs:substitute_list"),
        {
            "nursery": nursery.pk,
            "start_date": "2026-03-10",
            "end_date": "2026-03-09",
            "start_time": "08:00",
            "end_time": "17:00",
            "children_not_walking": 3,
            "children_walking": 0,
            "staff_cap_aepe": 0,
            "staff_auxiliaire": 0,
            "staff_eje": 0,
            "staff_infirmier": 0,
            "staff_none": 0,
        },
    )
    assert "précède la date de début" in response.content.decode()
    assert not SubstituteRequest.objects.exists()


def test_candidate_accepts_a_substitute_offer(client):
    candidate = CandidateProfileFactory(auxiliaire_in_pool=True)
    sub = substitute_request_create(
        nursery=NurseryFactory(),
        start_date=date(2026, 3, 9),
        end_date=date(2026, 3, 9),
        start_time="08:00",
        end_time="12:00",
        children_not_walking=10,
        children_walking=0,
        staff_present={Q.CAP_AEPE: 1},
    )
    substitute_request_notify(request=sub, today=date(2026, 3, 2))
    client.force_login(candidate.user)
    page = one_h1(client.get(reverse("jobs:substitute_offer", args=[sub.pk])))
    assert "La première personne qui accepte" in page
    client.post(reverse("jobs:substitute_offer", args=[sub.pk]), {"answer": "accept"})
    sub.refresh_from_db()
    assert sub.status == "filled"


def test_manager_publishes_a_job_offer_and_sees_visible_candidates(client, rome):
    manager = UserFactory(role=Role.NURSERY_MANAGER)
    nursery = NurseryFactory(managers=[manager])
    CandidateProfileFactory(qualifications=[Q.AUXILIAIRE_PUERICULTURE], visible_to_employers=True)
    CandidateProfileFactory(visible_to_employers=False)
    client.force_login(manager)
    data = {
        "employer": f"nursery-{nursery.pk}",
        "rome_code": "X0000",
        "required_qualification": "cap_aepe",
        "contract_type": "cdi",
        "hours_per_week": 35,
        "start_date": "2026-04-01",
    }
    assert (
        "Code ROME inconnu" in client.post(reverse("jobs:employer_offers"), data).content.decode()
    )
    response = client.post(
        reverse("jobs:employer_offers"),
        {**data, "rome_code": "J1304", "required_qualification": "auxiliaire_puericulture"},
    )
    offer = JobOffer.objects.get()
    assert response.status_code == 302
    page = one_h1(client.get(reverse("jobs:offer_candidates", args=[offer.pk])))
    assert page.count("Candidat(e) de") == 1
    assert "Diplôme demandé détenu : Auxiliaire de puériculture" in page


def test_counsellor_sees_paths_and_drop_out_rates(client):
    counsellor = UserFactory(role=Role.COUNSELLOR)
    mine = [CandidateProfileFactory(counsellor=counsellor) for _ in range(2)]
    paths = [path_start(candidate=c, template=make_template(), on=date(2026, 2, 1)) for c in mine]
    path_drop_out(path=paths[0], reason="childcare", on=date(2026, 2, 10))
    client.force_login(counsellor)
    page = one_h1(client.get(reverse("jobs:counsellor_candidates")))
    assert "Cap vers l&#x27;enfance" in page and "50,0 %" in page
    response = client.post(
        reverse("jobs:path_drop_out", args=[paths[1].pk]), {f"d{paths[1].pk}-reason": "health"}
    )
    assert response.status_code == 302
    paths[1].refresh_from_db()
    assert paths[1].status == "dropped_out"
    # The candidate sees her own path.
    client.force_login(mine[1].user)
    assert "Santé" in one_h1(client.get(reverse("jobs:my_path")))


def test_counsellor_adds_a_training_and_gets_french_errors(client):
    from maillage.jobs.models import TrainingOffer
    from tests.jobs.factories import saint_denis

    saint_denis()
    client.force_login(UserFactory(role=Role.COUNSELLOR))
    data = {
        "one-organisation": "Greta 93",
        "one-qualification": "cap_aepe",
        "one-commune": "93066",
        "one-start_date": "2026-09-01",
        "one-end_date": "2026-06-01",
        "one-hours_per_week": 35,
        "one-seats": 0,
        "one-funding": "region",
    }
    page = one_h1(client.post(reverse("jobs:training_manage"), data))
    assert "avant de commencer" in page and "au moins 1" in page
    response = client.post(
        reverse("jobs:training_manage"),
        {**data, "one-end_date": "2027-06-30", "one-seats": 15},
    )
    assert response.status_code == 302
    assert TrainingOffer.objects.get().seats == 15


def test_counsellor_csv_upload_shows_the_report(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.jobs.factories import saint_denis

    saint_denis()
    client.force_login(UserFactory(role=Role.COUNSELLOR))
    text = (
        "organisme,intitule,diplome,code_commune,date_debut,date_fin,heures_par_semaine,places\n"
        "IRTS,DE EJE,eje,93066,2026-09-01,2026-01-01,35,12\n"
    )
    upload = SimpleUploadedFile("f.csv", text.encode(), content_type="text/csv")
    page = client.post(reverse("jobs:training_manage"), {"csv-csv_file": upload}).content.decode()
    assert "Ligne 2 : La formation ne peut pas se terminer" in page
