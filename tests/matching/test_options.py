from datetime import date

from maillage.matching import CareMode, build_options_index, family_options
from maillage.matching.builders import childminder, creche, in_care, need


def test_options_are_ranked_scored_and_explained():
    providers = [
        childminder("am-far", lat=45.03),
        childminder("am-near", lat=45.01),
        creche("eaje-1", lat=45.02),
    ]
    result = family_options(need("b-1", max_km=5), providers)
    assert [o.provider_id for o in result.options] == ["am-near", "eaje-1", "am-far"]
    scores = [o.score for o in result.options]
    assert scores == sorted(scores, reverse=True)
    first = result.options[0]
    assert first.explanation_fr.startswith("À 1,1 km (votre maximum : 5 km)")
    assert "couvre vos 50 h par semaine" in first.explanation_fr
    assert "plus loin que" in result.options[1].explanation_fr
    assert result.reasons_fr == () and result.relaxations == ()


def test_declared_preference_lifts_an_option():
    providers = [childminder("am-near", lat=45.01), childminder("am-pref", lat=45.02)]
    result = family_options(need("b-1", preferences=("am-pref",)), providers)
    assert result.options[0].provider_id == "am-pref"
    assert "1re de vos préférences" in result.options[0].explanation_fr


def test_no_childminder_open_on_saturday_within_5_km():
    providers = [
        childminder("am-1", lat=45.01),
        childminder("am-sat", lat=45.08, opening="lundi-samedi 7:00-19:00"),
    ]
    lonely = need(
        "b-1",
        "lundi-vendredi 8:00-18:00; samedi 8:00-12:00",
        max_km=5,
        modes=frozenset({CareMode.CHILDMINDER}),
    )
    result = family_options(lonely, providers)
    assert result.options == ()
    assert (
        "aucune assistante maternelle ouverte le samedi matin à moins de 5 km" in result.reasons_fr
    )
    kinds = {r.kind: r for r in result.relaxations}
    assert kinds["distance"].text_fr == "+4 km"
    assert any(r.text_fr == "sans le samedi" for r in result.relaxations)


def test_full_on_tuesday_afternoon_and_later_start():
    busy = childminder("am-1", lat=45.01, children=(in_care("mardi 13:00-18:00"),) * 4)
    later = childminder("am-2", lat=45.02, free_from=date(2026, 9, 20))
    result = family_options(need("b-1", start=date(2026, 9, 1)), [busy, later])
    assert any("complet le mardi après-midi" in r for r in result.reasons_fr)
    texts = [r.text_fr for r in result.relaxations]
    assert "début un mois plus tard" in texts
    assert "sans le mardi" in texts


def test_nothing_around():
    result = family_options(need("b-1", max_km=3), [childminder("am-1", lat=46.0)])
    assert result.reasons_fr == ("aucune assistante maternelle, MAM ni crèche à moins de 3 km",)
    assert result.relaxations == ()


def test_prebuilt_index_gives_same_answer():
    providers = [childminder(f"am-{i}", lat=45 + i / 200) for i in range(20)]
    index = build_options_index(providers)
    one = family_options(need("b-1"), providers, limit=5)
    two = family_options(need("b-1"), index=index, limit=5)
    assert one == two and len(one.options) == 5


def test_relaxations_carry_the_relaxed_values_and_a_link_label():
    far = childminder("am-far", lat=45.06)
    later = childminder("am-later", lat=45.001, free_from=date(2026, 10, 1))
    result = family_options(need("b-1", max_km=3, start=date(2026, 9, 1)), [far, later])
    kinds = {r.kind: r for r in result.relaxations}
    assert (kinds["distance"].max_km, kinds["distance"].label_fr) == (7, "À 4 km de plus")
    assert kinds["start"].start == date(2026, 10, 1)
    assert kinds["start"].label_fr == "Un mois plus tard"


def test_spare_shares_of_many_providers_equal_each_one_alone():
    import numpy as np

    from bench.matching.generate import departement
    from maillage.matching import Policy
    from maillage.matching.options import spare_shares

    instance = departement(seed=3, childminders=300, creches=30, needs=40, houses=10)
    index = build_options_index(instance.providers, Policy())
    table = index.table
    providers = np.arange(len(table.providers), dtype=np.int64)
    for one in instance.needs[:20]:
        shares = spare_shares(one, table, providers)
        for p in range(0, len(table.providers), 7):
            caps = table.res_cap[table.res_start[p] : table.res_start[p + 1]][:, one.schedule.array]
            alone = (
                int(np.count_nonzero(caps.min(axis=0) >= 2)) / caps.shape[1] if caps.size else 0.0
            )
            assert shares[p] == alone
