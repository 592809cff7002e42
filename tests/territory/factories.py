import factory

from maillage.territory.models import Commune, Departement, Region
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
            code="93066", name="Saint-Denis", postcodes="93200 93210", population=113_000,
            latitude=48.93, longitude=2.36,
        )
        montreuil = factory.Trait(
            code="93048", name="Montreuil", postcodes="93100", population=111_000,
            latitude=48.86, longitude=2.44,
        )
