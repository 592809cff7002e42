"""The API documentation page, in French, rendered from the OpenAPI schema itself (so it never
drifts), with the site's layout (accessible: checked by axe in the browser tests)."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View
from drf_spectacular.generators import SchemaGenerator

METHOD_ORDER = ("get", "post", "put", "patch", "delete")
STATUS_LABELS = {
    "200": "Succès",
    "201": "Créé",
    "400": "Requête invalide",
    "401": "Non authentifié",
    "403": "Refusé",
    "404": "Introuvable",
    "429": "Trop de requêtes",
}


def _schema() -> dict[str, Any]:
    schema = cache.get("api-docs-schema")
    if schema is None:
        schema = SchemaGenerator().get_schema(request=None, public=True)
        cache.set("api-docs-schema", schema, 300)
    return schema


def _type(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    kind = schema.get("type", "objet")
    return {"integer": "entier", "string": "texte", "boolean": "booléen", "array": "liste"}.get(
        kind, kind
    )


def operations() -> list[dict[str, Any]]:
    out = []
    for path, item in _schema().get("paths", {}).items():
        for method in METHOD_ORDER:
            op = item.get(method)
            if op is None:
                continue
            out.append(
                {
                    "id": f"{method}-{path}".replace("/", "-").replace("{", "").replace("}", ""),
                    "method": method.upper(),
                    "path": path,
                    "tag": (op.get("tags") or ["Autres"])[0],
                    "summary": op.get("summary") or "",
                    "description": op.get("description") or "",
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": {"path": "chemin", "query": "requête"}.get(p["in"], p["in"]),
                            "type": _type(p.get("schema", {})),
                            "required": p.get("required", False),
                            "description": p.get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "body": bool(op.get("requestBody")),
                    "responses": [
                        {
                            "code": code,
                            "label": STATUS_LABELS.get(code, ""),
                            "description": r.get("description", ""),
                        }
                        for code, r in sorted(op.get("responses", {}).items())
                    ],
                }
            )
    return out


class ApiDocsView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        ops = operations()
        tags: dict[str, list[dict[str, Any]]] = {}
        for op in ops:
            tags.setdefault(op["tag"], []).append(op)
        return render(request, "api/docs.html", {"tags": tags})
