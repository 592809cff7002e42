"""Commission d'attribution pages: access per role, run, htmx adjustments, validation, CSV
export (formula-injection safe) and the print page."""

from __future__ import annotations

import csv
import io

import pytest
import time_machine
from django.urls import reverse

from maillage.childcare.enums import CommissionStatus, ProposalDecision
from maillage.childcare.models import Commission
from maillage.childcare.services.commission import commission_run
from maillage.families.enums import ContactRequestStatus as S
from maillage.families.models import ContactRequest
from tests.accounts.factories import NurseryManagerFactory, ParentFactory
from tests.childcare.commission_setup import small_territory
from tests.families.helpers import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def t():
    return small_territory()


@pytest.fixture
def commission(t):
    return commission_run(manager=t.manager, nurseries=[t.nursery], mode="stable")


def _urls(commission):
    p = commission.proposals.first()
    return {
        "get": [
            reverse("childcare:commission_detail", args=[commission.pk]),
            reverse("childcare:commission_status", args=[commission.pk]),
            reverse("childcare:commission_export", args=[commission.pk]),
            reverse("childcare:commission_print", args=[commission.pk]),
        ],
        "post": [
            reverse("childcare:commission_adjust", args=[commission.pk, p.pk]),
            reverse("childcare:commission_move", args=[commission.pk, p.pk]),
            reverse("childcare:commission_validate", args=[commission.pk]),
        ],
    }


def test_another_manager_gets_404_everywhere(client, commission):
    client.force_login(NurseryManagerFactory())
    urls = _urls(commission)
    for url in urls["get"]:
        assert client.get(url).status_code == 404, url
    for url in urls["post"]:
        assert client.post(url, {"decision": "refused", "direction": "up"}).status_code == 404
    listing = client.get(reverse("childcare:commission")).content.decode()
    assert f"Commission n° {commission.pk}" not in listing
    assert Commission.objects.get(pk=commission.pk).status == CommissionStatus.DRAFT


def test_a_parent_gets_403_and_a_visitor_the_login_page(client, commission):
    urls = _urls(commission)
    for url in [reverse("childcare:commission"), reverse("childcare:commission_new"), *urls["get"]]:
        assert client.get(url).status_code == 302
    client.force_login(ParentFactory())
    for url in [reverse("childcare:commission"), reverse("childcare:commission_new"), *urls["get"]]:
        assert client.get(url).status_code == 403, url


def test_manager_runs_a_commission_from_the_form(client, t):
    client.force_login(t.manager)
    page = client.get(reverse("childcare:commission_new"))
    assert page.status_code == 200
    assert "Parent demandeur d&#x27;emploi : 30 points" in page.content.decode()
    response = client.post(
        reverse("childcare:commission_new"), {"nurseries": [t.nursery.pk], "mode": "optimal"}
    )
    commission = Commission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("childcare:commission_detail", args=[commission.pk])
    html = client.get(response["Location"]).content.decode()
    assert html.count("<h1") == 1
    assert "la proposition est prouvée optimale" in html
    assert "Parent demandeur d&#x27;emploi 30 + Famille monoparentale 20 = 50 points" in html
    assert html.index(f"Besoin n° {t.a.pk}") < html.index(f"Besoin n° {t.c.pk}")
    assert "Résultat par groupe de priorité" in html


def test_run_form_refuses_someone_elses_creche(client, t):
    other = small_territory(nursery_name="Crèche voisine")
    client.force_login(t.manager)
    response = client.post(
        reverse("childcare:commission_new"), {"nurseries": [other.nursery.pk], "mode": "stable"}
    )
    assert response.status_code == 400
    assert not Commission.objects.exists()


def test_stable_explanation_says_no_blocking_pair(client, t, commission):
    client.force_login(t.manager)
    html = client.get(reverse("childcare:commission_detail", args=[commission.pk])).content
    assert "Mode stable : aucune paire bloquante" in html.decode()


def test_htmx_adjust_returns_the_creche_block(client, t, commission):
    client.force_login(t.manager)
    c = commission.proposals.get(need=t.c)
    url = reverse("childcare:commission_adjust", args=[commission.pk, c.pk])
    response = client.post(
        url, {"decision": "accepted", "note": ""}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<h1" not in body
    assert f'id="propositions" data-creche="{t.nursery.pk}"' in body
    assert 'id="commission-actions" hx-swap-oob="true"' in body  # the counts bar follows
    assert "n&#x27;a que 2 place(s) libre(s)" in body
    response = client.post(
        url, {"decision": "refused", "note": "documents"}, headers={"HX-Request": "true"}
    )
    assert "Décision enregistrée." in response.content.decode()
    c.refresh_from_db()
    assert c.decision == ProposalDecision.REFUSED and c.decided_by == t.manager
    assert c.note == "documents"
    # Free text is not accepted as a reason.
    client.post(url, {"decision": "refused", "note": "allergie"}, headers={"HX-Request": "true"})
    c.refresh_from_db()
    assert c.note == "documents"


def test_move_without_htmx_redirects_to_the_block(client, t, commission):
    client.force_login(t.manager)
    d = commission.proposals.get(need=t.d)
    response = client.post(
        reverse("childcare:commission_move", args=[commission.pk, d.pk]), {"direction": "up"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"?creche={t.nursery.pk}&filtre=tous&page=1#propositions")
    d.refresh_from_db()
    assert d.rank == 2


def test_validate_from_the_page_then_adjusting_is_refused(client, t, commission):
    client.force_login(t.manager)
    response = client.post(
        reverse("childcare:commission_validate", args=[commission.pk]), follow=True
    )
    html = response.content.decode()
    assert "Décision validée : 2 place(s) proposée(s) aux familles" in html
    assert ContactRequest.objects.filter(status=S.ACCEPTED, nursery=t.nursery).count() == 2
    assert "Valider la décision" not in html
    c = commission.proposals.get(need=t.c)
    client.post(
        reverse("childcare:commission_adjust", args=[commission.pk, c.pk]),
        {"decision": "accepted"},
    )
    followed = client.get(reverse("childcare:commission_detail", args=[commission.pk]))
    assert "Cette commission est validée" in followed.content.decode()
    c.refresh_from_db()
    assert c.decision == ProposalDecision.WAITLISTED


def test_csv_export_opens_with_the_right_values(client):
    t = small_territory(nursery_name='=HYPERLINK("http://x")')
    commission = commission_run(manager=t.manager, nurseries=[t.nursery], mode="stable")
    client.force_login(t.manager)
    response = client.get(reverse("childcare:commission_export", args=[commission.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Crèche", "Section", "Rang", "Besoin n°"]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Crèche"].startswith("'=HYPERLINK")
    assert first["Besoin n°"] == str(t.a.pk) and first["Rang"] == "1"
    assert first["Points de priorité"] == "50"
    assert first["Décision"] == "Proposée" and first["Placée par le moteur"] == "oui"
    assert [r[3] for r in rows[1:5]] == [str(n.pk) for n in (t.a, t.b, t.d, t.c)]
    assert "aucune paire bloquante" in rows[-1][0]


def test_print_page_has_print_css_and_no_navigation(client, t, commission):
    client.force_login(t.manager)
    html = client.get(reverse("childcare:commission_print", args=[commission.pk])).content.decode()
    # Print rules in a stylesheet (the CSP forbids inline styles).
    assert "childcare/commission_print.css" in html and html.count("<h1") == 1
    assert "fr-header" not in html and "navigation-principale" not in html
    assert f"n° {t.a.pk}" in html and "Famille monoparentale 20" in html


def test_a_running_commission_polls_until_done(client, t):
    client.force_login(t.manager)
    running = Commission.objects.create(mode="stable", run_by=t.manager, run_at=NOW, candidates=400)
    running.nurseries.set([t.nursery])
    html = client.get(reverse("childcare:commission_detail", args=[running.pk])).content.decode()
    status_url = reverse("childcare:commission_status", args=[running.pk])
    assert (
        f'hx-get="{status_url}"' in html
        and "répartit les places entre 400 familles candidates" in html
    )
    assert client.get(status_url).status_code == 200
    running.status = CommissionStatus.DRAFT
    running.save()
    done = client.get(status_url)
    assert done.status_code == 204
    assert done["HX-Redirect"] == reverse("childcare:commission_detail", args=[running.pk])
