import pytest

from tests.accounts.factories import DEFAULT_PASSWORD

STRONG_PASSWORD = "Balançoire-Verte-2026"


@pytest.fixture
def signup_data():
    return {
        "email": "Amina.Diallo@Exemple.fr",
        "password1": STRONG_PASSWORD,
        "password2": STRONG_PASSWORD,
        "first_name": "Amina",
        "last_name": "Diallo",
        "role": "parent",
        "accept_terms": "on",
    }


@pytest.fixture
def default_password():
    return DEFAULT_PASSWORD
