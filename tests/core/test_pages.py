"""The public shell: home, accessibility statement, legal notice, privacy; one <h1> each."""

import re

import pytest
from django.test import override_settings

PUBLIC_PAGES = [
    "/",
    "/accessibilite/",
    "/mentions-legales/",
    "/donnees-personnelles/",
    "/conditions-generales/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_page_renders_in_french_with_exactly_one_h1(client, url):
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr"' in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert 'id="contenu"' in html  # skip link target


@pytest.mark.django_db
def test_home_page_speaks_to_each_audience(client):
    html = client.get("/").content.decode()
    for audience in (
        "Vous êtes parent",
        "Vous êtes assistante ou assistant maternel",
        "Vous gérez une crèche",
        "Vous cherchez un métier",
        "Conseillers France Travail",
    ):
        assert audience in html


@pytest.mark.django_db
def test_every_asset_is_served_locally(client):
    html = client.get("/").content.decode()
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
    assert external == []
    assert "/static/dsfr/dist/dsfr.min.css" in html or "/static/dsfr/dist/dsfr/dsfr.min.css" in html
    assert "/static/vendor/htmx/htmx.min.js" in html


@pytest.mark.django_db
def test_dashboard_requires_login(client):
    response = client.get("/tableau-de-bord/")
    assert response.status_code == 302
    assert "/compte/connexion/" in response["Location"]


@pytest.mark.django_db
def test_dsfr_theme_shows_the_operator_block(client):
    html = client.get("/").content.decode()
    assert 'class="fr-logo"' in html
    assert "theme-neutral.css" not in html


@pytest.mark.django_db
@override_settings(MAILLAGE_THEME="neutral", MAILLAGE_SITE_NAME="Accueil petite enfance 44")
def test_neutral_theme_drops_the_state_identity(client):
    html = client.get("/").content.decode()
    assert 'data-theme="neutral"' in html
    assert "theme-neutral.css" in html
    assert '<p class="fr-logo">' not in html
    assert "Accueil petite enfance 44" in html
