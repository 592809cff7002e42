"""Every operation documents its error statuses (400, 401, 403, 404, 429) with one shape.

A postprocessing hook of drf-spectacular adds those an operation does not declare itself, so
that a client (or schemathesis) never meets an undocumented status.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "« detail » explique l'erreur en français ; une erreur de validation (400) nomme "
        'chaque champ refusé : {"champ": ["message"]}.'
    ),
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}

ERRORS = {
    "400": "Requête invalide (paramètre, pagination ou corps refusé ; le message nomme le champ).",
    "401": "Jeton absent, inconnu ou révoqué.",
    "403": "Le jeton ne couvre pas ce territoire ou ce mode d'accueil, ou est en lecture seule.",
    "404": "Objet introuvable (ou hors de votre périmètre).",
    "429": "Trop de requêtes : attendez le délai indiqué par l'en-tête Retry-After.",
}

Error = inline_serializer(name="Erreur", fields={"detail": serializers.CharField(required=False)})


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: OpenApiResponse(Error, description=ERRORS[str(code)]) for code in codes}


def id_parameter(name: str = "id", description: str = "Identifiant") -> OpenApiParameter:
    return OpenApiParameter(name, int, OpenApiParameter.PATH, description=description)


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict:
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Erreur"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Erreur"}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                if code not in responses:
                    responses[code] = {
                        "description": description,
                        "content": {"application/json": {"schema": ref}},
                    }
    return result
