import re

import pytest


@pytest.mark.django_db
def test_openapi_schema_is_served_as_openapi_3(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    body = response.content.decode()
    assert re.search(r"openapi['\"]?:\s*['\"]?3\.", body)
    assert "API Maillage" in body


@pytest.mark.django_db
def test_api_docs_are_in_french_with_every_operation_and_status(client):
    html = client.get("/api/docs/").content.decode()
    assert html.count("<h1") == 1 and "Documentation de l'API" in html
    assert "Authorization: Bearer mllg_" in html
    for path in (
        "/api/territoire/besoins/",
        "/api/territoire/assistantes-maternelles/{id}/disponibilites/",
        "/api/territoire/creches/{id}/places/",
        "/api/territoire/indicateurs/{code}/",
    ):
        assert f"<code>{path}</code>" in html
    assert "Trop de requêtes" in html
    assert re.findall(r'(?:src|href)="(https?://[^"]+)"', html) == []


@pytest.mark.django_db
def test_swagger_console_loads_its_assets_locally(client):
    html = client.get("/api/swagger/").content.decode()
    assert "swagger-ui" in html
    assert re.findall(r'(?:src|href)="(https?://[^"]+)"', html) == []
