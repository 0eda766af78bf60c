"""The routers, each imported on the first request to its paths instead of at cold start.

A cold start serves one route but imported every route module, and with them most of the domain,
its pydantic models and the services (~30 ms of the API's cold start, docs/decisions.md). Routes are
grouped by the first segment of their path: a request includes the routers of its segment only.
No route has a variable first segment (tests/infra/test_cold_start.py), so a path matches the
same route whichever routers are included. The OpenAPI document includes them all. Exception
handlers and middlewares belong to the app, not to a router: a router's would apply only once it
is included.
"""

from __future__ import annotations

from importlib import import_module

from aws_lambda_powertools.event_handler.api_gateway import APIGatewayHttpResolver

# The route modules in the order their routes are listed in the OpenAPI document.
ORDER = (
    "service_routes",
    "profile_routes",
    "account_export_routes",
    "account_routes",
    "calendar_routes",
    "contact_routes",
    "agenda_routes",
    "inbound_routes",
    "introduction_routes",
    "link_routes",
    "duplicate_routes",
    "greeting_routes",
    "import_routes",
    "export_routes",
    "review_routes",
    "email_action_routes",
    "calendar_feed_routes",
)
# The first segment of a path -> the route modules serving paths under it.
BY_SEGMENT = {
    "health": ("service_routes",),
    "openapi.json": ("service_routes",),
    "me": ("profile_routes", "account_export_routes", "account_routes", "calendar_routes"),
    "email-confirmations": ("profile_routes",),
    "email-actions": ("email_action_routes",),
    "contacts": ("contact_routes", "link_routes", "duplicate_routes"),
    "duplicates": ("duplicate_routes",),
    "due": ("contact_routes",),
    "interactions": ("contact_routes",),
    "meetings": ("agenda_routes",),
    "reminders": ("agenda_routes",),
    "inbound": ("inbound_routes",),
    "introductions": ("introduction_routes",),
    "opportunities": ("introduction_routes",),
    "greetings": ("greeting_routes",),
    "imports": ("import_routes",),
    "export": ("export_routes",),
    "review": ("review_routes",),
    "calendar-feeds": ("calendar_feed_routes",),
}


def first_segment(path: str) -> str:
    return path.lstrip("/").split("/", 1)[0]


class LazyRoutersResolver(APIGatewayHttpResolver):
    """Powertools' HTTP API resolver that includes a router on the first request to its paths."""

    def __init__(self, **options):
        super().__init__(**options)
        self._included: set[str] = set()

    def resolve(self, event, context):
        self._include(BY_SEGMENT.get(first_segment(event.get("rawPath") or ""), ()))
        return super().resolve(event, context)

    def get_openapi_schema(self, **options):
        self._include(ORDER)
        return super().get_openapi_schema(**options)

    def _include(self, modules: tuple[str, ...]) -> None:
        missing = [name for name in modules if name not in self._included]
        for name in missing:
            self.include_router(import_module(name).router)
            self._included.add(name)
        if missing:
            # Whatever came first, keep the order of ORDER (after the app's own routes): the
            # document lists routes in that order, and it must not depend on the requests served.
            rank = {name: index for index, name in enumerate(ORDER)}
            for routes in (self._static_routes, self._dynamic_routes):
                routes.sort(key=lambda route: rank.get(route.func.__module__, -1))
