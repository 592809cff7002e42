"""The options of a parent's results page, written in Python (`families.results_rows`)."""

from decimal import Decimal

from maillage import matching as engine
from maillage.families.cost.estimate import CostEstimate
from maillage.families.engine_adapter import OptionView
from maillage.families.engine_records import ProviderInfo
from maillage.families.results_rows import km_text, results_rows_html


def _option(key: str, label: str, km: float, *, penalty: float = 0.0) -> OptionView:
    info = ProviderInfo(
        key=key,
        kind=engine.CareMode.CHILDMINDER,
        label=label,
        commune_name="Saint-Denis",
        map_lat=48.93,
        map_lon=2.35,
        penalty=penalty,
    )
    return OptionView(info=info, distance_km=km, score=50.0, explanation_fr="À 1 km ; classée 1re")


def test_each_option_is_a_labelled_box_numbered_as_shown():
    html = results_rows_html(
        [_option("am-1", "Awa <b>D.</b>", 1.5), _option("am-2", "Binta K.", 2.0, penalty=0.2)],
        estimates={"am-2": CostEstimate(kind="childminder", monthly=Decimal("210"))},
        active_keys=set(),
        chosen_key="",
    )
    assert '<input type="checkbox" id="option-am-1" name="provider" value="am-1">' in html
    assert '<label class="fr-label" for="option-am-1">' in html
    assert "<strong>1. Awa &lt;b&gt;D.&lt;/b&gt;</strong>" in html and "<b>D." not in html
    assert "à environ 1,5 km" in html and "<strong>2. Binta K.</strong>" in html
    assert "à environ 2 km" in html
    second = html.split('id="option-am-2"')[1]
    assert "Disponibilités non confirmées récemment." in second
    assert "Environ 210" in second and "Environ 210" not in html.split('id="option-am-2"')[0]


def test_requests_in_progress_are_disabled_and_announced_and_the_chosen_one_ticked():
    html = results_rows_html(
        [_option("am-1", "Awa D.", 1.0), _option("am-2", "Binta K.", 2.0)],
        estimates={},
        active_keys={"am-1"},
        chosen_key="am-2",
    )
    assert 'value="am-1" disabled checked>' in html
    assert "demande en cours" in html.split('id="option-am-2"')[0]
    assert 'value="am-2" checked>' in html


def test_distances_are_written_the_french_way():
    assert [km_text(x) for x in (0.5, 1.0, 2.5, 10.0)] == ["0,5", "1", "2,5", "10"]
