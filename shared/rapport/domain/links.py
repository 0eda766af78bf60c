"""Warm paths: who could introduce the networker to someone they want to meet.

The networker notes who knows whom among their contacts (undirected links with a closeness). A warm
path runs networker -> first hop (someone met) -> ... -> target, every pair on it linked, nobody twice.
It is only as warm as the relationship with the first hop and every link after it, hence the score.
Pure: links and contacts come in, nothing is read or written here.
"""

from __future__ import annotations

import heapq
import math
from datetime import date, datetime
from enum import StrEnum

from pydantic import ConfigDict, Field, field_validator

from rapport.domain import followup
from rapport.domain.contact import Contact
from rapport.domain.errors import InvalidInput
from rapport.domain.interaction import ContactId
from rapport.domain.model import Model
from rapport.domain.vocabulary import Stage


class Closeness(StrEnum):
    CLOSE = "close"
    ACQUAINTED = "acquainted"
    DISTANT = "distant"


WEIGHT = {Closeness.CLOSE: 1.0, Closeness.ACQUAINTED: 0.6, Closeness.DISTANT: 0.3}
MAX_LINKS = 3  # from the first hop to the target: an introduction of an introduction of an introduction at most
MAX_PATHS = 10
UNKNOWN_HEALTH = 50  # a first hop with nothing to follow up yet: neither warm nor cold


class KnowsRequest(Model):
    """Body of POST /contacts/{contact_id}/knows: that contact knows this one, this well."""

    model_config = ConfigDict(extra="forbid")

    contact_id: ContactId
    closeness: Closeness = Field(description="close, acquainted or distant: how well the two know each other.")


class Link(Model):
    """An undirected "knows" link as stored; its ends sorted, so a pair has one key whichever way noted."""

    contact_ids: tuple[str, str]
    closeness: Closeness
    noted_at: datetime

    _sorted = field_validator("contact_ids")(lambda cls, ids: tuple(sorted(ids)))

    def other(self, contact_id: str) -> str:
        a, b = self.contact_ids
        if contact_id not in self.contact_ids:
            raise ValueError(f"{contact_id} is not on this link")
        return b if contact_id == a else a


def link(a: str, b: str, closeness: Closeness, at: datetime) -> Link:
    if a == b:
        raise InvalidInput("a contact knows others, not themselves", "contact_id")
    return Link(contact_ids=(a, b), closeness=closeness, noted_at=at)


class Step(Model):
    contact_id: str
    name: str
    closeness: Closeness = Field(
        description="How well this person knows the next one on the path (the last: the target)."
    )


class Path(Model):
    score: int = Field(
        description="0 to 100: the health of your relationship with the first person times the closeness of each link."
    )
    first_hop_health: int
    steps: list[Step] = Field(description="Who passes the introduction on, in order, first hop first; not the target.")


def _graph(links: list[Link], people: dict[str, Contact]) -> dict[str, dict[str, Closeness]]:
    """Neighbours of each known contact; a pair noted twice keeps its closest link, whatever the order."""
    graph: dict[str, dict[str, Closeness]] = {}
    for each in links:
        a, b = each.contact_ids
        if a == b or a not in people or b not in people:  # a deleted contact's links lead nowhere
            continue
        for one, other in ((a, b), (b, a)):
            known = graph.setdefault(one, {}).get(other)
            if known is None or WEIGHT[each.closeness] > WEIGHT[known]:
                graph[one][other] = each.closeness
    return graph


def _health(contact: Contact, today: date) -> int:
    health = followup.health(contact.effective_cadence, followup.days_since_last_touch(contact, today))
    return UNKNOWN_HEALTH if health is None else health


def paths(
    target_id: str, links: list[Link], people: dict[str, Contact], today: date, limit: int = MAX_PATHS
) -> list[Path]:
    """The warmest paths first (then the shortest, then by names and ids, so ties never flicker).

    A depth-first walk out from the target, at most MAX_LINKS links deep: polynomial in the graph size,
    and a contact already on the trail (or the target) is never walked into again, so cycles end.
    """
    if target_id not in people or limit <= 0:
        return []
    graph = _graph(links, people)
    healths: dict[str, int] = {}
    found: list[tuple[tuple[int, int, tuple[str, ...], tuple[str, ...]], list[str], list[Closeness]]] = []

    def walk(trail: list[str], closeness: list[Closeness]) -> None:
        # trail runs from the target's neighbour outwards; its last contact is the candidate first hop.
        head = people[trail[-1]]
        if head.stage is Stage.MET:
            if trail[-1] not in healths:
                healths[trail[-1]] = _health(head, today)
            health = healths[trail[-1]]
            ids, ties = trail[::-1], closeness[::-1]
            score = round(health * math.prod(WEIGHT[c] for c in ties))
            names = tuple(people[i].name.casefold() for i in ids)
            found.append(((-score, len(ids), names, tuple(ids)), ids, ties))
        if len(trail) < MAX_LINKS:
            for other, tie in graph.get(trail[-1], {}).items():
                if other != target_id and other not in trail:
                    walk([*trail, other], [*closeness, tie])

    for neighbour, tie in graph.get(target_id, {}).items():
        walk([neighbour], [tie])
    return [
        Path(
            score=-key[0],
            first_hop_health=healths[ids[0]],
            steps=[Step(contact_id=i, name=people[i].name, closeness=c) for i, c in zip(ids, ties, strict=True)],
        )
        for key, ids, ties in heapq.nsmallest(limit, found, key=lambda entry: entry[0])
    ]


def best(target_id: str, links: list[Link], people: dict[str, Contact], today: date) -> Path | None:
    """The warmest path, or None when nobody the networker met leads there."""
    found = paths(target_id, links, people, today, limit=1)
    return found[0] if found else None
