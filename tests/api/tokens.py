"""API tokens for tests: `territory_token(["93"], write=True)` → (raw, ApiToken)."""

from __future__ import annotations

from maillage.api.models import ApiToken
from maillage.territory.models import Departement


def make_token(*, departements=(), childminder=None, nursery=None, write=False, name="SI Caf"):
    raw, prefix, digest = ApiToken.generate()
    token = ApiToken.objects.create(
        name=name,
        prefix=prefix,
        token_hash=digest,
        childminder=childminder,
        nursery=nursery,
        can_write=write,
    )
    if departements:
        token.departements.set(Departement.objects.filter(code__in=departements))
    return raw, token


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
