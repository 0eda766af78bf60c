"""DynamoDB expressions, the subset storage writes, read and applied to items held as Python values.

Conditions, filters and key conditions: `a = :v`, `<>`, `<`, `<=`, `>`, `>=`, `BETWEEN :a AND :b`,
`attribute_exists(a)`, `attribute_not_exists(a)`, `begins_with(a, :v)`, `AND`, `OR`, `NOT`, parentheses.
Updates: `SET a = :v, b = if_not_exists(b, :v), c = list_append(c, :v), d = d + :v`, `REMOVE a, b`,
`ADD a :v` (a number or a set), `DELETE a :v` (from a set). Projections: `a, #b`.
Attribute names are top level only (storage reads no nested paths); anything else is refused loudly,
so that a new expression in storage fails here rather than passing untested.
"""

from __future__ import annotations

import re
from decimal import Decimal

_TOKEN = re.compile(r"\s*(<>|<=|>=|[=<>(),+-]|[#:]?[A-Za-z_][A-Za-z0-9_]*)")
_COMPARE = {
    "=": lambda a, b: a == b,
    "<>": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}
_MISSING = object()


class Unsupported(ValueError):
    """An expression outside the subset the fake knows: add it here, with a contract test."""


def _tokens(text: str) -> list[str]:
    tokens, at = [], 0
    while at < len(text.rstrip()):
        match = _TOKEN.match(text, at)
        if match is None:
            raise Unsupported(f"cannot read {text[at:]!r} in {text!r}")
        tokens.append(match.group(1))
        at = match.end()
    return tokens


class _Reader:
    def __init__(self, text: str, names: dict, values: dict):
        self.text, self.tokens, self.at = text, _tokens(text), 0
        self.names, self.values = names or {}, values or {}

    def peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def keyword(self, *words: str) -> str | None:
        token = self.peek()
        if token is not None and token.upper() in words:
            self.at += 1
            return token.upper()
        return None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None or (expected is not None and token != expected):
            raise Unsupported(f"expected {expected or 'more'} at token {self.at} of {self.text!r}")
        self.at += 1
        return token

    def done(self) -> None:
        if self.peek() is not None:
            raise Unsupported(f"unexpected {self.peek()!r} in {self.text!r}")

    def name(self) -> str:
        token = self.take()
        if token.startswith("#"):
            return self.names[token]
        if token.startswith(":") or not re.match(r"[A-Za-z_]", token):
            raise Unsupported(f"expected an attribute name, got {token!r} in {self.text!r}")
        return token

    def operand(self):
        """A function of the item: its attribute, or a value given with the expression."""
        token = self.peek()
        if token is not None and token.startswith(":"):
            self.at += 1
            value = self.values[token]
            return lambda item: value
        if token in ("if_not_exists", "list_append"):
            self.at += 1
            self.take("(")
            first = self.operand()
            self.take(",")
            second = self.operand()
            self.take(")")
            if token == "if_not_exists":
                return lambda item: second(item) if first(item) is _MISSING else first(item)
            return lambda item: list(first(item)) + list(second(item))
        name = self.name()
        return lambda item: item.get(name, _MISSING)


# ---------------------------------------------------------------- conditions


def condition(text: str, names: dict | None = None, values: dict | None = None):
    """A predicate on an item (a dict of Python values; {} for no item)."""
    reader = _Reader(text, names, values)
    test = _disjunction(reader)
    reader.done()
    return test


def _disjunction(reader: _Reader):
    tests = [_conjunction(reader)]
    while reader.keyword("OR"):
        tests.append(_conjunction(reader))
    return tests[0] if len(tests) == 1 else lambda item: any(t(item) for t in tests)


def _conjunction(reader: _Reader):
    tests = [_unary(reader)]
    while reader.keyword("AND"):
        tests.append(_unary(reader))
    return tests[0] if len(tests) == 1 else lambda item: all(t(item) for t in tests)


def _unary(reader: _Reader):
    if reader.keyword("NOT"):
        inner = _unary(reader)
        return lambda item: not inner(item)
    if reader.peek() == "(":
        reader.take("(")
        inner = _disjunction(reader)
        reader.take(")")
        return inner
    if reader.peek() in ("attribute_exists", "attribute_not_exists", "begins_with"):
        function = reader.take()
        reader.take("(")
        name = reader.name()
        prefix = None
        if function == "begins_with":
            reader.take(",")
            prefix = reader.operand()
        reader.take(")")
        if function == "attribute_exists":
            return lambda item: name in item
        if function == "attribute_not_exists":
            return lambda item: name not in item
        return lambda item: isinstance(item.get(name), str) and item[name].startswith(prefix(item))
    left = reader.operand()
    if reader.keyword("BETWEEN"):
        low = reader.operand()
        if not reader.keyword("AND"):
            raise Unsupported(f"BETWEEN without AND in {reader.text!r}")
        high = reader.operand()
        return lambda item: _compared(low(item), "<=", left(item)) and _compared(left(item), "<=", high(item))
    operator = reader.take()
    if operator not in _COMPARE:
        raise Unsupported(f"unknown operator {operator!r} in {reader.text!r}")
    right = reader.operand()
    return lambda item: _compared(left(item), operator, right(item))


def _compared(left, operator: str, right) -> bool:
    """As DynamoDB compares: a missing attribute, or values of different types, never match (but `<>`)."""
    if left is _MISSING or right is _MISSING or _kind(left) != _kind(right):
        return operator == "<>" and left is not _MISSING and right is not _MISSING
    return _COMPARE[operator](left, right)


def _kind(value) -> type:
    return Decimal if isinstance(value, int | Decimal) and not isinstance(value, bool) else type(value)


def key_attributes(text: str, names: dict | None = None) -> set[str]:
    """The attribute names a key condition reads (to check it reads the key only)."""
    return {names[t] if t.startswith("#") else t for t in _tokens(text) if _is_name(t)}


def _is_name(token: str) -> bool:
    words = {"AND", "OR", "NOT", "BETWEEN", "BEGINS_WITH"}
    return token.startswith("#") or (re.match(r"[A-Za-z_]", token) is not None and token.upper() not in words)


# ---------------------------------------------------------------- updates


def update(item: dict, text: str, names: dict | None = None, values: dict | None = None) -> dict:
    """The item (a new dict) once the update expression is applied."""
    reader, actions = _Reader(text, names, values), []
    while (clause := reader.keyword("SET", "REMOVE", "ADD", "DELETE")) is not None:
        while True:
            actions.append(_action(reader, clause))
            if reader.peek() != ",":
                break
            reader.take(",")
    reader.done()
    if not actions:
        raise Unsupported(f"no update in {text!r}")
    # Every operand reads the item as it was before the update, as in DynamoDB.
    before, after = dict(item), dict(item)
    for apply in actions:
        apply(before, after)
    return after


def _action(reader: _Reader, clause: str):
    name = reader.name()
    if clause == "REMOVE":
        return lambda before, after: after.pop(name, None)
    if clause == "SET":
        reader.take("=")
        value = reader.operand()
        if reader.peek() in ("+", "-"):
            sign, other = reader.take(), reader.operand()
            first = value
            value = lambda item: first(item) + other(item) if sign == "+" else first(item) - other(item)  # noqa: E731
        return lambda before, after: after.__setitem__(name, _present(value(before), reader.text))
    given = reader.operand()
    if clause == "ADD":
        return lambda before, after: after.__setitem__(name, _added(before.get(name, _MISSING), given(before)))

    def delete(before, after):
        left = set(before.get(name, set())) - set(given(before))
        if left:
            after[name] = left
        else:
            after.pop(name, None)  # DynamoDB stores no empty set

    return delete


def _present(value, text: str):
    if value is _MISSING:
        raise Unsupported(f"an operand of {text!r} reads a missing attribute")
    return value


def _added(current, given):
    if isinstance(given, set):
        return (set() if current is _MISSING else set(current)) | given
    return (Decimal(0) if current is _MISSING else current) + given


# ---------------------------------------------------------------- projections


def projection(text: str, names: dict | None = None) -> list[str]:
    reader, attributes = _Reader(text, names, {}), []
    while True:
        attributes.append(reader.name())
        if reader.peek() != ",":
            break
        reader.take(",")
    reader.done()
    return attributes
