"""Duplicates listed, dismissed and merged, on the in-memory table: everything of the other contact moves to
the survivor, the other goes without a forgotten mark, and a merge interrupted or repeated ends the same."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from rapport.domain.contact import Wish
from rapport.domain.duplicates import MergeRequest, pair_id
from rapport.domain.errors import Conflict, InvalidInput, NotFound
from rapport.domain.interaction import InteractionCreate, Source
from rapport.domain.introductions import IntroductionCreate, IntroductionStatus
from rapport.domain.links import Closeness, KnowsRequest
from rapport.domain.matching import opportunity_id
from rapport.domain.meeting import MeetingCreate
from rapport.domain.reminders import Action, ReminderKind, ReminderState, reminder_id
from rapport.domain.vocabulary import Kind
from rapport.services import duplicates, followups, interactions, introductions, links, meetings, opportunities
from rapport.storage import keys
from tests.unit.services.conftest import NOW


def touch(store, me, *contact_ids, days_ago=0):
    draft = InteractionCreate(
        kind=Kind.COFFEE, occurred_at=NOW - timedelta(days=days_ago), contact_ids=list(contact_ids)
    )
    logged = interactions.log(store, me, draft, Source.API, NOW)
    for contact_id in contact_ids:  # the stream reaction
        followups.refresh(store, me.networker_id, contact_id, me.timezone)
    return logged.interaction_id


def merge(store, me, survivor, other, **request):
    return duplicates.merge(store, me, survivor, MergeRequest(other_id=other, **request), NOW)


@pytest.fixture
def twins(store, me, add):
    """Claire, added by hand, and her card from an import: the same phone and company, touches each."""
    claire = add("Claire Martin", phones=["+33612904567"], company="Fonds Horizon", circle="active")
    card = add(
        "Martin Claire",
        phones=["+33612904567"],
        emails=["cmartin@fondshorizon.fr"],
        company="Fonds Horizon SAS",
        title="Partner",
    )
    return claire, card


def test_pairs_listed_with_reasons_then_dismissed(store, me, add, twins):
    claire, card = twins
    add("Paul Roy", company="Fonds Horizon")
    [(found, first, second)] = duplicates.listed(store, me)
    assert found.pair_id == pair_id(claire, card) and {first.contact_id, second.contact_id} == {claire, card}
    assert [r.sign for r in found.reasons] == ["phone", "name", "company"]
    duplicates.dismiss(store, me, found.pair_id, NOW)
    duplicates.dismiss(store, me, found.pair_id, NOW)  # again: nothing more
    assert duplicates.listed(store, me) == []


def test_a_pair_unknown_is_not_found(store, me, twins):
    claire, _ = twins
    for wrong in ("nonsense", pair_id(claire, "ffff"), f"{claire}.{claire}"):
        with pytest.raises(NotFound) as refused:
            duplicates.dismiss(store, me, wrong, NOW)
        assert refused.value.field == "pair_id"


def test_the_survivor_takes_the_union_and_every_touch(store, me, twins, table):
    claire, card = twins
    touch(store, me, claire, days_ago=40)
    touch(store, me, card, days_ago=3)
    both = touch(store, me, claire, card, days_ago=10)
    survivor = merge(store, me, claire, card, take=["title"])
    assert survivor.emails == ["cmartin@fondshorizon.fr"] and survivor.title == "Partner"
    assert survivor.company == "Fonds Horizon" and survivor.phones == ["+33612904567"]
    nid = me.networker_id
    with pytest.raises(NotFound):
        store.contacts.get(nid, card)
    assert len(list(store.interactions.touches(nid, claire))) == 3
    assert list(store.interactions.touches(nid, card)) == []
    assert store.interactions.get(nid, both).contact_ids == [claire]
    assert store.contacts.owners(nid, ["cmartin@fondshorizon.fr"]) == {"cmartin@fondshorizon.fr": claire}
    assert not [k for k in table.items if k[1].startswith(keys.FORGOTTEN_PREFIX)]
    followups.refresh(store, nid, claire, me.timezone)  # the stream reaction to the touches moved
    refreshed = store.contacts.get(nid, claire)
    assert refreshed.last_touch_at == NOW - timedelta(days=3)
    assert refreshed.next_follow_up_on == date(2026, 3, 29)  # 3 days ago (27 February) + 30 (active)
    assert duplicates.listed(store, me) == []


def test_a_merge_done_answers_the_survivor_again(store, me, twins, table):
    claire, card = twins
    first = merge(store, me, claire, card)
    writes = table.writes
    assert merge(store, me, claire, card) == first
    assert table.writes == writes


def test_a_merge_interrupted_finishes_when_retried(store, me, twins, monkeypatch):
    claire, card = twins
    for days in (1, 2, 3):
        touch(store, me, card, days_ago=days)
    moved = []
    real = store.interactions.move_participant

    def crash_after_one(*args):
        if moved:
            raise RuntimeError("the function timed out")
        moved.append(real(*args))

    monkeypatch.setattr(store.interactions, "move_participant", crash_after_one)
    with pytest.raises(RuntimeError):
        merge(store, me, claire, card)
    assert store.contacts.get(me.networker_id, card).emails == []  # half way: its claims are the survivor's
    monkeypatch.undo()
    survivor = merge(store, me, claire, card, take=["company"])  # the choice was made the first time
    assert survivor.emails == ["cmartin@fondshorizon.fr"] and survivor.company == "Fonds Horizon"
    assert len(list(store.interactions.touches(me.networker_id, claire))) == 3
    with pytest.raises(NotFound):
        store.contacts.get(me.networker_id, card)


def test_links_introductions_meetings_and_reminder_states_move(store, me, add, twins):
    claire, card = twins
    nid = me.networker_id
    paul, marie = add("Paul Roy"), add("Marie Dupont")
    links.knows(store, me, card, KnowsRequest(contact_id=paul, closeness=Closeness.CLOSE), NOW)
    links.knows(store, me, card, KnowsRequest(contact_id=claire, closeness=Closeness.CLOSE), NOW)
    links.knows(store, me, claire, KnowsRequest(contact_id=marie, closeness=Closeness.DISTANT), NOW)
    links.knows(store, me, card, KnowsRequest(contact_id=marie, closeness=Closeness.CLOSE), NOW)
    to_marie, _ = introductions.suggest(store, me, IntroductionCreate(contact_ids=[card, marie], reason="seed"), NOW)
    between, _ = introductions.suggest(store, me, IntroductionCreate(contact_ids=[claire, card], reason="odd"), NOW)
    planned = meetings.plan(
        store, me, MeetingCreate(contact_ids=[card, claire, paul], starts_at=NOW + timedelta(days=2)), NOW
    )
    snoozed = ReminderState(
        reminder_id=reminder_id(ReminderKind.FOLLOW_UP, card, date(2026, 3, 1)),
        action=Action.SNOOZED,
        until=date(2026, 3, 9),
        at=NOW,
    )
    store.reminders.save(nid, snoozed)

    merge(store, me, claire, card)

    closeness = {link.contact_ids: link.closeness for link in store.links.all(nid)}
    assert closeness == {
        tuple(sorted((claire, paul))): Closeness.CLOSE,
        tuple(sorted((claire, marie))): Closeness.DISTANT,  # the survivor's own link kept
    }
    intro = store.introductions.get(nid, to_marie.introduction_id)
    assert intro.contact_ids == [claire, marie] and intro.status is IntroductionStatus.SUGGESTED
    with pytest.raises(NotFound):
        store.introductions.get(nid, between.introduction_id)
    assert store.meetings.get(nid, planned.meeting_id).contact_ids == [claire, paul]
    moved_id = reminder_id(ReminderKind.FOLLOW_UP, claire, date(2026, 3, 1))
    assert store.reminders.states(nid, [snoozed.reminder_id, moved_id]) == {
        moved_id: snoozed.model_copy(update={"reminder_id": moved_id})
    }


def test_an_import_identity_finds_the_survivor(store, me, add):
    nid = me.networker_id
    claire = add("Claire Martin", company="Kiosk")
    card = add("Claire Martin", company="Kiosk", linkedin_url="https://www.linkedin.com/in/clairemartin")
    merge(store, me, claire, card)
    assert store.contacts.linked(nid, ["https://www.linkedin.com/in/clairemartin"]) == {
        "https://www.linkedin.com/in/clairemartin": claire
    }


@pytest.mark.parametrize("which", ["self", "unknown other", "unknown survivor"])
def test_merging_with_itself_or_someone_unknown_is_refused(store, me, twins, which):
    claire, _ = twins
    cases = {
        "self": (claire, claire, InvalidInput, "other_id"),
        "unknown other": (claire, "ffff", NotFound, "other_id"),
        "unknown survivor": ("ffff", claire, NotFound, "contact_id"),
    }
    survivor, other, error, field = cases[which]
    with pytest.raises(error) as refused:
        merge(store, me, survivor, other)
    assert refused.value.field == field


def test_an_open_introduction_the_survivor_has_already_is_not_doubled(store, me, add, twins):
    claire, card = twins
    marie = add("Marie Dupont")
    kept, _ = introductions.suggest(store, me, IntroductionCreate(contact_ids=[claire, marie], reason="seed"), NOW)
    doubled, _ = introductions.suggest(store, me, IntroductionCreate(contact_ids=[card, marie], reason="seed"), NOW)
    merge(store, me, claire, card)
    nid = me.networker_id
    assert store.introductions.get(nid, kept.introduction_id).status is IntroductionStatus.SUGGESTED
    cancelled = store.introductions.get(nid, doubled.introduction_id)
    assert cancelled.status is IntroductionStatus.CANCELLED and cancelled.contact_ids == [claire, marie]
    with pytest.raises(Conflict):  # the pair's open marker is the survivor's
        introductions.suggest(store, me, IntroductionCreate(contact_ids=[marie, claire], reason="again"), NOW)


def test_a_touch_whose_interaction_is_gone_is_dropped(store, me, twins, table):
    claire, card = twins
    gone = touch(store, me, card, days_ago=1)
    del table.items[(keys.networker(me.networker_id), keys.interaction(gone))]  # deleted, its touch not yet
    merge(store, me, claire, card)
    assert list(store.interactions.touches(me.networker_id, claire)) == []
    assert list(store.interactions.touches(me.networker_id, card)) == []


def test_a_dismissed_help_opportunity_stays_dismissed_for_the_survivor(store, me, add, twins):
    claire, card = twins
    nid = me.networker_id
    store.contacts.replace(
        nid,
        (before := store.contacts.get(nid, card)).model_copy(
            update={"needs": [Wish(label="levée de fonds", noted_at=NOW)], "version": before.version + 1}
        ),
        before,
    )
    paul = add("Paul Roy", offers=["fundraising"])
    opportunities.refresh(store, nid, card, NOW)
    [found] = store.opportunities.listed(nid)
    opportunities.dismiss(store, me, found.opportunity_id, NOW)
    merge(store, me, claire, card)
    [moved] = store.opportunities.listed(nid)
    assert (moved.need_contact_id, moved.offer_contact_id, moved.dismissed_at) == (claire, paul, NOW)
    assert moved.opportunity_id == opportunity_id(claire, paul, found.concept)
