"""The places a crèche's present staff can open, against the 2021 ratio."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.staffing.capacity import SectionPlaces, places_that_can_open

BABIES_10 = [SectionPlaces("babies", 10)]


def test_a_full_team_opens_every_place():
    # 10 babies need 2 professionals, of whom ceil(0.4 × 2) = 1 qualified.
    day = places_that_can_open(BABIES_10, staff_present=2, qualified_present=1)
    assert (day.authorised, day.can_open, day.closed) == (10, 10, 0)
    assert (day.required_for_all, day.qualified_required_for_all) == (2, 1)


def test_one_professional_missing_closes_half_the_babies_places():
    day = places_that_can_open(BABIES_10, staff_present=1, qualified_present=1)
    assert (day.can_open, day.closed, day.missing_staff) == (5, 5, 1)


def test_without_a_qualified_professional_no_place_opens():
    day = places_that_can_open(BABIES_10, staff_present=2, qualified_present=0)
    assert day.can_open == 0 and day.missing_qualified == 1


def test_walking_children_need_fewer_adults_and_mixed_sections_use_one_for_six():
    sections = [SectionPlaces("babies", 10), SectionPlaces("older", 16), SectionPlaces("mixed", 12)]
    # 10/5 + 16/8 + 12/6 = 6 professionals, 3 qualified (ceil 2.4).
    full = places_that_can_open(sections, staff_present=6, qualified_present=3)
    assert full.can_open == 38 and full.required_for_all == 6
    short = places_that_can_open(sections, staff_present=5, qualified_present=3)
    # Every section closes the same share first (5/6), then places reopen while the ratio holds.
    # 8 + 13 + 10 = 31 (4.89 professionals); one more child in any section needs a 6th.
    assert (short.can_open, short.closed) == (31, 7)


def test_no_sections_no_places():
    day = places_that_can_open([], staff_present=3, qualified_present=1)
    assert (day.authorised, day.can_open, day.required_for_all) == (0, 0, 0)


def test_incoherent_counts_are_refused():
    with pytest.raises(ValueError):
        places_that_can_open(BABIES_10, staff_present=1, qualified_present=2)


@given(
    babies=st.integers(0, 30),
    older=st.integers(0, 40),
    mixed=st.integers(0, 30),
    staff=st.integers(0, 15),
    qualified_share=st.floats(0, 1),
)
def test_what_opens_never_breaks_the_ratio_and_more_staff_never_opens_less(
    babies, older, mixed, staff, qualified_share
):
    sections = [
        SectionPlaces("babies", babies),
        SectionPlaces("older", older),
        SectionPlaces("mixed", mixed),
    ]
    qualified = int(staff * qualified_share)
    day = places_that_can_open(sections, staff_present=staff, qualified_present=qualified)
    assert 0 <= day.can_open <= day.authorised
    more = places_that_can_open(sections, staff_present=staff + 1, qualified_present=qualified + 1)
    assert more.can_open >= day.can_open
    if staff >= day.required_for_all and qualified >= day.qualified_required_for_all:
        assert day.closed == 0
