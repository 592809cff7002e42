import factory

from maillage.territory.models import CafCoverageRate, Commune, Departement, Region
from maillage.territory.text import normalize_name


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "11"
    name = "Île-de-France"
    population = 12_000_000


class DepartementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Departement
        django_get_or_create = ("code",)

    code = "93"
    name = "Seine-Saint-Denis"
    region = factory.SubFactory(RegionFactory)
    latitude = 48.91
    longitude = 2.47


class CommuneFactory(factory.django.DjangoModelFactory):
    """A commune of Seine-Saint-Denis by default; codes are made up unless given."""

    class Meta:
        model = Commune
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"93{n % 1000:03d}")
    name = factory.Faker("city", locale="fr_FR")
    search_name = factory.LazyAttribute(lambda o: normalize_name(o.name))
    departement = factory.SubFactory(DepartementFactory)
    region = factory.LazyAttribute(lambda o: o.departement.region)
    population = 30_000
    postcodes = "93200"
    latitude = factory.Faker("pyfloat", min_value=48.85, max_value=48.98)
    longitude = factory.Faker("pyfloat", min_value=2.30, max_value=2.60)
    births_by_year = factory.LazyFunction(lambda: {"2022": 500, "2023": 480, "2024": 470})
    children_under_3 = 1450

    class Params:
        saint_denis = factory.Trait(
            code="93066",
            name="Saint-Denis",
            postcodes="93200 93210",
            population=113_000,
            latitude=48.93,
            longitude=2.36,
        )
        montreuil = factory.Trait(
            code="93048",
            name="Montreuil",
            postcodes="93100",
            population=111_000,
            latitude=48.86,
            longitude=2.44,
        )
        # Same name as the Seine-Saint-Denis one, in La Réunion.
        saint_denis_reunion = factory.Trait(
            code="97411",
            name="Saint-Denis",
            postcodes="97400 97490",
            population=153_000,
            latitude=-20.93,
            longitude=55.45,
            departement=factory.SubFactory(
                DepartementFactory,
                code="974",
                name="La Réunion",
                latitude=-21.11,
                longitude=55.53,
                region=factory.SubFactory(RegionFactory, code="04", name="La Réunion"),
            ),
        )
        evry = factory.Trait(
            code="91228",
            name="Évry-Courcouronnes",
            postcodes="91000 91080",
            population=69_000,
            latitude=48.63,
            longitude=2.44,
            departement=factory.SubFactory(DepartementFactory, code="91", name="Essonne"),
        )
        lhay_les_roses = factory.Trait(
            code="94038",
            name="L'Haÿ-les-Roses",
            postcodes="94240",
            population=31_000,
            latitude=48.78,
            longitude=2.34,
            departement=factory.SubFactory(DepartementFactory, code="94", name="Val-de-Marne"),
        )


class CafCoverageRateFactory(factory.django.DjangoModelFactory):
    """CNAF coverage rates of Seine-Saint-Denis in 2023 (places per 100 children under 3)."""

    class Meta:
        model = CafCoverageRate
        django_get_or_create = ("departement_code", "year")

    departement_code = "93"
    year = 2023
    departement_name = "SEINE SAINT DENIS"
    txcouv_eaje_psu = 21.0
    txcouv_eaje_hors_psu = 3.5
    txcouv_eaje = 24.5
    txcouv_prescolarisation = 1.4
    txcouv_assistante_maternelle = 9.8
    txcouv_garde_domicile = 1.1
    txcouv_accueil_individuel = 10.9
    txcouv_global = 36.8
    source = "txcouv_pe_dep"
