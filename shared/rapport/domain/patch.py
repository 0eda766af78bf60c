"""Partial updates: only the fields sent change, null clears an optional one, a version guards races."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import ConfigDict, Field

from rapport.domain.errors import Conflict
from rapport.domain.model import Model

T = TypeVar("T")


class Patch(Model):
    model_config = ConfigDict(extra="forbid")

    version: int | None = Field(default=None, description="The version you read; 409 if it changed since.")

    def check_version(self, stored: int) -> None:
        if self.version is not None and self.version != stored:
            raise Conflict(f"version {self.version} is not the current one ({stored}); read again and retry", "version")

    def changes(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.model_fields_set if name != "version"}


def not_null(cls: type, value: T) -> T:
    """Field validator for patch fields that may be left out but not cleared (runs only when sent)."""
    if value is None:
        raise ValueError("cannot be null")
    return value
