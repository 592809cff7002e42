import pytest

from maillage.territory.models import Commune
from maillage.territory.text import normalize_name, normalize_query
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def communes():
    CommuneFactory(saint_denis=True)
    CommuneFactory(saint_denis_reunion=True)
    CommuneFactory(montreuil=True)
    CommuneFactory(evry=True)
    CommuneFactory(lhay_les_roses=True)
    CommuneFactory(code="45270", name="Saint-Denis-en-Val", postcodes="45560", population=7_500)
    CommuneFactory(code="93070", name="Saint-Ouen-sur-Seine", postcodes="93400", population=52_000)
    CommuneFactory(
        code="91549", name="Sainte-Geneviève-des-Bois", postcodes="91700", population=36_000
    )
    CommuneFactory(code="93008", name="Bobigny", postcodes="93000", population=55_000)
    CommuneFactory(code="60578", name="Denicé-sur-Oise", postcodes="60200", population=900)


def codes(term: str) -> list[str]:
    return list(Commune.objects.search(term).values_list("code", flat=True))


@pytest.mark.parametrize(
    ("raw", "name", "query"),
    [
        ("Saint-Denis", "saint denis", "saint denis"),
        ("St Denis", "st denis", "saint denis"),
        ("ste-genevieve", "ste genevieve", "sainte genevieve"),
        ("L'Haÿ-les-Roses", "l hay les roses", "l hay les roses"),
        ("ÉVRY", "evry", "evry"),
        ("Œuilly", "oeuilly", "oeuilly"),
        ("st", "st", "st"),
    ],
)
def test_normalisation(raw, name, query):
    assert normalize_name(raw) == name
    assert normalize_query(raw) == query


def test_same_name_in_two_departements_by_population(communes):
    # Exact name first (La Réunion's Saint-Denis is the larger one), then prefix matches.
    assert codes("saint denis") == ["97411", "93066", "45270"]


def test_abbreviation_case_and_accents(communes):
    assert codes("St Denis") == codes("SAINT-DÉNIS") == codes("saint denis")
    assert codes("ste genevieve") == ["91549"]
    assert codes("Évry") == codes("evry") == ["91228"]
    assert codes("L'Haÿ-les-Roses") == codes("l hay les roses") == ["94038"]


def test_prefix_matches_rank_before_word_matches(communes):
    # "Denicé-sur-Oise" starts with "deni"; the Saint-Denis only have a word starting with it.
    assert codes("deni") == ["60578", "97411", "93066", "45270"]


def test_word_match_inside_a_name(communes):
    assert codes("roses") == ["94038"]
    assert codes("ouen") == ["93070"]


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("93200", ["93066"]),
        ("93210", ["93066"]),
        ("932", ["93066"]),
        ("93", ["93066", "93048", "93008", "93070"]),
        ("9740", ["97411"]),
        ("12345", []),
    ],
)
def test_postcode_exact_and_prefix(communes, term, expected):
    assert codes(term) == expected


def test_name_with_postcode_narrows_homonyms(communes):
    assert codes("Saint-Denis 97400") == ["97411"]
    assert codes("saint denis (93200)") == ["93066"]


@pytest.mark.parametrize("term", ["", "   ", "--", "'"])
def test_empty_terms_give_nothing(communes, term):
    assert codes(term) == []
