"""Who knows whom, and the warm paths it opens to the people the networker wants to meet."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from rapport.domain.contact import Contact
from rapport.domain.errors import Conflict
from rapport.domain.followup import local_date
from rapport.domain.links import Closeness, KnowsRequest, Link, Path, best, link, paths
from rapport.domain.model import Model
from rapport.domain.profile import Profile
from rapport.domain.vocabulary import Priority, Stage
from rapport.storage import Store


class Known(Model):
    """Someone a contact knows, and how well."""

    contact_id: str
    name: str
    closeness: Closeness
    noted_at: datetime


class WarmPaths(Model):
    contact_id: str
    paths: list[Path] = Field(description="Best first: the warmest first relationship and the closest links.")


def knows(store: Store, profile: Profile, contact_id: str, request: KnowsRequest, now: datetime) -> Known:
    """Note that two contacts know each other (again: the new closeness replaces the old)."""
    noted = link(contact_id, request.contact_id, request.closeness, now)
    store.links.save(profile.networker_id, noted)
    other = store.contacts.get(profile.networker_id, request.contact_id)
    return Known(contact_id=other.contact_id, name=other.name, closeness=noted.closeness, noted_at=now)


def known_by(store: Store, profile: Profile, contact_id: str) -> list[Known]:
    """Whom a contact knows, closest first, then by name."""
    store.contacts.get(profile.networker_id, contact_id)
    theirs = [link for link in store.links.all(profile.networker_id) if contact_id in link.contact_ids]
    people = {
        c.contact_id: c
        for c in store.contacts.get_many(profile.networker_id, [link.other(contact_id) for link in theirs])
    }
    known = [
        Known(contact_id=other, name=people[other].name, closeness=link.closeness, noted_at=link.noted_at)
        for link in theirs
        if (other := link.other(contact_id)) in people
    ]
    order = list(Closeness)
    return sorted(known, key=lambda k: (order.index(k.closeness), k.name.casefold(), k.contact_id))


def forget_link(store: Store, profile: Profile, contact_id: str, other_id: str) -> None:
    store.links.delete(profile.networker_id, contact_id, other_id)


def warm_paths(store: Store, profile: Profile, contact_id: str, now: datetime) -> WarmPaths:
    """The warm paths to a contact still to meet, best first."""
    target = store.contacts.get(profile.networker_id, contact_id)
    if target.stage is not Stage.TO_MEET:
        raise Conflict(f"you have met {target.name} already: paths lead to people still to meet", "contact_id")
    links, people = _graph(store, profile)
    found = paths(contact_id, links, people | {contact_id: target}, local_date(now, profile.timezone))
    return WarmPaths(contact_id=contact_id, paths=found)


def nudge(store: Store, profile: Profile, today: date) -> tuple[Contact, Path | None] | None:
    """The one contact to meet the day's digest names, and the best warm path to them if any.

    The highest priority first, and in a priority those a warm path leads to; the day picks one in
    turn, so each is named some day. A LinkedIn connection (low priority) is only named once a warm
    path leads to them: a connection nobody can introduce is not worth a daily nudge."""
    links, people = _graph(store, profile)
    for priority in Priority:
        ids = store.contacts.to_meet(profile.networker_id, priority)
        warm = []
        for contact_id in (c for c in ids if c in people):
            found = best(contact_id, links, people, today)
            if found is not None:
                warm.append((contact_id, found))
        if warm:
            contact_id, path = warm[today.toordinal() % len(warm)]
            return people[contact_id], path
        if ids and priority is not Priority.LOW:
            return store.contacts.get(profile.networker_id, ids[today.toordinal() % len(ids)]), None
    return None


def _graph(store: Store, profile: Profile) -> tuple[list[Link], dict[str, Contact]]:
    """Who knows whom, and the contacts on those links (a networker's graph is a few hundred links)."""
    links = store.links.all(profile.networker_id)
    linked = sorted({c for link in links for c in link.contact_ids})
    return links, {c.contact_id: c for c in store.contacts.get_many(profile.networker_id, linked)}
