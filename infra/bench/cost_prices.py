"""The dated table of public AWS prices (`prices.csv`, us-east-1) and the arithmetic of a bill.

Each row prices one countable thing: `usd` for `per` of its `unit`, in `region`, with the `date` the
price took effect or was read and the `source` page that lists it. Usage is a mapping from a row's
`key` to a quantity in its unit; `bill` prices every quantity exactly (Decimal), and a quantity with
no row is an error: nothing counted goes unpriced. Free tiers are never subtracted: they belong to an
AWS account, not to Rapport.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

PRICES = Path(__file__).with_name("prices.csv")
REGION = "us-east-1"


@dataclass(frozen=True)
class Price:
    key: str
    usd: Decimal
    per: Decimal
    unit: str
    region: str
    date: date
    source: str
    note: str

    @property
    def each(self) -> Decimal:
        return self.usd / self.per


@dataclass(frozen=True)
class Line:
    key: str
    quantity: Decimal
    dollars: Decimal
    unit: str


def load(path: Path = PRICES) -> dict[str, Price]:
    """Every row, checked: a number, a region, an ISO date and an https source on each; keys unique."""
    prices: dict[str, Price] = {}
    with path.open(newline="", encoding="utf-8") as rows:
        for number, row in enumerate(csv.DictReader(rows), start=2):
            where = f"{path.name} line {number}"
            if not re.fullmatch(r"https://\S+", row["source"] or ""):
                raise ValueError(f"{where}: no https source")
            if row["region"] != REGION:
                raise ValueError(f"{where}: region {row['region']!r}, not {REGION}")
            price = Price(
                key=row["key"],
                usd=Decimal(row["usd"]),
                per=Decimal(row["per"]),
                unit=row["unit"],
                region=row["region"],
                date=date.fromisoformat(row["date"]),
                source=row["source"],
                note=row["note"],
            )
            if price.usd < 0 or price.per <= 0 or not price.unit:
                raise ValueError(f"{where}: a price needs usd >= 0, per > 0 and a unit")
            if price.key in prices:
                raise ValueError(f"{where}: {price.key} twice")
            prices[price.key] = price
    return prices


def bill(usage: Mapping[str, float | int | Decimal], prices: Mapping[str, Price]) -> list[Line]:
    """One line per key used, most expensive first; a key with no price raises KeyError."""
    lines = []
    for key, quantity in usage.items():
        amount = Decimal(str(quantity))
        if amount:
            price = prices[key]
            lines.append(Line(key, amount, amount * price.each, price.unit))
    return sorted(lines, key=lambda line: (-line.dollars, line.key))


def total(lines: list[Line]) -> Decimal:
    return sum((line.dollars for line in lines), Decimal(0))
