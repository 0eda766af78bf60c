"""Choosing the route of a request as API Gateway HTTP APIs do.

The most specific route wins: a path of literal segments over one with path variables (`{id}`,
one segment each; at the first segment where two differ, the literal wins), over a greedy one
(`{proxy+}`, one segment or more; the longer literal prefix wins). For the same path, a route naming
the method wins over `ANY`. No route, no match: the gateway answers 404. Path variable values are
URL-decoded, as API Gateway decodes them before they reach the function.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote

from infra.local.template import Route


@dataclass(frozen=True)
class Match:
    route: Route
    path_parameters: dict[str, str]


def _segments(path: str) -> list[str]:
    return path.removeprefix("/").split("/")


def _variable(segment: str) -> str | None:
    return segment[1:-1] if segment.startswith("{") and segment.endswith("}") else None


def _rank(route: Route, method: str, path: str) -> tuple[tuple, dict[str, str]] | None:
    """How specific `route` is for this request (lower is more specific), or None if it does not match."""
    if route.method not in ("ANY", method):
        return None
    pattern, requested = _segments(route.path), _segments(path)
    greedy = _variable(pattern[-1]) if pattern[-1].endswith("+}") else None
    fixed = pattern[:-1] if greedy else pattern
    fits = len(requested) > len(fixed) if greedy else len(requested) == len(fixed)
    if not fits:
        return None
    parameters, shape = {}, []
    for expected, actual in zip(fixed, requested, strict=False):
        name = _variable(expected)
        if name is None and unquote(expected) != unquote(actual):
            return None
        if name is not None:
            if not actual:
                return None
            parameters[name] = unquote(actual)
        shape.append(0 if name is None else 1)
    method_rank = 1 if route.method == "ANY" else 0
    if greedy:
        rest = "/".join(requested[len(fixed) :])
        if not rest:  # `/{proxy+}` does not match `/`
            return None
        parameters[greedy.removesuffix("+")] = unquote(rest)
        return (2, -len(fixed), method_rank), parameters
    return (1 if any(shape) else 0, tuple(shape), method_rank), parameters


class Router:
    """The routes of one HTTP API, matched as API Gateway matches them."""

    def __init__(self, routes: list[Route]) -> None:
        self._routes = list(routes)

    def match(self, method: str, path: str) -> Match | None:
        candidates = []
        for route in self._routes:
            ranked = _rank(route, method.upper(), path)
            if ranked is not None:
                candidates.append((ranked[0], route, ranked[1]))
        if not candidates:
            return None
        _, route, parameters = min(candidates, key=lambda candidate: candidate[0])
        return Match(route, parameters)
