"""The public search form's fields are written in Python (`families.public_form`): what a
screen reader needs must be there — label for each input, hint, error tied to its field,
checked boxes kept, every value escaped."""

import pytest
from django.http import QueryDict

from maillage.families.forms_public import PublicSearchForm
from maillage.families.public_form import search_fields_html


def _fields(query: str | None) -> dict[str, str]:
    form = PublicSearchForm(QueryDict(query) if query is not None else None)
    if query is not None:
        form.is_valid()
    return {name: str(html) for name, html in search_fields_html(form).items()}


def test_an_empty_form_has_labels_hints_and_the_default_choices():
    fields = _fields(None)
    assert '<label for="id_commune" class="fr-label">Commune ou code postal' in fields["commune"]
    assert 'aria-describedby="id_commune_helptext"' in fields["commune"]
    assert 'autocomplete="address-level2"' in fields["commune"]
    # The bounds of the age are real attributes (the former include escaped them).
    assert 'type="number"' in fields["age"] and ' min="0" max="72"' in fields["age"]
    # Monday to Friday ticked, Saturday not; the boxes are labelled.
    assert 'value="0" id="id_jours_0" checked>' in fields["jours"]
    assert 'value="5" id="id_jours_5">' in fields["jours"]
    assert '<label class="fr-label" for="id_jours_5">Samedi</label>' in fields["jours"]
    assert "fr-fieldset__element--inline" in fields["jours"]
    assert "fr-fieldset__element--inline" not in fields["modes"]
    assert '<option value="08:30" selected>' in fields["debut_heure"]
    assert (
        '<select name="debut_heure" class="fr-select" id="id_debut_heure">' in fields["debut_heure"]
    )
    assert (
        '<label for="id_distance" class="fr-label">Distance maximale</label>' in fields["distance"]
    )


@pytest.mark.django_db
def test_errors_are_written_beside_their_field_and_tied_to_it():
    fields = _fields("commune=&age=-4&naissance=xx&jours=9")
    assert "fr-input-group--error" in fields["commune"]
    assert 'aria-invalid="true" aria-describedby="id_commune-error"' in fields["commune"]
    assert (
        '<p class="fr-error-text" id="id_commune-error">Indiquez une commune' in fields["commune"]
    )
    assert "ne peut pas être négatif" in fields["age"]
    assert 'aria-labelledby="id_jours-legend id_jours-error"' in fields["jours"]
    assert 'id="id_jours-error"' in fields["jours"]


@pytest.mark.django_db
def test_what_the_visitor_typed_is_kept_and_escaped():
    fields = _fields('commune=<b>"x"</b>&age=12&jours=5&jours=6&distance=3&modes=accepts_mam')
    assert 'value="&lt;b&gt;&quot;x&quot;&lt;/b&gt;"' in fields["commune"]
    assert "<b>" not in fields["commune"]
    assert 'value="12"' in fields["age"]
    assert 'id="id_jours_5" checked>' in fields["jours"]
    assert 'id="id_jours_0">' in fields["jours"]
    assert '<option value="3" selected>' in fields["distance"]
    assert 'value="accepts_mam" id="id_modes_1" checked>' in fields["modes"]


@pytest.mark.django_db
def test_fields_kept_per_value_follow_the_value_and_never_keep_an_error():
    first = _fields("commune=93200&jours=0&jours=1&debut_heure=09:00&distance=3")
    second = _fields("commune=93200&jours=2&debut_heure=10:00&distance=5")
    assert 'id="id_jours_0" checked>' in first["jours"]
    assert 'id="id_jours_0">' in second["jours"] and 'id="id_jours_2" checked>' in second["jours"]
    assert '<option value="10:00" selected>' in second["debut_heure"]
    assert '<option value="09:00" selected>' not in second["debut_heure"]
    # A relaxation's distance adds its choice: a different select.
    assert '<option value="8" selected>' in _fields("commune=93200&distance=8")["distance"]
    # The same value with an error is written with its error, then without it again.
    wrong = _fields("commune=93200&jours=9")
    assert "fr-fieldset--error" in wrong["jours"]
    assert "fr-fieldset--error" not in _fields("commune=93200&jours=2")["jours"]
