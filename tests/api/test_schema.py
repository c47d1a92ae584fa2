"""The OpenAPI schema: generated without warnings, typed enums, documented errors; public docs under our CSP."""

import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator

from .operations import OPERATIONS


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_schema_generates_without_warnings_and_validates(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert yaml.safe_load((tmp_path / "schema.yaml").read_text())["openapi"].startswith("3.")


def test_schema_is_served_to_anyone(api, db):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert set(response.json()["paths"]) == {path for _, path in OPERATIONS}


def test_choices_are_named_enums(schema):
    components = schema["components"]["schemas"]
    assert components["StrategyEnum"]["enum"] == [
        "service_improvement",
        "community_engagement",
        "advocacy",
        "media_publication",
    ]
    assert "ReportStatusEnum" in components
    assert components["MonthlyReport"]["properties"]["period"]["pattern"] == r"^[1-9][0-9]{3}-(0[1-9]|1[0-2])$"
    assert components["MonthlyReport"]["properties"]["status"]["readOnly"] is True


def test_new_choices_are_named_enums_too(schema):
    components = schema["components"]["schemas"]
    assert components["TimelinessEnum"]["enum"] == ["on_time", "late", "missing", "not_due"]
    assert components["ReportScopeEnum"]["enum"] == ["national", "province", "regency", "library"]
    assert components["JobStatusEnum"]["enum"] == ["queued", "running", "done", "failed"]
    assert "CommitmentStatusEnum" in components and "FollowUpStatusEnum" in components
    figures = components["ProgressReport"]["properties"]["figures"]
    assert {"libraries", "activities_by_strategy", "reports_on_time"} <= set(figures["required"])


def test_actions_and_files_are_described(schema):
    paths = schema["paths"]
    returning = paths["/api/v1/monthly-reports/{id}/return/"]["post"]
    body = returning["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert schema["components"]["schemas"][body]["required"] == ["comment"]
    assert set(returning["responses"]) >= {"200", "400", "401", "403", "404"}
    assert "202" in paths["/api/v1/progress-reports/compile/"]["post"]["responses"]
    photo = paths["/api/v1/activity-photos/{id}/file/"]["get"]["responses"]
    assert set(photo["200"]["content"]) == {"image/jpeg"}
    upload = paths["/api/v1/activity-photos/"]["post"]["requestBody"]["content"]
    assert set(upload) == {"multipart/form-data"}


def test_every_operation_documents_its_errors(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            codes = set(operation["responses"])
            assert any(code.startswith("2") for code in codes), (method, path)
            public = operation.get("security") == [] or path == "/api/v1/auth/token/"
            if not public:
                assert "401" in codes, (method, path)
            if method in {"post", "put", "patch"}:
                assert {"400", "429"} <= codes, (method, path)
            if not public and method != "get":
                assert "403" in codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)


def test_token_authentication_is_described(schema):
    assert schema["components"]["securitySchemes"]["tokenAuth"]["name"] == "Authorization"


def test_docs_page_has_no_inline_script_or_style(api, db):
    response = api.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"
    assert "<style" not in html
    assert "style=" not in html
    for asset in re.findall(r'(?:src|href)="/static/([^"]+)"', html):
        assert finders.find(asset), asset
