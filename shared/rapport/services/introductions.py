"""Introductions between two contacts, double opt-in: suggested, asked, accepted or declined, made (the
`introduction` touch is logged with both), followed up; or cancelled. Asked and made come with the
message to send, drafted in the networker's language, which they send themselves."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from rapport.delivery.introduction_drafts import Draft, Party, ask_draft, introduction_draft
from rapport.domain import introductions as workflow
from rapport.domain.contact import Contact
from rapport.domain.ids import new_id
from rapport.domain.interaction import Interaction, Source
from rapport.domain.introductions import AskRequest, Introduction, IntroductionCreate, IntroductionStatus, MakeRequest
from rapport.domain.profile import Profile
from rapport.domain.vocabulary import Direction, Kind
from rapport.storage import Store
from rapport.storage.dynamo import Write

# An introduction with the message to send at this step, if any.
Drafted = tuple[Introduction, Draft | None]


def suggest(store: Store, profile: Profile, create: IntroductionCreate, now: datetime) -> Drafted:
    intro = workflow.suggest(new_id(now), create, now)
    store.introductions.create(profile.networker_id, intro)
    return intro, None


def listed(store: Store, profile: Profile) -> list[Introduction]:
    """Newest first."""
    return sorted(store.introductions.listed(profile.networker_id), key=lambda i: i.created_at, reverse=True)


def get(store: Store, profile: Profile, introduction_id: str) -> Drafted:
    return _view(store, profile, store.introductions.get(profile.networker_id, introduction_id))


def ask(store: Store, profile: Profile, introduction_id: str, request: AskRequest, now: datetime) -> Drafted:
    before = store.introductions.get(profile.networker_id, introduction_id)
    return _save(store, profile, workflow.ask(before, now, request.contact_id), before)


def make(store: Store, profile: Profile, introduction_id: str, request: MakeRequest, now: datetime) -> Drafted:
    """Made: the two are put in touch, so the `introduction` touch is logged with both, in the same write."""
    before = store.introductions.get(profile.networker_id, introduction_id)
    after = workflow.make(before, now, request.follow_up_days, profile.timezone)
    touch = Interaction(
        interaction_id=new_id(now),
        kind=Kind.INTRODUCTION,
        direction=Direction.OUTBOUND,
        occurred_at=now,
        contact_ids=after.contact_ids,
        summary=after.reason,
        source=Source.API,
        created_at=now,
    )
    along = store.interactions.creation(profile.networker_id, touch)
    return _save(store, profile, after, before, along)


def act(store: Store, profile: Profile, introduction_id: str, action: str, now: datetime) -> Drafted:
    """accept, decline, follow_up, cancel: a move of the workflow alone."""
    before = store.introductions.get(profile.networker_id, introduction_id)
    return _save(store, profile, workflow.apply(before, workflow.IntroductionAction(action), now), before)


def _save(
    store: Store, profile: Profile, after: Introduction, before: Introduction, along: Iterable[Write] = ()
) -> Drafted:
    store.introductions.replace(profile.networker_id, after, before, list(along))
    return _view(store, profile, after)


def _view(store: Store, profile: Profile, intro: Introduction) -> Drafted:
    """With the draft of the moment: the ask while asked, the introduction once accepted or made."""
    draft = None
    if intro.status in (IntroductionStatus.ASKED, IntroductionStatus.ACCEPTED, IntroductionStatus.MADE):
        people = {c.contact_id: c for c in store.contacts.get_many(profile.networker_id, intro.contact_ids)}
        if len(people) == 2:
            first, second = (people[c] for c in (intro.asked_contact_id or intro.contact_ids[0], _other(intro)))
            if intro.status is IntroductionStatus.ASKED:
                draft = ask_draft(_party(first), _party(second), intro.reason, profile.name, profile.locale)
            else:
                draft = introduction_draft(_party(first), _party(second), intro.reason, profile.name, profile.locale)
    return intro, draft


def _other(intro: Introduction) -> str:
    asked = intro.asked_contact_id or intro.contact_ids[0]
    return next(c for c in intro.contact_ids if c != asked)


def _party(contact: Contact) -> Party:
    return Party(
        name=contact.name,
        email=contact.emails[0] if contact.emails else None,
        company=contact.company,
        title=contact.title,
    )
