"""Greetings seasons: each season's campaign opens lazily (whoever comes first on a day of the season: the
digest, a greeting touch, a contact joining, a read); a contact met, added or moved into its circles while
it is under way joins it; then who was greeted follows the touches.

Who was greeted is always recomputed from a contact's touches as they are now, never counted up: a
replayed stream record, a deleted greeting or one logged late all end in the same marks.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time
from zoneinfo import ZoneInfo

from rapport.domain.contact import Contact
from rapport.domain.errors import NotFound
from rapport.domain.followup import local_date
from rapport.domain.greetings import (
    Campaign,
    CampaignView,
    SeasonSetting,
    Window,
    greets,
    joins,
    open_campaign,
    open_on,
    window_of,
)
from rapport.domain.greetings import campaign_id as id_of
from rapport.domain.interaction import Touch
from rapport.domain.profile import Profile
from rapport.services.interactions import CLOCK_SKEW
from rapport.storage import Store


def open_today(store: Store, profile: Profile, now: datetime) -> list[Campaign]:
    """The campaigns of the seasons under way on the networker's today, opened if they were not yet."""
    nid, contacts, found = profile.networker_id, None, []
    for setting, window in open_on(profile.greetings, local_date(now, profile.timezone)):
        campaign = store.campaigns.get(nid, id_of(window.season, window.year))
        if campaign is None:
            contacts = store.contacts.all(nid) if contacts is None else contacts  # once, whatever the seasons
            campaign = store.campaigns.open(nid, _new(store, profile, setting, window, contacts, now))
        found.append(campaign)
    return found


def _new(
    store: Store, profile: Profile, setting: SeasonSetting, window: Window, contacts: list[Contact], now: datetime
) -> Campaign:
    """The list to greet, with those already greeted on a day of the season before it opened: read from
    what was logged since the season began (one range of interaction ids: a touch is logged at most
    CLOCK_SKEW before it happens), not from each contact's touches."""
    zone = profile.timezone
    began = datetime.combine(window.opens_on, time(0), ZoneInfo(zone))
    logged = store.interactions.created_between(profile.networker_id, began - CLOCK_SKEW, now + CLOCK_SKEW)
    greeted = {c for i in logged if greets(i.kind, local_date(i.occurred_at, zone), window) for c in i.contact_ids}
    return open_campaign(setting, window, contacts, greeted, now)


def track(store: Store, networker_id: str, contact_ids: Iterable[str], now: datetime) -> int:
    """A greeting was logged, changed or deleted with these contacts: recount them in every campaign that
    holds them (a greeting logged late, dated in a past season, counts there). Returns the marks changed."""
    profile = store.profiles.get(networker_id)
    if profile is None:
        return 0
    open_today(store, profile, now)  # a greeting may be the first thing of the season
    campaigns = store.campaigns.listed(networker_id)
    changed = 0
    for contact_id in contact_ids:
        holding = [c for c in campaigns if contact_id in c.contact_ids]
        touches = list(store.interactions.touches(networker_id, contact_id)) if holding else []
        for campaign in holding:
            greeted = _greeted(touches, window_of(campaign), profile.timezone)
            if greeted != (contact_id in campaign.greeted):
                changed += store.campaigns.mark(
                    networker_id, id_of(campaign.season, campaign.year), contact_id, greeted
                )
    return changed


def join(store: Store, networker_id: str, contact_id: str, now: datetime) -> int:
    """A contact was added, met or moved into another circle: into each campaign under way whose circles
    hold them now, greeted already if a greeting in the window says so (the touch that met them may be
    one). Returns how many campaigns they joined; nothing is written when they are in already."""
    profile = store.profiles.get(networker_id)
    if profile is None or not open_on(profile.greetings, local_date(now, profile.timezone)):
        return 0
    contact = next(iter(store.contacts.get_many(networker_id, [contact_id])), None)
    if contact is None:  # deleted since
        return 0
    settings = {setting.season: setting for setting in profile.greetings}
    joining = [c for c in open_today(store, profile, now) if joins(c, settings[c.season], contact)]
    touches = list(store.interactions.touches(networker_id, contact_id)) if joining else []
    return sum(
        store.campaigns.join(
            networker_id,
            id_of(campaign.season, campaign.year),
            contact_id,
            _greeted(touches, window_of(campaign), profile.timezone),
        )
        for campaign in joining
    )


def _greeted(touches: Iterable[Touch], window: Window, timezone: str) -> bool:
    return any(greets(t.kind, local_date(t.occurred_at, timezone), window) for t in touches)


def views(store: Store, profile: Profile, now: datetime) -> list[CampaignView]:
    """Every campaign of the networker, the newest season first (today's opened if need be)."""
    open_today(store, profile, now)
    return _views(store, profile, store.campaigns.listed(profile.networker_id), now)


def view(store: Store, profile: Profile, campaign_id: str, now: datetime) -> CampaignView:
    open_today(store, profile, now)
    campaign = store.campaigns.get(profile.networker_id, campaign_id)
    if campaign is None:
        raise NotFound(f"no campaign {campaign_id}", "campaign_id")
    return _views(store, profile, [campaign], now)[0]


def under_way(store: Store, profile: Profile, now: datetime, names: int) -> list[CampaignView]:
    """The campaigns of the seasons under way today, for the digest, naming the first `names` still to
    greet: what it reads does not grow with the contacts held."""
    return _views(store, profile, open_today(store, profile, now), now, names)


def forget(store: Store, networker_id: str, contact_id: str) -> int:
    """A contact was deleted: out of the count of every campaign that held them. Returns how many."""
    holding = [c for c in store.campaigns.listed(networker_id) if contact_id in c.contact_ids]
    return sum(store.campaigns.drop(networker_id, id_of(c.season, c.year), contact_id) for c in holding)


def _views(
    store: Store, profile: Profile, campaigns: list[Campaign], now: datetime, names: int | None = None
) -> list[CampaignView]:
    """With the names of who is left (the first `names` of each, or all), read by key once for all."""
    wanted = [c for campaign in campaigns for c in campaign.left[:names]]
    named = {c.contact_id: c.name for c in store.contacts.get_many(profile.networker_id, wanted)}
    today = local_date(now, profile.timezone)
    return [CampaignView.of(campaign, named, today, profile.locale) for campaign in campaigns]
