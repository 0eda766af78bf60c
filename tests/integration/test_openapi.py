from pathlib import Path

from infra.openapi import document


def test_the_committed_openapi_matches_the_routes():
    committed = (Path(__file__).parents[2] / "docs" / "openapi.json").read_text()
    assert committed == document(), "the API changed: run `make openapi` and commit docs/openapi.json"


def test_the_document_is_openapi_3_1_with_jwt_security():
    import json

    doc = json.loads(document())
    assert doc["openapi"].startswith("3.1")
    assert doc["components"]["securitySchemes"]["jwt"]["scheme"] == "bearer"
    assert doc["paths"]["/health"]["get"]["security"] == [{}]  # no authentication


def test_the_document_is_a_valid_openapi_document():
    import json

    from openapi_spec_validator import validate

    validate(json.loads(document()))  # raises on a dangling $ref or a malformed operation
