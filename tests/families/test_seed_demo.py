import hashlib
import io

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from maillage.childcare.models import ChildInCare, Childminder, Mam, Nursery, NurseryAgeGroup
from maillage.families.demo_users import DEMO_ACCOUNTS, DEMO_PASSWORD
from maillage.families.models import Need

pytestmark = pytest.mark.django_db
NOW = "2026-11-20 09:00:00+01:00"
CHILDREN_93 = 15_920  # sum of children_under_3 in territory_93
SCALE = 0.25


def seed(caf_csv, *args):
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", "--caf-csv", str(caf_csv), *args, stdout=out)
    return out.getvalue()


def checksum():
    rows = []
    for cm in Childminder.objects.select_related("user", "mam").order_by("user__email"):
        rows.append(
            (
                cm.user.email,
                cm.user.first_name,
                cm.commune_id,
                cm.latitude,
                cm.longitude,
                cm.agrement_capacity,
                cm.birth_year,
                cm.working_hours,
                cm.available_from,
                cm.agrement_valid_until,
                cm.availability_updated_at,
                cm.mam and cm.mam.name,
                sorted(
                    repr((k.age_months, k.schedule, k.leaves_on)) for k in cm.children_in_care.all()
                ),
            )
        )
    for n in Nursery.objects.order_by("latitude", "longitude"):
        rows.append(
            (
                n.name,
                n.kind,
                n.commune_id,
                n.latitude,
                n.is_avip,
                n.avip_share,
                n.opening_hours,
                sorted(
                    repr((g.kind, g.places, g.places_taken, g.free_from))
                    for g in n.age_groups.all()
                ),
            )
        )
    for need in Need.objects.order_by("latitude", "longitude"):
        rows.append(
            (
                need.parent and need.parent.email,
                need.commune_id,
                need.schedule,
                need.start_date,
                need.child_birth_date,
                need.job_seeker,
                need.status,
                need.max_distance_km,
            )
        )
    return hashlib.sha256(repr(rows).encode()).hexdigest(), len(rows)


def wipe():
    Need.objects.all().delete()
    Nursery.objects.all().delete()
    Mam.objects.all().delete()
    get_user_model().objects.all().delete()


def test_places_match_the_calibrated_targets(territory_93, caf_csv):
    output = seed(caf_csv, "--departement", "93", "--seed", "1", "--scale", str(SCALE))
    target_am = round(11.9 * CHILDREN_93 / 100 * SCALE)  # CAF 2023, not 2022
    target_eaje = round(23.1 * CHILDREN_93 / 100 * SCALE)
    am_places = sum(Childminder.objects.values_list("agrement_capacity", flat=True))
    eaje_places = sum(NurseryAgeGroup.objects.values_list("places", flat=True))
    assert abs(am_places - target_am) <= 0.05 * target_am
    assert abs(eaje_places - target_eaje) <= 0.05 * target_eaje
    assert "Taux de couverture Caf 2023" in output
    assert f"Places visées : {target_am} chez des assistant(e)s maternel(le)s" in output


def test_realistic_proportions(territory_93, caf_csv):
    seed(caf_csv, "--departement", "93", "--seed", "3", "--scale", "1")
    childminders = Childminder.objects.all()
    n = childminders.count()
    assert 0.05 < childminders.filter(accepts_atypical_hours=True).count() / n < 0.25
    assert 0.03 < childminders.filter(mam__isnull=False).count() / n < 0.20
    assert childminders.filter(available_from="2026-11-20").exists()  # free places now
    assert 0.30 < childminders.filter(birth_year__lte=2026 - 55).count() / n < 0.55
    assert ChildInCare.objects.count() >= n  # most are full or partly full
    assert Nursery.objects.filter(is_avip=True, avip_share__gte="0.20").exists()
    assert Nursery.objects.filter(kind="micro").exists()
    assert all(g.places <= 12 for g in NurseryAgeGroup.objects.filter(nursery__kind="micro"))
    free = [g.places - g.places_taken for g in NurseryAgeGroup.objects.all()]
    assert 0 < sum(free) < 0.05 * sum(g.places for g in NurseryAgeGroup.objects.all())
    needs = Need.objects.exclude(parent__email="parent@demo.maillage.fr")
    assert needs.count() == round(5_307 * 0.10)  # births of the last year x NEED_RATE
    assert 0.24 < needs.filter(job_seeker=True).count() / needs.count() < 0.36
    assert needs.filter(parent__isnull=True).exclude(family_email="").exists()
    # The biggest commune gets the most; the smallest gets no crèche (pooled to towns).
    assert not Nursery.objects.filter(commune_id="93006").exists()


def test_same_seed_same_data_other_seed_other_data(territory_93, caf_csv):
    args = ("--departement", "93", "--seed", "7", "--scale", "0.1")
    seed(caf_csv, *args)
    first, rows = checksum()
    assert rows > 100
    wipe()
    seed(caf_csv, *args)
    assert checksum()[0] == first
    wipe()
    seed(caf_csv, "--departement", "93", "--seed", "8", "--scale", "0.1")
    assert checksum()[0] != first


def test_unknown_departement_is_a_clear_error(territory_93, caf_csv):
    with pytest.raises(CommandError, match=r"Département inconnu : 'XYZ'\. Importez d'abord"):
        seed(caf_csv, "--departement", "XYZ")


def test_departement_without_communes_suggests_import(caf_csv):
    from tests.territory.factories import DepartementFactory

    DepartementFactory(code="01", name="Ain")
    with pytest.raises(CommandError, match="import_territory"):
        seed(caf_csv, "--departement", "1")


def test_if_empty_skips_when_providers_exist(territory_93, caf_csv):
    seed(caf_csv, "--departement", "93", "--scale", "0.05")
    before = Childminder.objects.count()
    output = seed(caf_csv, "--departement", "93", "--scale", "0.05", "--if-empty")
    assert "non recréées" in output
    assert Childminder.objects.count() == before
    with pytest.raises(CommandError, match="existent déjà"):
        seed(caf_csv, "--departement", "93", "--scale", "0.05")


def test_dry_run_writes_nothing(territory_93, caf_csv):
    output = seed(caf_csv, "--departement", "93", "--scale", "0.05", "--dry-run")
    assert "rien n'a été enregistré" in output
    assert "assistant(e)s maternel(le)s :" in output
    assert not Childminder.objects.exists()
    assert not get_user_model().objects.exists()


def test_mayotte_falls_back_on_the_national_median(mayotte, caf_csv):
    output = seed(caf_csv, "--departement", "976", "--scale", "0.1")
    assert "médiane nationale 2023" in output
    assert Nursery.objects.filter(commune=mayotte).exists()


def test_demo_accounts_one_per_role_with_the_demo_password(territory_93, caf_csv):
    seed(caf_csv, "--departement", "93", "--scale", "0.05")
    users = get_user_model().objects.filter(email__in=[a.email for a in DEMO_ACCOUNTS])
    assert users.count() == len(DEMO_ACCOUNTS)
    assert all(u.check_password(DEMO_PASSWORD) for u in users)
    admin = users.get(email="admin@demo.maillage.fr")
    assert admin.is_superuser and admin.is_staff
    counsellor = users.get(email="conseiller@demo.maillage.fr")
    assert list(counsellor.territory_departements.values_list("code", flat=True)) == ["93"]
    am = users.get(email="am@demo.maillage.fr")
    assert am.childminder.available_from is not None
    assert users.get(email="creche@demo.maillage.fr").managed_nurseries.get().is_avip
    parent_need = Need.objects.get(parent__email="parent@demo.maillage.fr")
    assert parent_need.counsellor == counsellor
    # Generated accounts cannot log in.
    assert (
        not get_user_model().objects.get(email="am.93.00001@demo.maillage.fr").has_usable_password()
    )


def test_demo_logins_prints_the_accounts(territory_93, caf_csv):
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    assert "pas encore créé" in out.getvalue()
    seed(caf_csv, "--departement", "93", "--scale", "0.05")
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert "conseiller@demo.maillage.fr" in text and DEMO_PASSWORD in text
    assert "pas encore créé" not in text
