"""The stored shape of each item type, pinned: a domain model changed must not change what is stored,
and what was stored before (old formats included) still reads."""

from datetime import UTC, date, datetime

from rapport.domain.backoff import Showing, Shown
from rapport.domain.contact import Birthday, Contact, Wish
from rapport.domain.interaction import Interaction, Source, Touch
from rapport.domain.profile import CalendarNotice, Profile, ProfileEmail
from rapport.domain.vocabulary import Circle, Direction, Kind, Stage
from rapport.storage.shapes import contact as contact_shape
from rapport.storage.shapes import interaction as interaction_shape
from rapport.storage.shapes import profile as profile_shape
from rapport.storage.shapes import shown as shown_shape

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)

CONTACT = Contact(
    contact_id="01JN0000000000000000000000",
    name="Claire Martin",
    emails=["claire@example.com"],
    needs=[Wish(label="a CTO", noted_at=NOW)],
    birthday=Birthday(day=29, month=2),
    declared_stage=Stage.MET,
    circle=Circle.INNER,
    created_at=NOW,
    updated_at=NOW,
    stage=Stage.MET,
    next_follow_up_on=date(2026, 3, 16),
)

STORED_CONTACT = {
    "contact_id": "01JN0000000000000000000000",
    "name": "Claire Martin",
    "emails": ["claire@example.com"],
    "phones": [],
    "company": None,
    "title": None,
    "how_we_met": None,
    "tags": [],
    "birthday": {"day": 29, "month": 2, "year": None},
    "notes": None,
    "linkedin_url": None,
    "declared_stage": "met",
    "why": None,
    "priority": "normal",
    "origin": None,
    "import_id": None,
    "import_key": None,
    "circle": "inner",
    "cadence": None,
    "created_at": "2026-03-02T09:30:00Z",
    "updated_at": "2026-03-02T09:30:00Z",
    "version": 1,
    "stage": "met",
    "last_touch_at": None,
    "first_met_at": None,
    "next_follow_up_on": "2026-03-16",
    "help_given": 0,
    "help_received": 0,
    "needs": [{"label": "a CTO", "detail": None, "noted_at": "2026-03-02T09:30:00Z", "confirmed_at": None}],
    "offers": [],
}


def test_a_contact_is_stored_in_its_pinned_shape_and_reads_back():
    assert contact_shape.to_item(CONTACT) == STORED_CONTACT
    assert contact_shape.from_item(STORED_CONTACT) == CONTACT


def test_needs_and_offers_stored_as_plain_labels_read_as_noted_at_creation():
    old = {k: v for k, v in STORED_CONTACT.items() if v is not None} | {"needs": ["a CTO"], "offers": ["intros"]}
    contact = contact_shape.from_item(old)
    assert contact.needs == [Wish(label="a CTO", noted_at=NOW)]
    assert contact.offers == [Wish(label="intros", noted_at=NOW)]


def test_a_contact_item_without_the_attributes_added_since_reads_with_their_defaults():
    oldest = {k: v for k, v in STORED_CONTACT.items() if k not in ("priority", "help_given", "help_received", "tags")}
    contact = contact_shape.from_item(oldest)
    assert (contact.priority, contact.help_given, contact.tags) == ("normal", 0, [])


def test_a_duplicates_card_is_read_from_the_contact_items_projection_in_its_shape():
    """Read where the contact's shape is: an old format is read in one place."""
    projected = {name: STORED_CONTACT[name] for name in contact_shape.CARD}
    assert set(contact_shape.CARD) <= set(contact_shape.PLAIN)  # each stored under its name
    card = contact_shape.card_of(projected)
    assert card == contact_shape.card_of(STORED_CONTACT)
    assert (card.contact_id, card.name, card.emails, card.company) == (
        CONTACT.contact_id,
        "Claire Martin",
        CONTACT.emails,
        None,
    )


INTERACTION = Interaction(
    interaction_id="01JN0000000000000000000001",
    kind=Kind.COFFEE,
    direction=Direction.MUTUAL,
    occurred_at=NOW,
    contact_ids=["01JN0000000000000000000000"],
    source=Source.API,
    created_at=NOW,
)

STORED_INTERACTION = {
    "interaction_id": "01JN0000000000000000000001",
    "kind": "coffee",
    "direction": "mutual",
    "occurred_at": "2026-03-02T09:30:00Z",
    "contact_ids": ["01JN0000000000000000000000"],
    "subject": None,
    "summary": None,
    "source": "api",
    "created_at": "2026-03-02T09:30:00Z",
}


def test_an_interaction_is_stored_in_its_pinned_shape_and_reads_back_as_an_interaction_or_a_touch():
    assert interaction_shape.to_item(INTERACTION) == STORED_INTERACTION
    assert interaction_shape.from_item(STORED_INTERACTION) == INTERACTION
    touch = interaction_shape.touch_from_item({k: STORED_INTERACTION[k] for k in interaction_shape.TOUCH})
    assert touch == Touch(interaction_id=INTERACTION.interaction_id, kind=Kind.COFFEE, occurred_at=NOW)


PROFILE = Profile(
    networker_id="6f1c2a52-8f1e-4b8e-9a57-0d6a3f3c9b11",
    name="Nadia",
    emails=[ProfileEmail(address="nadia@example.com", verified=True)],
    created_at=NOW,
    updated_at=NOW,
    inbound_token="k3y",
    calendar_feed_secret="s3cret",
)

STORED_PROFILE = {
    "networker_id": "6f1c2a52-8f1e-4b8e-9a57-0d6a3f3c9b11",
    "name": "Nadia",
    "emails": [{"address": "nadia@example.com", "verified": True}],
    "phone": None,
    "sms_stopped": False,
    "region": None,
    "timezone": "UTC",
    "locale": "en",
    "digest_time": "08:00",
    "digest_size": 5,
    "channels": {"email": True, "sms": False},
    "weekly_goals": {"new_people": None, "touches": None, "help_given": None, "introductions": None},
    "review_day": "friday",
    "review_time": "17:00",
    "greetings": [{"season": "new_year", "circles": ["inner", "active", "network"]}],
    "created_at": "2026-03-02T09:30:00Z",
    "updated_at": "2026-03-02T09:30:00Z",
    "version": 1,
    "inbound_token": "k3y",
    "calendar_feed_secret": "s3cret",
    "deleting_since": None,
    "calendar_notices": None,  # absent when none (to_item leaves None out)
}


def test_a_profile_is_stored_in_its_pinned_shape_and_reads_back():
    assert profile_shape.to_item(PROFILE) == STORED_PROFILE
    assert profile_shape.from_item(STORED_PROFILE) == PROFILE


def test_a_profile_with_a_calendar_notice_keeps_it():
    notice = CalendarNotice(calendar_id="cal1", name="Perso", since=NOW, code="not_found")
    noted = PROFILE.model_copy(update={"calendar_notices": [notice]})
    stored = profile_shape.to_item(noted)
    assert stored["calendar_notices"] == [
        {"calendar_id": "cal1", "name": "Perso", "since": NOW.isoformat().replace("+00:00", "Z"), "code": "not_found"}
    ]
    assert profile_shape.from_item(stored) == noted


def test_a_profile_item_from_before_goals_and_greetings_reads_with_their_defaults():
    oldest = {
        k: v for k, v in STORED_PROFILE.items() if k not in ("weekly_goals", "review_day", "greetings", "digest_size")
    }
    assert profile_shape.from_item(oldest) == PROFILE


SHOWN = Shown(
    on=date(2026, 3, 2),
    people={"c1": Showing(last_on=date(2026, 3, 2), times=2, reasons=["follow_up.c1.20260101", "meet.c1"])},
    to_meet={"c1": [date(2026, 2, 28), date(2026, 3, 2)]},
    opportunities={"help.0a1": 1},
)
STORED_SHOWN = {
    "on": "2026-03-02",
    "people": {"c1": {"last_on": "2026-03-02", "times": 2, "reasons": ["follow_up.c1.20260101", "meet.c1"]}},
    "to_meet": {"c1": ["2026-02-28", "2026-03-02"]},
    "opportunities": {"help.0a1": 1},
}


def test_what_the_digests_showed_is_stored_in_its_pinned_shape_and_reads_back():
    assert shown_shape.to_item(SHOWN) == STORED_SHOWN
    assert shown_shape.from_item(STORED_SHOWN) == SHOWN


def test_every_field_of_every_stored_model_has_its_place_in_the_stored_shape():
    """A field added to a domain model must be added to its shape too, or it would not be stored."""
    from rapport.domain.account_exports import AccountExport
    from rapport.domain.greetings import Campaign
    from rapport.domain.imports import ImportJob
    from rapport.domain.inbound import Quarantined, Suggestion
    from rapport.domain.introductions import Introduction
    from rapport.domain.limits import Attempts
    from rapport.domain.links import Link
    from rapport.domain.matching import Opportunity
    from rapport.domain.meeting import Meeting
    from rapport.domain.profile import PhoneCode
    from rapport.domain.reminders import ReminderState
    from rapport.storage.opportunities import KeptOpportunity
    from rapport.storage.shapes import (
        account_export,
        campaign,
        import_job,
        inbound,
        introduction,
        link,
        meeting,
        opportunity,
        phone,
        reminder,
        review,
        shown,
        sms_digest,
    )
    from rapport.storage.shapes.review import ReviewRecord

    shapes = [
        (Contact, (*contact_shape.PLAIN, *contact_shape.WISHES, *contact_shape.MERGES)),
        (Interaction, interaction_shape.PLAIN),
        (Profile, (*profile_shape.PLAIN, *profile_shape.NESTED)),
        (Meeting, meeting.PLAIN),
        (Introduction, introduction.PLAIN),
        (Link, link.PLAIN),
        (Campaign, (*campaign.PLAIN, *campaign.SETS)),
        (ImportJob, import_job.PLAIN),
        (AccountExport, account_export.PLAIN),
        (Quarantined, (*inbound.QUARANTINED, "reasons", "sender", "participants")),
        (Suggestion, inbound.SUGGESTION),
        (Opportunity, opportunity.FOUND),
        (KeptOpportunity, opportunity.KEPT),
        (ReminderState, reminder.PLAIN),
        (PhoneCode, phone.CODE),
        (Attempts, phone.ATTEMPTS),
        (ReviewRecord, (*review.PLAIN, "results")),
        (sms_digest.SmsDigest, ("sent_at", "lines")),
        (sms_digest.DigestLine, sms_digest.LINE),
        (shown.Shown, shown.PLAIN),
        (shown.Showing, shown.SHOWING),
    ]
    for model, stored in shapes:
        assert sorted(model.model_fields) == sorted(stored), model.__name__


def test_what_a_merge_left_is_stored_only_when_there_is_some():
    assert not set(contact_shape.MERGES) & set(contact_shape.to_item(CONTACT))  # every contact before merges
    merged = CONTACT.model_copy(update={"merged_ids": ["01JN1"], "merged_identities": ["name:claire:2024-01-02"]})
    stored = contact_shape.to_item(merged)
    assert (stored["merged_ids"], stored["merged_identities"]) == (["01JN1"], ["name:claire:2024-01-02"])
    assert contact_shape.from_item(stored) == merged
