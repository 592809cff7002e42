"""Pagination errors answer 400 in French, never 500 (offset=null, huge or negative values)."""

import pytest

from tests.accounts.factories import CounsellorFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("offset=null", "offset"),
        ("offset=-1", "offset"),
        ("offset=99999999999999999999999", "offset"),
        ("limit=0", "limit"),
        ("limit=abc", "limit"),
        ("limit=100000", "limit"),
    ],
)
def test_bad_pagination_parameters_are_a_french_400(client, query, field):
    client.force_login(CounsellorFactory())
    response = client.get(f"/api/besoins/?{query}")
    assert response.status_code == 400
    assert "doit être un nombre entier" in response.json()[field]


def test_good_pagination_parameters_page_through(client):
    client.force_login(CounsellorFactory())
    response = client.get("/api/besoins/?limit=10&offset=0")
    assert response.status_code == 200 and "results" in response.json()
