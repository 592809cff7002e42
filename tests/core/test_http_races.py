"""20 people confirm the last place, slot or seat at the same instant, through HTTP.

A real threaded HTTP server (pytest-django's live_server), 20 client threads behind one
barrier, each with its own session and CSRF cookie: exactly one wins, each of the others reads
a French message on the page she lands on. On PostgreSQL and on SQLite (the conditional UPDATEs
of the services make it exact on both; SQLite serialises writers with BEGIN IMMEDIATE).
"""

from __future__ import annotations

import datetime as dt
import http.cookiejar
import secrets
import threading
import urllib.parse
import urllib.request
from html import unescape

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
RACERS = 20


def _opener(live_server, user):
    """A browser-like client: a logged-in session cookie and a CSRF cookie it also posts."""
    django_client = Client()
    django_client.force_login(user)
    jar = http.cookiejar.CookieJar()
    host = "127.0.0.1"  # an IP: http.cookiejar files "localhost" cookies under localhost.local
    token = secrets.token_hex(16)  # 32 characters: Django accepts the unmasked secret
    for name, value in (
        (settings.SESSION_COOKIE_NAME, django_client.cookies[settings.SESSION_COOKIE_NAME].value),
        (settings.CSRF_COOKIE_NAME, token),
    ):
        jar.set_cookie(
            http.cookiejar.Cookie(
                0,
                name,
                value,
                None,
                False,
                host,
                False,
                False,
                "/",
                True,
                False,
                None,
                False,
                None,
                None,
                {},
            )
        )
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)), token


def _race_posts(live_server, posts):
    """posts: [(user, path, data)]; all sent at once. Returns the final page of each."""
    prepared = [(_opener(live_server, user), path, data) for user, path, data in posts]
    barrier = threading.Barrier(len(prepared))
    pages: list[str | Exception] = [""] * len(prepared)

    def run(index, opener_token, path, data):
        opener, token = opener_token
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        try:
            barrier.wait(timeout=30)
            url = live_server.url.replace("localhost", "127.0.0.1") + path
            with opener.open(url, data=body, timeout=60) as response:
                pages[index] = unescape(response.read().decode())
        except Exception as exc:  # noqa: BLE001 - reported by the test
            pages[index] = exc

    threads = [threading.Thread(target=run, args=(i, *p)) for i, p in enumerate(prepared)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not [p for p in pages if isinstance(p, Exception)], pages
    return pages


def _split(pages, won, lost):
    winners = [p for p in pages if won in p]
    losers = [p for p in pages if lost in p]
    assert len(winners) == 1, [p[:200] for p in pages if won not in p and lost not in p]
    assert len(losers) == RACERS - 1


def test_twenty_families_confirm_the_last_childminder_place_at_once(live_server):
    from maillage.childcare.models import ChildInCare
    from maillage.families.enums import ContactRequestStatus as S
    from maillage.families.models import ContactRequest
    from maillage.families.places import CHILDMINDER_FULL
    from tests.families.helpers import free_childminder, open_need
    from tests.territory.factories import CommuneFactory

    commune = CommuneFactory(saint_denis=True)
    childminder = free_childminder(commune, agrement_capacity=1)
    requests = [
        ContactRequest.objects.create(
            need=open_need(commune), status=S.ACCEPTED, childminder=childminder
        )
        for _ in range(RACERS)
    ]
    pages = _race_posts(
        live_server,
        [(r.need.parent, f"/familles/demandes/{r.pk}/confirmer/", {}) for r in requests],
    )
    _split(pages, "Place confirmée", CHILDMINDER_FULL)
    assert ContactRequest.objects.filter(status=S.CONFIRMED).count() == 1
    assert ChildInCare.objects.filter(childminder=childminder).count() == 1


def test_twenty_pool_members_accept_the_last_substitute_slot_at_once(live_server):
    from maillage.jobs.enums import Qualification as Q
    from maillage.jobs.models import SubstituteAssignment
    from maillage.jobs.services.substitutes import (
        substitute_request_create,
        substitute_request_notify,
    )
    from tests.jobs.factories import CandidateProfileFactory, NurseryFactory

    start = timezone.localdate() + dt.timedelta(days=7)
    request = substitute_request_create(
        nursery=NurseryFactory(),
        start_date=start,
        end_date=start + dt.timedelta(days=4),
        start_time="08:00",
        end_time="17:00",
        children_not_walking=10,
        children_walking=0,
        staff_present={Q.CAP_AEPE: 1},
    )
    pool = [CandidateProfileFactory(auxiliaire_in_pool=True) for _ in range(RACERS)]
    substitute_request_notify(request=request, today=timezone.localdate(), limit=RACERS)
    pages = _race_posts(
        live_server,
        [(c.user, f"/emplois/remplacement/{request.pk}/", {"answer": "accept"}) for c in pool],
    )
    _split(pages, "ce remplacement est pour vous", "vient d'être pourvu")
    assert SubstituteAssignment.objects.filter(request=request, status="confirmed").count() == 1


def test_twenty_candidates_apply_for_the_last_training_seat_at_once(live_server):
    from maillage.jobs.models import CandidatePath
    from maillage.jobs.services.catalogue import training_create
    from tests.jobs.factories import CandidateProfileFactory, make_template, saint_denis

    start = timezone.localdate() + dt.timedelta(days=30)
    training = training_create(
        organisation="Greta 93",
        title="CAP AEPE — dernière place",
        qualification="cap_aepe",
        commune=saint_denis(),
        start_date=start,
        end_date=start + dt.timedelta(days=200),
        hours_per_week=35,
        seats=1,
        path_template=make_template(),
    )
    candidates = [CandidateProfileFactory() for _ in range(RACERS)]
    pages = _race_posts(
        live_server,
        [(c.user, f"/emplois/formations/{training.pk}/postuler/", {}) for c in candidates],
    )
    _split(
        pages, "Votre candidature à « CAP AEPE — dernière place » est enregistrée", "est complète"
    )
    assert CandidatePath.objects.filter(training=training).count() == 1
    training.refresh_from_db()
    assert training.seats_taken == 1
