"""The API's cold start stays small as routes grow: checked by what a fresh process imports, not by timing.

`make bench` times it (infra/bench/cold_start.py); these tests catch the regressions deterministically:
an import that brings a router, a kind's storage, a service or a heavy library back into every cold
start, a route that the lazy routers (functions/api/lazy_routers.py) would not find, or an OpenAPI
document that depends on the order requests arrived in.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
API = ROOT / "functions" / "api"
SHARED = ROOT / "shared"

# A fresh process, as Lambda starts one: import the handler module, then ask it for every route.
PROBE = """
import gc, json, sys
sys.path[:0] = sys.argv[1:3]
import app
imported = sorted(sys.modules)
collecting = gc.isenabled()
# Paths that match no route but include their routers, in an order unlike the document's.
for path in ("/review/none", "/introductions/none/none/none", "/contacts/none/none/none/none"):
    http = {"method": "GET", "path": path}
    event = {"version": "2.0", "rawPath": path, "headers": {}, "requestContext": {"http": http, "stage": "$default"}}
    assert app.app.resolve(event, {})["statusCode"] == 404
document = app.app.get_openapi_json_schema()
routes = [(route.func.__module__, route.path) for route in app.app._static_routes + app.app._dynamic_routes]
from lazy_routers import BY_SEGMENT, ORDER
own = {name: bool(sys.modules[name].router._exception_handlers or sys.modules[name].router._router_middlewares)
       for name in ORDER}
found = {"order": ORDER, "by_segment": BY_SEGMENT, "own_handlers": own}
print(json.dumps({"imported": imported, "collecting": collecting, "document": document, "routes": routes, **found}))
"""

# Libraries only some requests use (Jinja2 and Babel: the review's email words; phonenumbers: a phone
# to parse; OpenAPI models and Swagger UI: /docs; idempotency: a request with a key).
HEAVY = {
    "babel",
    "jinja2",
    "phonenumbers",
    "aws_lambda_powertools.event_handler.openapi.models",
    "aws_lambda_powertools.event_handler.openapi.swagger_ui",
    "aws_lambda_powertools.utilities.idempotency",
}


@cache
def probe() -> dict:
    done = subprocess.run(
        [sys.executable, "-I", "-c", PROBE, str(API), str(SHARED)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.splitlines()[-1])


def modules(folder: Path, prefix: str = "") -> set[str]:
    return {prefix + file.stem for file in folder.glob("*.py") if file.stem != "__init__"}


def test_a_cold_start_imports_no_router():
    routers = {file.stem for file in API.glob("*_routes.py")}
    assert routers, "the route modules moved: update this test"
    assert routers.isdisjoint(probe()["imported"])


def test_a_cold_start_imports_the_storage_of_no_kind_of_item():
    kinds = modules(SHARED / "rapport" / "storage", "rapport.storage.") - {"rapport.storage.dynamo"}
    assert kinds - {"rapport.storage.keys"}, "the storage modules moved: update this test"
    assert sorted(kinds.intersection(probe()["imported"])) in ([], ["rapport.storage.keys"])


def test_a_cold_start_imports_no_service_but_the_profiles():
    services = modules(SHARED / "rapport" / "services", "rapport.services.") - {"rapport.services.profiles"}
    assert services.isdisjoint(probe()["imported"])


def test_a_cold_start_imports_neither_the_contacts_nor_the_touches_models():
    # the profile's greetings seasons name circles and kinds: domain/vocabulary.py, not the models
    assert {"rapport.domain.contact", "rapport.domain.interaction"}.isdisjoint(probe()["imported"])


def test_a_cold_start_imports_no_heavy_library():
    imported = set(probe()["imported"])
    assert {name for name in imported if name.split(".")[0] in HEAVY or name in HEAVY} == set()


def test_the_collector_waits_for_the_end_of_the_first_request():
    assert probe()["collecting"] is False


def test_every_route_is_found_by_the_first_segment_of_its_path():
    by_segment = probe()["by_segment"]
    routers = {file.stem for file in API.glob("*_routes.py")}
    assert set(probe()["order"]) == routers == {name for names in by_segment.values() for name in names}
    for module, path in probe()["routes"]:
        segment = path.lstrip("/").split("/", 1)[0]
        assert not segment.startswith("<"), f"{path}: a variable first segment would need every router"
        if module in routers:
            assert module in by_segment.get(segment, ()), f"{module} serves {path}: add it to BY_SEGMENT"


def test_the_document_does_not_depend_on_the_order_requests_arrived_in():
    committed = (ROOT / "docs" / "openapi.json").read_text()
    assert probe()["document"] + "\n" == committed


def test_routers_keep_no_exception_handler_or_middleware_of_their_own():
    # Included on first use, a router's own handler would apply only once a request to its paths came.
    assert not any(probe()["own_handlers"].values()), "register it on the app (app.py) instead"


def test_the_architecture_lists_every_router_once_in_their_order():
    """docs/architecture.md's Routes: one list, the routers of `lazy_routers.ORDER`."""
    text = (ROOT / "docs" / "architecture.md").read_text()
    routes = text.split("\n## Routes\n", 1)[1].strip().split("\n\n")[0]
    listed = [name + "_routes" for name in re.findall(r"^- `(\w+)`:", routes, flags=re.M)]
    assert listed == list(probe()["order"])


def test_the_profile_s_routers_leave_the_export_s_writing_and_the_calendars_out():
    """`GET /me` is the app's first request: the routers of `/me` include the account export's (which starts
    and shows an export) and the calendars' (which add and list them), not the export's writing, its README
    (Babel), the calendar feed (vobject), nor the calendars' reading (icalendar, recurring_ical_events) and
    fetching (`adapters/calendar_fetch.py`; urllib3 itself comes with botocore)."""
    probe_me = (
        "import importlib, json, sys; sys.path[:0] = sys.argv[1:3]; import app; from lazy_routers import BY_SEGMENT;"
        "[importlib.import_module(m) for m in BY_SEGMENT['me']]; print(json.dumps(sorted(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-I", "-c", probe_me, str(API), str(SHARED)], capture_output=True, text=True)
    imported = set(json.loads(done.stdout.splitlines()[-1]))
    assert {
        "babel",
        "icalendar",
        "recurring_ical_events",
        "vobject",
        "rapport.services.account_archives",
        "rapport.adapters.calendar_fetch",
        "rapport.domain.calendar_occurrences",
    }.isdisjoint(imported)
    assert "calendar_routes" in imported
