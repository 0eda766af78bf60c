"""Route matching as API Gateway HTTP APIs do it: the most specific route wins."""

from __future__ import annotations

import pytest

from infra.local import template
from infra.local.routing import Router
from infra.local.template import Route

ROUTES = [
    Route("GET", "/pets/dog/1", "Exact", authorized=True),
    Route("GET", "/pets/dog/{id}", "Variable", authorized=True),
    Route("GET", "/pets/{kind}/{id}", "TwoVariables", authorized=True),
    Route("GET", "/pets/{proxy+}", "PetsGreedy", authorized=True),
    Route("ANY", "/pets/dog/1", "AnyExact", authorized=True),
    Route("ANY", "/{proxy+}", "Greedy", authorized=True),
]


@pytest.mark.parametrize(
    ("method", "path", "function", "parameters"),
    [
        ("GET", "/pets/dog/1", "Exact", {}),
        ("GET", "/pets/dog/2", "Variable", {"id": "2"}),
        ("GET", "/pets/cat/2", "TwoVariables", {"kind": "cat", "id": "2"}),
        ("GET", "/pets/cat/2/photos", "PetsGreedy", {"proxy": "cat/2/photos"}),
        ("POST", "/pets/dog/1", "AnyExact", {}),
        ("POST", "/pets/dog/2", "Greedy", {"proxy": "pets/dog/2"}),
        ("GET", "/people", "Greedy", {"proxy": "people"}),
    ],
)
def test_the_most_specific_route_wins(method, path, function, parameters):
    match = Router(ROUTES).match(method, path)

    assert (match.route.function, match.path_parameters) == (function, parameters)


def test_at_the_first_differing_segment_a_literal_beats_a_variable():
    router = Router([Route("GET", "/{a}/b", "VariableFirst", True), Route("GET", "/a/{b}", "LiteralFirst", True)])

    assert router.match("GET", "/a/b").route.function == "LiteralFirst"


def test_a_path_variable_takes_one_non_empty_segment():
    router = Router([Route("GET", "/contacts/{contact_id}", "One", True)])

    assert router.match("GET", "/contacts/a/b") is None
    assert router.match("GET", "/contacts/") is None
    assert router.match("GET", "/contacts") is None


def test_a_greedy_variable_needs_at_least_one_segment():
    router = Router([Route("ANY", "/{proxy+}", "Greedy", True)])

    assert router.match("GET", "/") is None
    assert router.match("GET", "/x").path_parameters == {"proxy": "x"}


def test_path_parameters_are_url_decoded():
    router = Router([Route("GET", "/contacts/{contact_id}", "One", True)])

    assert router.match("GET", "/contacts/claire%20martin").path_parameters == {"contact_id": "claire martin"}


def test_methods_match_case_insensitively_and_any_matches_every_method():
    router = Router([Route("ANY", "/x", "Any", True)])

    assert router.match("delete", "/x").route.function == "Any"
    assert router.match("OPTIONS", "/x").route.function == "Any"


def test_template_routes_leave_health_and_docs_public_and_the_rest_authorized():
    router = Router(template.http_routes())

    for path in ("/health", "/openapi.json", "/docs"):
        assert router.match("GET", path).route.authorized is False
    for method, path in (("POST", "/health"), ("GET", "/contacts/1"), ("GET", "/me")):
        match = router.match(method, path)
        assert (match.route.path, match.route.authorized) == ("/{proxy+}", True)
    assert router.match("GET", "/") is None
