"""Phone items: the pending code (`PHONE_CODE`) and the attempts counted against a limit (codes texted,
wrong codes typed)."""

from __future__ import annotations

from pydantic_core import to_jsonable_python

from rapport.domain.limits import Attempts
from rapport.domain.profile import PhoneCode

# Stored under the domain's name (the table is the stored format: a domain rename must come here).
CODE = ("code_id", "phone", "code", "requested_at", "expires_at")
ATTEMPTS = ("times", "version")


def code_item(code: PhoneCode) -> dict:
    return to_jsonable_python({name: getattr(code, name) for name in CODE})


def code_of(item: dict) -> PhoneCode:
    return PhoneCode.model_validate({name: item[name] for name in CODE if name in item})


def attempts_item(attempts: Attempts) -> dict:
    return to_jsonable_python({name: getattr(attempts, name) for name in ATTEMPTS})


def attempts_of(item: dict) -> Attempts:
    return Attempts.model_validate({name: item[name] for name in ATTEMPTS if name in item})
