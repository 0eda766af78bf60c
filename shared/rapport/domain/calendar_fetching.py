"""What reading a calendar source's address gives: its body or "not modified", else why not. Pure, so
that services and the domain name them; the reading itself is `rapport.adapters.calendar_fetch`'s
(which exports these names too)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal


class FetchProblem(StrEnum):
    NOT_FOUND = "not_found"  # 404, 410: the address was probably reset
    FORBIDDEN = "forbidden"  # 401, 403, 407, 451
    SERVER_ERROR = "server_error"  # 5xx, other statuses, a broken answer
    TOO_LARGE = "too_large"
    TIMEOUT = "timeout"
    UNREACHABLE = "unreachable"  # DNS, connection, TLS
    PRIVATE_ADDRESS = "private_address"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    NOT_HTTPS = "not_https"


class FetchFailed(Exception):
    """The calendar could not be read: `code` for the source's state, `detail` in English for logs
    (never the address: it is a secret)."""

    def __init__(self, code: FetchProblem, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Fetched:
    status: Literal["changed", "not_modified"]
    body: bytes | None  # when changed
    etag: str | None
    last_modified: str | None
