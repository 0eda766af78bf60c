"""DynamoDB JSON as it travels on the wire, from and to what boto3's low-level client hands over.

boto3 gives binary attribute values (B, BS) as bytes; the wire, Lambda stream events and the
state file carry them base64-encoded. Everything else is already plain JSON.
"""

from __future__ import annotations

import base64
from collections.abc import Callable


def to_wire(item: dict) -> dict:
    """An item (name -> attribute value) with its bytes turned into base64 text."""
    return _map_binary(item, lambda raw: base64.b64encode(raw).decode())


def from_wire(item: dict) -> dict:
    """The reverse of `to_wire`: base64 text back into bytes, as boto3 wants them."""
    return _map_binary(item, base64.b64decode)


def _map_binary(item: dict, convert: Callable) -> dict:
    return {name: _map_value(value, convert) for name, value in item.items()}


def _map_value(value: dict, convert: Callable) -> dict:
    ((kind, content),) = value.items()
    if kind == "B":
        return {"B": convert(content)}
    if kind == "BS":
        return {"BS": [convert(member) for member in content]}
    if kind == "M":
        return {"M": _map_binary(content, convert)}
    if kind == "L":
        return {"L": [_map_value(member, convert) for member in content]}
    return value
