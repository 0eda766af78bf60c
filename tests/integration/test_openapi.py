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


def operations() -> list[tuple[str, str, dict]]:
    import json

    return [(m, p, o) for p, ops in json.loads(document())["paths"].items() for m, o in ops.items()]


def test_every_operation_explains_itself():
    for method, path, operation in operations():
        assert operation.get("summary") and operation["summary"] != f"{method.upper()} {path}", (method, path)
        assert operation.get("description"), (method, path)


def test_each_creation_links_to_what_can_be_done_with_it_and_takes_an_idempotency_key():
    ids = {operation["operationId"] for _, _, operation in operations()}
    creations = {("post", "/contacts"), ("post", "/interactions"), ("post", "/meetings"), ("post", "/introductions")}
    creations |= {("post", "/imports/linkedin"), ("put", "/me/phone")}
    for method, path, operation in operations():
        links = [link for answer in operation["responses"].values() for link in answer.get("links", {}).values()]
        assert all(link["operationId"] in ids for link in links), (method, path)
        headers = [p["name"] for p in operation.get("parameters", []) if p["in"] == "header"]
        assert ("idempotency-key" in headers) == ((method, path) in creations), (method, path)
        if (method, path) in creations - {("put", "/me/phone")}:
            assert links, (method, path)
