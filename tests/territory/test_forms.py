import pytest
from django import forms

from maillage.territory.forms import CommuneField
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db


class AddressForm(forms.Form):
    commune = CommuneField(label="Commune")


def test_valid_insee_code_gives_the_commune():
    saint_denis = CommuneFactory(saint_denis=True)

    form = AddressForm(data={"commune": "93066"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["commune"] == saint_denis


def test_unknown_code_has_a_french_error():
    CommuneFactory(saint_denis=True)

    form = AddressForm(data={"commune": "99999"})

    assert not form.is_valid()
    assert form.errors["commune"] == ["Commune inconnue : 99999."]


def test_required_by_default():
    form = AddressForm(data={})

    assert not form.is_valid()
    assert "commune" in form.errors


def test_widget_renders_only_the_selected_commune_and_the_htmx_search():
    CommuneFactory(saint_denis=True)
    CommuneFactory(montreuil=True)

    html = str(AddressForm(initial={"commune": "93066"})["commune"])

    assert 'hx-get="/territoires/communes/options/"' in html
    assert 'name="commune_q"' in html
    assert '<option value="93066" selected>Saint-Denis (93 · 93200, 93210)</option>' in html
    assert "Montreuil" not in html


def test_widget_without_value_shows_a_prompt():
    html = str(AddressForm()["commune"])

    assert "Saisissez un nom ou un code postal" in html
    assert 'hx-target="#id_commune"' in html
