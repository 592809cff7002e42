"""Issue 12, point 7: each fix with a test that fails without it."""

from datetime import date, timedelta

import pytest
import time_machine
from django import forms
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.enums import Role
from maillage.jobs import forms as job_forms
from maillage.jobs.enums import DropOutReason, Qualification
from maillage.jobs.forms.employers import ROME_EXAMPLE, JobOfferForm
from maillage.jobs.models import CandidateProfile
from maillage.jobs.querysets import drop_out_rates, paths_for
from maillage.jobs.services.paths import path_drop_out, path_start
from maillage.jobs.services.substitutes import substitute_pool_ranked, substitute_request_create
from maillage.observatory.forms import ProgressNoteForm
from maillage.territory.forms import CommuneAutocompleteWidget
from tests.browser_form import browser_form_data
from tests.jobs.factories import CandidateProfileFactory, NurseryFactory, UserFactory, make_template

pytestmark = pytest.mark.django_db
DAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel("2026-03-02 09:00 +0100", tick=False):
        yield


def _form_classes():
    from maillage.jobs.forms import applications, events, public

    classes = [getattr(job_forms, name) for name in job_forms.__all__]
    for module in (applications, events, public):
        classes += [getattr(module, name) for name in dir(module)]
    classes = [c for c in classes if isinstance(c, type) and issubclass(c, forms.Form)]
    return [c for c in dict.fromkeys(classes) if c.__module__.startswith("maillage.jobs")]


def _date_fields():
    out = []
    for cls in [*_form_classes(), ProgressNoteForm]:
        fields = cls.base_fields
        out += [(cls.__name__, n) for n, f in fields.items() if isinstance(f, forms.DateField)]
    return out


@pytest.mark.parametrize(("form_name", "field_name"), _date_fields())
def test_every_date_input_renders_an_iso_value(form_name, field_name):
    cls = next(c for c in [*_form_classes(), ProgressNoteForm] if c.__name__ == form_name)
    field = cls.base_fields[field_name]
    html = field.widget.render(field_name, date(2026, 4, 7))
    assert 'type="date"' in html
    assert 'value="2026-04-07"' in html, html


def test_saving_the_candidate_profile_twice_changes_nothing(client, rome):
    profile = CandidateProfileFactory(
        available_from=date(2026, 5, 4), qualifications=[Qualification.CAP_AEPE]
    )
    client.force_login(profile.user)
    url = reverse("jobs:candidate_profile")
    before = None
    for _ in range(2):
        data = browser_form_data(client.get(url).content.decode(), field="available_from")
        assert data["available_from"] == "2026-05-04"
        assert client.post(url, data).status_code == 302
        profile = CandidateProfile.objects.get(pk=profile.pk)
        state = (profile.available_from, profile.commune_id, profile.availability)
        assert before in (None, state)
        before = state
    assert profile.available_from == date(2026, 5, 4)


def test_every_commune_field_is_the_families_autocomplete():
    commune_fields = [
        (cls.__name__, name, field)
        for cls in _form_classes()
        for name, field in cls.base_fields.items()
        if "commune" in name
    ]
    assert {c for c, _, _ in commune_fields} >= {
        "CandidateProfileForm",
        "TrainingOfferForm",
        "InfoMeetingForm",
        "PublicSearchForm",
        "EventStopForm",
    }
    for _, _, field in commune_fields:
        assert isinstance(field.widget, CommuneAutocompleteWidget)


def test_the_candidate_profile_page_shows_the_commune_by_name(client, rome):
    profile = CandidateProfileFactory()
    client.force_login(profile.user)
    html = client.get(reverse("jobs:candidate_profile")).content.decode()
    assert "Saint-Denis" in html
    assert "code INSEE" not in html


def test_the_rome_example_is_in_the_shipped_catalogue_and_accepted(rome):
    nursery = NurseryFactory()
    field = JobOfferForm.base_fields["rome_code"]
    assert ROME_EXAMPLE in field.help_text
    form = JobOfferForm(
        {
            "employer": f"nursery-{nursery.pk}",
            "rome_code": ROME_EXAMPLE,
            "required_qualification": Qualification.AUXILIAIRE_PUERICULTURE,
            "contract_type": "cdi",
            "hours_per_week": 35,
            "start_date": "2026-04-01",
        },
        nurseries=[nursery],
    )
    assert form.is_valid(), form.errors
    bad = JobOfferForm({"rome_code": "K1304"}, nurseries=[nursery])
    bad.is_valid()
    assert "K1304" not in "".join(bad.errors["rome_code"]).replace("« K1304 »", "")


def test_a_substitute_wave_skips_people_not_yet_available():
    nursery = NurseryFactory()
    ready = CandidateProfileFactory(auxiliaire_in_pool=True, available_from=date(2026, 3, 1))
    later = CandidateProfileFactory(auxiliaire_in_pool=True, available_from=date(2026, 4, 1))
    request = substitute_request_create(
        nursery=nursery,
        start_date=date(2026, 3, 9),
        end_date=date(2026, 3, 9),
        start_time="08:00",
        end_time="12:00",
        children_not_walking=10,
        children_walking=0,
        staff_present={Qualification.AUXILIAIRE_PUERICULTURE: 1},
    )
    ranked = [p for p, _ in substitute_pool_ranked(request=request, today=DAY)]
    assert ready in ranked
    assert later not in ranked


def test_the_demo_candidate_has_a_profile_followed_by_the_demo_counsellor():
    from maillage.families.demo_users import ensure_demo_accounts
    from maillage.jobs.demo import ensure_demo_candidate
    from tests.territory.factories import CommuneFactory

    commune = CommuneFactory(saint_denis=True)
    users = ensure_demo_accounts(commune.departement)
    assert ensure_demo_candidate(communes=[commune], today=DAY, template=make_template())
    profile = CandidateProfile.objects.get(user=users["candidate"])
    assert profile.counsellor == users["counsellor"]
    assert profile.paths.count() == 1
    assert not profile.applications.exists()  # the demo manager runs no crèche here yet
    assert not ensure_demo_candidate(communes=[commune], today=DAY, template=make_template())


def test_the_demo_candidate_has_applied_to_the_demo_crèche_and_is_registered(rome):
    from maillage.families.demo_users import ensure_demo_accounts
    from maillage.jobs.demo import ensure_demo_candidate
    from maillage.jobs.enums import MeetingKind
    from maillage.jobs.services.events import info_meeting_create
    from tests.territory.factories import CommuneFactory

    commune = CommuneFactory(saint_denis=True)
    users = ensure_demo_accounts(commune.departement)
    NurseryFactory(commune=commune, managers=[users["nursery_manager"]])
    info_meeting_create(
        kind=MeetingKind.AGREMENT_INFO,
        title="Réunion d'information agrément",
        organiser="PMI",
        commune=commune,
        starts_at=timezone.now() + timedelta(days=3),
    )
    ensure_demo_candidate(communes=[commune], today=DAY, template=make_template())
    ensure_demo_candidate(communes=[commune], today=DAY, template=make_template())
    profile = CandidateProfile.objects.get(user=users["candidate"])
    (application,) = profile.applications.all()
    assert users["nursery_manager"] in application.job_offer.nursery.managers.all()
    assert profile.registrations.get().status == "registered"


def test_the_counsellors_candidate_list_sorts_by_name_numbers_numerically(client):
    counsellor = UserFactory(role=Role.COUNSELLOR)
    for first, last in (("Candidate", "10"), ("Candidate", "2"), ("Zoé", "Abadie")):
        CandidateProfileFactory(
            counsellor=counsellor, user=UserFactory(first_name=first, last_name=last)
        )
    client.force_login(counsellor)
    html = client.get(reverse("jobs:counsellor_candidates")).content.decode()
    positions = [html.index(name) for name in ("Candidate 2", "Candidate 10", "Zoé Abadie")]
    assert positions == sorted(positions)


def test_a_drop_out_rate_shows_a_dash_until_someone_finishes(client):
    counsellor = UserFactory(role=Role.COUNSELLOR)
    template = make_template()
    path_start(candidate=CandidateProfileFactory(counsellor=counsellor), template=template, on=DAY)
    (row,) = drop_out_rates(paths_for(counsellor), "template")
    assert row["drop_out_rate"] is None
    assert row["drop_out_rate_finished"] is None
    client.force_login(counsellor)
    html = client.get(reverse("jobs:counsellor_candidates")).content.decode()
    assert "% des commencés" not in html
    other = path_start(
        candidate=CandidateProfileFactory(counsellor=counsellor), template=template, on=DAY
    )
    path_drop_out(path=other, reason=DropOutReason.TRANSPORT, on=DAY)
    (row,) = drop_out_rates(paths_for(counsellor), "template")
    assert (row["drop_out_rate"], row["drop_out_rate_finished"]) == (50.0, 100.0)


def test_the_counsellors_valider_l_etape_posts_the_date_it_shows(client):
    counsellor = UserFactory(role=Role.COUNSELLOR)
    candidate = CandidateProfileFactory(counsellor=counsellor)
    path = path_start(candidate=candidate, template=make_template(), on=date(2026, 2, 2))
    client.force_login(counsellor)
    html = client.get(reverse("jobs:candidate_detail", args=[candidate.pk])).content.decode()
    data = browser_form_data(html, field=f"a{path.pk}-on")
    assert data[f"a{path.pk}-on"] == "2026-03-02"
    response = client.post(reverse("jobs:path_advance", args=[path.pk]), data)
    assert response.status_code == 302
    assert path.stages.get(order=1).end_date == DAY
