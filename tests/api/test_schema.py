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
def test_api_docs_load_their_assets_locally(client):
    html = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in html
    assert re.findall(r'(?:src|href)="(https?://[^"]+)"', html) == []
