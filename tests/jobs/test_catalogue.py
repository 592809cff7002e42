from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from maillage.jobs.enums import ContractType, Qualification
from maillage.jobs.errors import JobsError
from maillage.jobs.models import JobOffer, RomeJob, TrainingOffer
from maillage.jobs.services.catalogue import (
    rome_import,
    training_create,
    training_import_csv,
)
from maillage.jobs.services.employers import job_offer_publish
from maillage.jobs.services.events import immersion_offer_create
from tests.jobs.factories import MamFactory, NurseryFactory, saint_denis

pytestmark = pytest.mark.django_db

HEADER = "organisme,intitule,diplome,code_commune,date_debut,date_fin,heures_par_semaine,places,prerequis,financement\n"


def test_rome_import_is_idempotent_and_maps_qualifications():
    first = rome_import()
    second = rome_import()
    assert first == {"created": 15, "updated": 0}
    assert second == {"created": 0, "updated": 15}
    auxiliaire = RomeJob.objects.get(code="J1304")
    assert auxiliaire.label == "Auxiliaire de puériculture"
    assert auxiliaire.required_qualifications == [Qualification.AUXILIAIRE_PUERICULTURE]
    assert RomeJob.objects.get(code="K1310").required_qualifications == ["agrement_am"]
    assert RomeJob.objects.filter(pertinence="connexe").count() == 6


def test_import_rome_command_reports_in_french():
    out = StringIO()
    call_command("import_rome", stdout=out)
    assert "Métiers ROME : 15 créé(s)" in out.getvalue()


def test_training_ending_before_it_starts_is_refused_in_french():
    with pytest.raises(JobsError) as exc:
        training_create(
            organisation="Greta 93",
            title="CAP AEPE",
            qualification=Qualification.CAP_AEPE,
            commune=saint_denis(),
            start_date=date(2026, 9, 1),
            end_date=date(2026, 6, 30),
            hours_per_week=35,
            seats=0,
        )
    assert exc.value.messages == [
        "La formation ne peut pas se terminer (30/06/2026) avant de commencer (01/09/2026).",
        "Le nombre de places doit être d'au moins 1.",
    ]
    assert not TrainingOffer.objects.exists()


def test_training_created_at_the_commune():
    commune = saint_denis()
    training = training_create(
        organisation="Greta 93",
        title="",
        qualification=Qualification.CAP_AEPE,
        commune=commune,
        start_date=date(2026, 9, 1),
        end_date=date(2027, 6, 30),
        hours_per_week=35,
        seats=18,
    )
    assert training.title == "CAP Accompagnant éducatif petite enfance (AEPE)"
    assert (training.latitude, training.longitude) == (commune.latitude, commune.longitude)


def test_job_offer_with_an_unknown_rome_code_is_refused(rome):
    with pytest.raises(JobsError, match="Code ROME inconnu : « Z9999 »"):
        job_offer_publish(
            employer=NurseryFactory(),
            rome_code="Z9999",
            title="Auxiliaire",
            contract_type=ContractType.CDI,
            hours_per_week=35,
            start_date=date(2026, 9, 1),
        )
    assert not JobOffer.objects.exists()


def test_job_offer_published_by_a_mam(rome):
    mam = MamFactory()
    offer = job_offer_publish(
        employer=mam,
        rome_code="k1310",
        title="",
        contract_type=ContractType.CDI,
        hours_per_week=45,
        start_date=date(2026, 9, 1),
        required_qualification=Qualification.AGREMENT_AM,
    )
    assert offer.mam == mam and offer.status == "published"
    assert offer.title.startswith("Assistant maternel")


def test_immersion_offered_by_a_nursery():
    nursery = NurseryFactory()
    offer = immersion_offer_create(
        host=nursery,
        title="Découvrir la section des bébés",
        start_date=date(2026, 4, 1),
        end_date=date(2026, 4, 30),
        days=5,
    )
    assert offer.nursery == nursery and offer.host_name == nursery.name
    with pytest.raises(JobsError, match="avant de commencer"):
        immersion_offer_create(
            host=nursery, title="x", start_date=date(2026, 4, 30), end_date=date(2026, 4, 1)
        )


def test_training_csv_import_reports_every_bad_line_and_writes_nothing():
    saint_denis()
    text = HEADER + (
        "Greta 93,CAP AEPE,cap_aepe,93066,2026-09-01,2027-06-30,35,18,,region\n"
        "IRTS,DE EJE,eje,93066,2026-09-01,2026-01-01,35,12,,\n"
        "IRTS,DE AP,pilote,99999,01/09/2026,2027-06-30,35,0,,\n"
    )
    report = training_import_csv(text=text)
    assert not report.ok
    assert report.errors == [
        "Ligne 3 : La formation ne peut pas se terminer (01/01/2026) avant de commencer (01/09/2026).",
        "Ligne 4 : Diplôme inconnu : « pilote ».",
        "Ligne 4 : Le nombre de places doit être d'au moins 1.",
        "Ligne 4 : Commune inconnue : « 99999 ».",
    ]
    assert "aucune ligne n'a été importée" in report.summary_fr()
    assert not TrainingOffer.objects.exists()


def test_training_csv_import_is_idempotent_and_accepts_french_dates(tmp_path):
    saint_denis()
    text = HEADER + (
        "Greta 93,CAP AEPE,CAP AEPE,93066,01/09/2026,30/06/2027,35,18,Niveau 3ème,region\n"
        "IRTS,DE AP,auxiliaire_puericulture,93066,2026-09-01,2027-06-30,35,15,,\n"
    )
    csv_path = tmp_path / "formations.csv"
    csv_path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("import_trainings", str(csv_path), "--dry-run", stdout=out)
    assert "2 formation(s) seraient créée(s)" in out.getvalue()
    assert not TrainingOffer.objects.exists()
    call_command("import_trainings", str(csv_path), stdout=out)
    call_command("import_trainings", str(csv_path), stdout=out)
    assert "0 formation(s) ont été créée(s), 2 mise(s) à jour" in out.getvalue()
    assert TrainingOffer.objects.count() == 2
    assert TrainingOffer.objects.get(organisation="Greta 93").prerequisites == "Niveau 3ème"


def test_training_import_command_fails_with_the_french_report(tmp_path):
    csv_path = tmp_path / "formations.csv"
    csv_path.write_text("organisme;intitule\nGreta;CAP\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Colonne\\(s\\) manquante\\(s\\)"):
        call_command("import_trainings", str(csv_path))
