"""Staffing ratio, checked by hand against 1/5 (not walking), 1/8 (walking), 1/6 on average."""

from fractions import Fraction

import pytest

from maillage.jobs.enums import Qualification as Q
from maillage.jobs.ratio import RatioInputError, RatioMode, StaffingPolicy, staffing_need


def test_ten_babies_and_eight_walkers_need_three_of_whom_two_qualified():
    # 10/5 + 8/8 = 3 professionals; 40 % of 3 = 1.2 -> 2 qualified.
    result = staffing_need(
        not_walking=10,
        walking=8,
        staff_present={Q.AUXILIAIRE_PUERICULTURE: 2, Q.CAP_AEPE: 1},
    )
    assert (result.required_total, result.required_qualified) == (3, 2)
    assert result.ratio_respected
    assert result.needs == ()
    assert "respecté" in result.summary_fr()


def test_mixed_section_rounds_the_exact_fraction_up():
    # 3/5 + 3/8 = 39/40 -> 1 professional, not 2 (no double rounding).
    result = staffing_need(not_walking=3, walking=3, staff_present={Q.EJE: 1})
    assert result.required_total == 1
    assert result.ratio_respected


def test_one_qualified_missing_after_an_absence():
    # 10 babies: 2 required, 1 qualified; only a CAP AEPE is present.
    result = staffing_need(not_walking=10, walking=0, staff_present={Q.CAP_AEPE: 1})
    assert not result.ratio_respected
    assert result.missing_total == 1
    assert [(n.qualification, n.count) for n in result.needs] == [(Q.AUXILIAIRE_PUERICULTURE, 1)]
    assert "il manque 1 professionnel(s)" in result.summary_fr()


def test_qualified_and_unqualified_missing_are_told_apart():
    # 15 babies + 16 walkers: 3 + 2 = 5 required, 2 qualified; 2 CAP present.
    result = staffing_need(not_walking=15, walking=16, staff_present={Q.CAP_AEPE: 2})
    assert result.required_total == 5
    assert [(n.qualification, n.count) for n in result.needs] == [
        (Q.AUXILIAIRE_PUERICULTURE, 2),
        (Q.CAP_AEPE, 1),
    ]


def test_zero_staff_with_children_breaks_the_ratio():
    result = staffing_need(not_walking=0, walking=4, staff_present={})
    assert result.present_total == 0
    assert not result.ratio_respected
    assert result.missing_total == 1


def test_no_children_needs_nobody():
    result = staffing_need(not_walking=0, walking=0, staff_present={})
    assert result.ratio_respected and result.required_total == 0


def test_average_mode_is_one_for_six():
    policy = StaffingPolicy(mode=RatioMode.AVERAGE)
    result = staffing_need(
        not_walking=6, walking=7, staff_present={Q.EJE: 1, Q.CAP_AEPE: 1}, policy=policy
    )
    assert result.required_total == 3  # 13 / 6 = 2.17 -> 3
    assert result.missing_total == 1


def test_policy_parameters_change_the_need():
    strict = StaffingPolicy(min_qualified_share=Fraction(1, 2), min_staff_with_children=2)
    result = staffing_need(not_walking=1, walking=0, staff_present={Q.CAP_AEPE: 1}, policy=strict)
    assert (result.required_total, result.required_qualified) == (2, 1)
    assert result.missing_total == 1


@pytest.mark.parametrize("field", ["children_per_staff_not_walking", "children_per_staff_walking"])
def test_a_ratio_of_zero_is_refused_in_french(field):
    with pytest.raises(RatioInputError, match="au moins un enfant par professionnel"):
        StaffingPolicy(**{field: 0})


def test_negative_numbers_are_refused_in_french():
    with pytest.raises(RatioInputError, match="ne peut pas être négatif"):
        staffing_need(not_walking=-1, walking=3, staff_present={})
    with pytest.raises(RatioInputError, match="ne peut pas être négatif"):
        staffing_need(not_walking=1, walking=3, staff_present={Q.EJE: -2})


def test_unknown_qualification_is_refused():
    with pytest.raises(RatioInputError, match="Diplôme inconnu"):
        staffing_need(not_walking=1, walking=0, staff_present={"chef": 1})
