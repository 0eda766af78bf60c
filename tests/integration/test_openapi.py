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
    creations |= {("post", "/imports"), ("post", "/imports/linkedin"), ("put", "/me/phone"), ("post", "/me/export")}
    creations |= {("post", "/me/calendars")}
    for method, path, operation in operations():
        links = [link for answer in operation["responses"].values() for link in answer.get("links", {}).values()]
        assert all(link["operationId"] in ids for link in links), (method, path)
        headers = [p["name"] for p in operation.get("parameters", []) if p["in"] == "header"]
        assert ("idempotency-key" in headers) == ((method, path) in creations), (method, path)
        if (method, path) in creations - {("put", "/me/phone")}:
            assert links, (method, path)


def test_every_operation_shows_an_example_of_its_body_its_parameters_and_its_answer():
    """What Swagger UI shows (and schemathesis sends): named examples on each request body, each path and
    query parameter and each success answer; 204s have no body to show."""
    for method, path, operation in operations():
        for parameter in operation.get("parameters", []):
            assert parameter.get("examples"), (method, path, parameter["name"])
        for media in operation.get("requestBody", {}).get("content", {}).values():
            assert media.get("examples"), (method, path, "request body")
        (success,) = [answer for status, answer in operation["responses"].items() if status.startswith("2")]
        for media in success.get("content", {}).values():
            assert media.get("examples"), (method, path, "answer")


def test_each_example_is_valid_against_its_schema():
    import json

    from jsonschema import Draft202012Validator, FormatChecker

    components = json.loads(document())["components"]  # where the schemas' `#/components/...` point
    checked = 0
    for method, path, operation in operations():
        places = [(p["name"], p) for p in operation.get("parameters", [])]
        places += [("body", media) for media in operation.get("requestBody", {}).get("content", {}).values()]
        places += [(status, media) for status, a in operation["responses"].items() for media in a["content"].values()]
        for where, place in places:
            if "schema" not in place:
                continue  # a page for the browser
            validator = Draft202012Validator(
                place["schema"] | {"components": components}, format_checker=FormatChecker()
            )
            for name, shown in place.get("examples", {}).items():
                errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(shown["value"])]
                assert not errors, (method, path, where, name, errors)
                checked += 1
    assert checked > 100
