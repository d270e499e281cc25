"""The OpenAPI description validates, names every resource with its errors, and is served with its two
browsable renderings from our own static files; the guide explains the API to a person."""

import json

import pytest
from django.urls import reverse
from drf_spectacular.validation import validate_schema

from api.urls_v1 import router

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get(reverse("apiv1:schema"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    return json.loads(response.content)


def test_openapi_document_validates_against_the_openapi_3_schema(schema):
    assert schema["openapi"].startswith("3.0")
    validate_schema(schema)  # raises on any error, against the OpenAPI 3.0 JSON schema


def test_openapi_document_names_every_resource_with_list_and_item(schema):
    paths = schema["paths"]
    for prefix, _viewset, _basename in router.registry:
        assert f"/api/v1/{prefix}" in paths, prefix
        assert any(p.startswith(f"/api/v1/{prefix}/{{") for p in paths), prefix
    assert not any(path.endswith("/") for path in paths)  # no trailing slashes (API-48)


def test_openapi_document_describes_errors_paging_and_the_token(schema):
    assert schema["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "A personal token.",
    }
    for path, operations in schema["paths"].items():
        get = operations["get"]
        assert set(get) >= {"responses", "security"}, path
        for code in ("401", "404", "429"):
            assert "application/problem+json" in get["responses"][code]["content"], (path, code)
        if "{" not in path:
            names = {p["name"] for p in get["parameters"]}
            assert {"page", "page_size"} <= names, path
            assert "400" in get["responses"], path
    status = next(
        p for p in schema["paths"]["/api/v1/realisations"]["get"]["parameters"] if p["name"] == "report_status"
    )
    assert sorted(status["schema"]["enum"]) == ["accepted", "submitted"]


def test_openapi_browsable_pages_load_only_our_own_files(client):
    for name in ("apiv1:swagger", "apiv1:redoc"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        page = response.content.decode()
        assert "/static/drf_spectacular_sidecar/" in page
        assert "cdn." not in page and "unpkg" not in page
        assert "<script>" not in page.replace(" ", "")  # no inline script: the CSP allows only our files


def test_api_guide_is_public_and_names_every_resource(client):
    response = client.get(reverse("api:guide"))
    assert response.status_code == 200
    page = response.content.decode()
    for prefix, _viewset, _basename in router.registry:
        assert f"<code>{prefix}</code>" in page
    assert reverse("apiv1:schema") in page and "Authorization: Bearer" in page
