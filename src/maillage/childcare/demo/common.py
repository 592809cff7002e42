"""Helpers shared by the demo generators: seeded RNGs, names, coordinates, fast users."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model

from maillage.territory.models import Commune

DEMO_DOMAIN = "demo.maillage.fr"

FIRST_NAMES_F = (
    "Aïcha",
    "Amandine",
    "Amina",
    "Anne",
    "Aurélie",
    "Awa",
    "Camille",
    "Catherine",
    "Céline",
    "Chantal",
    "Christine",
    "Claire",
    "Fatima",
    "Fatoumata",
    "Florence",
    "Hélène",
    "Inès",
    "Isabelle",
    "Julie",
    "Karima",
    "Laetitia",
    "Léa",
    "Leila",
    "Linda",
    "Malika",
    "Mariam",
    "Marie",
    "Martine",
    "Nadia",
    "Nathalie",
    "Patricia",
    "Rachida",
    "Sandrine",
    "Sarah",
    "Sophie",
    "Stéphanie",
    "Sylvie",
    "Valérie",
    "Véronique",
    "Yasmina",
)
FIRST_NAMES_M = (
    "Adama",
    "Ahmed",
    "Alexandre",
    "Ali",
    "Antoine",
    "Bruno",
    "David",
    "Élie",
    "Fabrice",
    "Hugo",
    "Ibrahim",
    "Jean",
    "Julien",
    "Karim",
    "Kevin",
    "Lucas",
    "Mamadou",
    "Mehdi",
    "Mohamed",
    "Moussa",
    "Nicolas",
    "Olivier",
    "Omar",
    "Pierre",
    "Rachid",
    "Samir",
    "Sébastien",
    "Thomas",
    "Vincent",
    "Yacine",
)
CHILD_NAMES = (
    "Adam",
    "Alice",
    "Aya",
    "Ayoub",
    "Chloé",
    "Eden",
    "Emma",
    "Gabriel",
    "Hawa",
    "Ibrahim",
    "Inaya",
    "Jade",
    "Jules",
    "Léo",
    "Lina",
    "Louis",
    "Louise",
    "Maël",
    "Mia",
    "Nour",
    "Rose",
    "Sacha",
    "Sofia",
    "Tiago",
    "Yanis",
)
LAST_NAMES = (
    "Bah",
    "Benali",
    "Bernard",
    "Bertrand",
    "Bonnet",
    "Boyer",
    "Camara",
    "Cissé",
    "Da Silva",
    "Diallo",
    "Diop",
    "Dubois",
    "Durand",
    "Fontaine",
    "Fournier",
    "Garcia",
    "Girard",
    "Gomes",
    "Haddad",
    "Keita",
    "Kone",
    "Lambert",
    "Laurent",
    "Lefebvre",
    "Leroy",
    "Martin",
    "Martinez",
    "Mercier",
    "Michel",
    "Moreau",
    "Nguyen",
    "Petit",
    "Richard",
    "Robert",
    "Roux",
    "Sanchez",
    "Simon",
    "Sow",
    "Traoré",
    "Vincent",
)
STREETS = (
    "rue de la République",
    "avenue Jean-Jaurès",
    "rue Victor-Hugo",
    "rue Pasteur",
    "boulevard Gambetta",
    "rue des Écoles",
    "allée des Tilleuls",
    "rue du Moulin",
    "place de la Mairie",
    "rue Jules-Ferry",
    "rue de la Paix",
    "chemin des Vignes",
    "avenue de la Gare",
    "rue Lamartine",
    "rue des Lilas",
)


def sub_rng(seed: int, departement: str, part: str) -> random.Random:
    """An independent generator per part, so that changing one part never shifts another."""
    return random.Random(f"maillage-demo:{seed}:{departement}:{part}")


def jitter(commune: Commune, rng: random.Random) -> tuple[float, float]:
    """A point a few hundred metres to ~1.5 km around the centroid, wider for big communes."""
    radius_km = min(1.5, 0.3 + math.sqrt(max(commune.population, 0)) / 250)
    distance = radius_km * math.sqrt(rng.random())
    angle = rng.random() * 2 * math.pi
    dlat = distance * math.cos(angle) / 111.32
    dlon = (
        distance * math.sin(angle) / (111.32 * max(math.cos(math.radians(commune.latitude)), 0.1))
    )
    return round(commune.latitude + dlat, 6), round(commune.longitude + dlon, 6)


def address(rng: random.Random) -> str:
    return f"{rng.randint(1, 120)} {rng.choice(STREETS)}"


def person(rng: random.Random, *, female_share: float = 0.5) -> tuple[str, str]:
    first = rng.choice(FIRST_NAMES_F if rng.random() < female_share else FIRST_NAMES_M)
    return first, rng.choice(LAST_NAMES)


def bulk_users(rows: Iterable[dict[str, Any]], *, batch_size: int = 1000) -> list[Any]:
    """Create many accounts fast: no password hashing (unusable password), one INSERT per batch.

    Each row holds User fields (email, role, first_name, last_name…). Returns saved users
    with their primary keys.
    """
    user_model = get_user_model()
    users = []
    for row in rows:
        user = user_model(**row)
        user.set_unusable_password()
        users.append(user)
    return user_model.objects.bulk_create(users, batch_size=batch_size)


def weighted_choice(rng: random.Random, table: dict[Any, float]) -> Any:
    """One key of `table` drawn with the given weights (keys in their given order)."""
    return rng.choices(list(table), weights=list(table.values()), k=1)[0]


def availability_stamp(rng: random.Random, now: dt.datetime) -> dt.datetime | None:
    draw = rng.random()
    if draw < 0.10:
        return None
    if draw < 0.55:
        days = rng.randint(0, 30)
    elif draw < 0.80:
        days = rng.randint(31, 180)
    else:
        days = rng.randint(181, 540)
    return (now - dt.timedelta(days=days, minutes=rng.randint(0, 1439))).replace(microsecond=0)


def next_september(today: dt.date) -> dt.date:
    year = today.year if today < dt.date(today.year, 9, 1) else today.year + 1
    return dt.date(year, 9, 1)
