"""Profile items (one per networker), the inbound address and the calendar feed each owns, pending address
confirmations, and phones: the pending code, the verified number, and the limits on codes texted and tried."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from rapport.domain.errors import Conflict, NotFound
from rapport.domain.limits import CODES_TEXTED, WRONG_CODES, Attempts, Limit
from rapport.domain.profile import CalendarNotice, Confirmation, PhoneCode, Profile
from rapport.storage import keys
from rapport.storage.dynamo import Table, Write, to_item
from rapport.storage.item_types import ItemType
from rapport.storage.shapes import phone
from rapport.storage.shapes import profile as shape


class Profiles:
    def __init__(self, table: Table):
        self._table = table

    def get(self, networker_id: str) -> Profile | None:
        item = self._table.get(keys.networker(networker_id), keys.PROFILE)
        return shape.from_item(item) if item else None

    def live(self, networker_id: str) -> Profile | None:
        """The profile to act for: None once the account is being deleted (`deleting_since`), as when it is gone,
        so that no delivery, mail, text, import or schedule writes anything new for it."""
        profile = self.get(networker_id)
        return profile if profile is not None and profile.deleting_since is None else None

    def create(self, profile: Profile, confirmations: Sequence[Confirmation] = ()) -> bool:
        """The profile, its inbound address, its calendar feed and its confirmations; False when it already
        exists (two first requests racing)."""
        put = {"Item": self._item(profile), "ConditionExpression": "attribute_not_exists(pk)"}
        writes = [({"Put": put}, _Exists()), self._claim_inbound(profile), self._claim_calendar_feed(profile)]
        writes += [write for c in confirmations for write in self._confirmation(profile.networker_id, c)]
        try:
            self._table.transact(writes)
        except _Exists:
            return False
        return True

    def replace(self, profile: Profile, previous: Profile, confirmations: Sequence[Confirmation] = ()) -> None:
        """Write the profile if nobody changed it since `previous` was read, with new address confirmations
        and the move of its inbound address or calendar feed when its secret changed (the old one stops
        working)."""
        writes = [self._versioned(profile, previous.version)]
        writes += [write for c in confirmations for write in self._confirmation(profile.networker_id, c)]
        old, new = previous.inbound_token, profile.inbound_token
        if old != new:
            if old:
                key = to_item({"pk": keys.inbound_address(old), "sk": keys.INBOUND})
                writes.append(({"Delete": {"Key": key}}, None))
            if new:
                writes.append(self._claim_inbound(profile))
        old, new = previous.calendar_feed_secret, profile.calendar_feed_secret
        if old != new:
            if old:
                key = to_item({"pk": keys.calendar_feed(old), "sk": keys.CALENDAR_FEED})
                writes.append(({"Delete": {"Key": key}}, None))
            if new:
                writes.append(self._claim_calendar_feed(profile))
        self._table.transact(writes)

    def noting_calendars(self, networker_id: str, notices: list[CalendarNotice], read: list[CalendarNotice]) -> Write:
        """A write setting the calendars the next digest tells about, if they are still those `read` (Conflict
        otherwise: another sync or the digest changed them meanwhile). The profile's version is left alone: it
        is not the networker's edit, and theirs must not fail for it."""
        fields = {"calendar_notices": shape.notices_item(notices)}
        update = Table.set_fields(keys.networker(networker_id), keys.PROFILE, fields)
        operation, stored = update["Update"], shape.notices_item(read)
        operation["ExpressionAttributeNames"]["#read"] = "calendar_notices"
        if stored is None:
            operation["ConditionExpression"] = "attribute_exists(pk) AND attribute_not_exists(#read)"
        else:
            operation["ConditionExpression"] = "attribute_exists(pk) AND #read = :read"
            operation["ExpressionAttributeValues"] = operation.get("ExpressionAttributeValues", {}) | to_item(
                {":read": stored}
            )
        return update, Conflict(f"the calendar notices of {networker_id} changed meanwhile", "calendar_notices")

    def calendars_told(self, networker_id: str, told: list[CalendarNotice]) -> None:
        """The digest said them: removed, unless the sync noted another meanwhile (then said next time)."""
        when = {"calendar_notices": shape.notices_item(told)}
        update = Table.set_fields(keys.networker(networker_id), keys.PROFILE, {"calendar_notices": None}, when)
        try:
            self._table.transact([(update, Conflict("calendar notices changed", "calendar_notices"))])
        except Conflict:
            pass

    def owner_of_inbound(self, token: str) -> str | None:
        """The networker whose inbound address has this token."""
        item = self._table.get(keys.inbound_address(token), keys.INBOUND)
        return item["networker_id"] if item else None

    def owner_of_calendar_feed(self, secret: str) -> str | None:
        """The networker whose calendar feed this secret opens (looked up by its hash)."""
        item = self._table.get(keys.calendar_feed(secret), keys.CALENDAR_FEED)
        return item["networker_id"] if item else None

    def confirmation(self, token: str, now: datetime) -> tuple[str, Confirmation]:
        """(networker id, confirmation) of a pending confirmation; NotFound once used or expired
        (DynamoDB's TTL deletes within days of expiry, so expiry is checked here)."""
        item = self._table.get(keys.email_confirmation(token), keys.CONFIRMATION)
        if item is None or item["expiration"] <= now.timestamp():
            raise NotFound("this confirmation link is unknown, used or expired: ask for a new one", "token")
        expires_at = datetime.fromtimestamp(item["expiration"], UTC)
        return item["networker_id"], Confirmation(token=token, address=item["address"], expires_at=expires_at)

    def confirm(self, profile: Profile, previous: Profile, token: str) -> None:
        """Write the profile (its address now verified) and use up the confirmation, together."""
        key = to_item({"pk": keys.email_confirmation(token), "sk": keys.CONFIRMATION})
        used = NotFound("this confirmation link was used already", "token")
        delete = {"Key": key, "ConditionExpression": "attribute_exists(pk)"}
        mark = {"Key": to_item({"pk": keys.networker(profile.networker_id), "sk": keys.confirmation_sent(token)})}
        writes = [self._versioned(profile, previous.version), ({"Delete": delete}, used), ({"Delete": mark}, None)]
        self._table.transact(writes)

    # Phone -------------------------------------------------------------------------------------------

    def codes_texted(self, networker_id: str, number: str) -> tuple[Attempts, Attempts]:
        """When codes were texted lately to this networker (whatever the number), and to this number
        (whoever asked)."""
        mine = self._attempts(keys.networker(networker_id), keys.CODES_TEXTED)
        return mine, self._attempts(keys.phone(number), keys.CODES_TEXTED)

    def save_phone_code(self, networker_id: str, code: PhoneCode, mine: Attempts, the_number: Attempts) -> None:
        """A new code replaces any pending one (its record on the stream sends it), counted for the networker
        and for the number with the moments just read: of two requests at once, one is refused."""
        item = {"pk": keys.networker(networker_id), "sk": keys.PHONE_CODE, "type": ItemType.PHONE_CODE}
        item |= phone.code_item(code) | {"expiration": int(code.expires_at.timestamp())}
        self._table.transact(
            [
                ({"Put": {"Item": to_item(item)}}, None),
                self._count(keys.networker(networker_id), keys.CODES_TEXTED, mine, CODES_TEXTED, "phone"),
                self._count(keys.phone(code.phone), keys.CODES_TEXTED, the_number, CODES_TEXTED, "phone"),
            ]
        )

    def phone_code(self, networker_id: str) -> PhoneCode | None:
        item = self._table.get(keys.networker(networker_id), keys.PHONE_CODE)
        return phone.code_of(item) if item else None

    def wrong_codes(self, number: str) -> Attempts:
        """When wrong codes were typed lately for this number, whichever code was pending."""
        return self._attempts(keys.phone(number), keys.WRONG_CODES)

    def count_wrong_code(self, number: str, attempts: Attempts) -> None:
        """One more wrong code for the number (`attempts`, with it), unless another was counted meanwhile."""
        self._table.transact([self._count(keys.phone(number), keys.WRONG_CODES, attempts, WRONG_CODES, "code")])

    def _attempts(self, pk: str, sk: str) -> Attempts:
        item = self._table.get(pk, sk)
        return phone.attempts_of(item) if item else Attempts()

    @staticmethod
    def _count(pk: str, sk: str, attempts: Attempts, limits: tuple[Limit, ...], field: str) -> Write:
        """Put the attempts if the item still holds the version they were counted from (TTL: they expire)."""
        item = {"pk": pk, "sk": sk, "type": ItemType.LIMIT, **phone.attempts_item(attempts)}
        item["expiration"] = int(attempts.expires_at(limits).timestamp())
        put = {"Item": to_item(item), "ConditionExpression": "attribute_not_exists(pk)"}
        if attempts.version > 1:
            put["ConditionExpression"] = "version = :read"
            put["ExpressionAttributeValues"] = to_item({":read": attempts.version - 1})
        return {"Put": put}, Conflict("another request was counted at the same moment: try again", field)

    def verify_phone(self, profile: Profile, previous: Profile, code: PhoneCode) -> None:
        """The profile with its verified number, the number claimed for this networker (texts from it are
        theirs), the previous number released and the code used up: all or nothing."""
        assert profile.phone is not None  # the number being verified
        pk = keys.networker(profile.networker_id)
        used = {"Key": to_item({"pk": pk, "sk": keys.PHONE_CODE}), "ConditionExpression": "code = :code"}
        used["ExpressionAttributeValues"] = to_item({":code": code.code})
        claim = {
            "pk": keys.phone(profile.phone),
            "sk": keys.PHONE,
            "type": ItemType.PHONE,
            "networker_id": profile.networker_id,
        }
        put = {
            "Item": to_item(claim),
            "ConditionExpression": "attribute_not_exists(pk) OR networker_id = :me",
            "ExpressionAttributeValues": to_item({":me": profile.networker_id}),
        }
        writes = [
            self._versioned(profile, previous.version),
            ({"Delete": used}, Conflict("a new code was sent meanwhile: use the latest", "code")),
            ({"Put": put}, Conflict("this number is verified on another account", "phone")),
        ]
        writes += self._release_phone(previous, profile)
        self._table.transact(writes)

    def remove_phone(self, profile: Profile, previous: Profile) -> None:
        self._table.transact([self._versioned(profile, previous.version), *self._release_phone(previous, profile)])

    def stop_sms(self, networker_id: str, stopped: bool) -> None:
        """STOP and START: set alone, outside the networker's versioned edits (they must hold whatever
        else the networker is changing), and as surely as a single write can."""
        update = Table.set_fields(keys.networker(networker_id), keys.PROFILE, {"sms_stopped": stopped})
        self._table.transact([(update, NotFound("no profile", "networker_id"))])

    def owner_of_phone(self, number: str) -> str | None:
        item = self._table.get(keys.phone(number), keys.PHONE)
        return item["networker_id"] if item else None

    @staticmethod
    def _release_phone(previous: Profile, profile: Profile) -> list[Write]:
        if not previous.phone or previous.phone == profile.phone:
            return []
        delete = {
            "Key": to_item({"pk": keys.phone(previous.phone), "sk": keys.PHONE}),
            "ConditionExpression": "networker_id = :me",
            "ExpressionAttributeValues": to_item({":me": profile.networker_id}),
        }
        return [({"Delete": delete}, Conflict("the previous number is not this account's", "phone"))]

    def _versioned(self, profile: Profile, read_version: int) -> Write:
        stale = Conflict("the profile changed since you read it; read it again", "version")
        put = {
            "Item": self._item(profile),
            "ConditionExpression": "version = :read",
            "ExpressionAttributeValues": to_item({":read": read_version}),
        }
        return {"Put": put}, stale

    @staticmethod
    def _claim_inbound(profile: Profile) -> Write:
        assert profile.inbound_token is not None  # every profile is created with one
        item = {"pk": keys.inbound_address(profile.inbound_token), "sk": keys.INBOUND, "type": ItemType.INBOUND_ADDRESS}
        put = {
            "Item": to_item(item | {"networker_id": profile.networker_id}),
            "ConditionExpression": "attribute_not_exists(pk)",
        }
        return {"Put": put}, Conflict("that inbound address is taken; try again", "inbound_address")

    @staticmethod
    def _claim_calendar_feed(profile: Profile) -> Write:
        assert profile.calendar_feed_secret is not None  # every profile is created with one
        item = {
            "pk": keys.calendar_feed(profile.calendar_feed_secret),
            "sk": keys.CALENDAR_FEED,
            "type": ItemType.CALENDAR_FEED,
            "networker_id": profile.networker_id,
        }
        put = {"Item": to_item(item), "ConditionExpression": "attribute_not_exists(pk)"}
        return {"Put": put}, Conflict("that calendar feed is taken; try again", "calendar_feed_url")

    @staticmethod
    def _confirmation(networker_id: str, confirmation: Confirmation) -> list[Write]:
        """The confirmation, and its mark in the networker's partition (how `DELETE /me` finds it)."""
        expiration = int(confirmation.expires_at.timestamp())  # the table's TTL attribute
        mark = {
            "pk": keys.networker(networker_id),
            "sk": keys.confirmation_sent(confirmation.token),
            "type": ItemType.CONFIRMATION_SENT,
            "token": confirmation.token,
            "expiration": expiration,
        }
        item = {
            "pk": keys.email_confirmation(confirmation.token),
            "sk": keys.CONFIRMATION,
            "type": ItemType.EMAIL_CONFIRMATION,
            "networker_id": networker_id,
            "address": confirmation.address,
            "token": confirmation.token,
            "expiration": expiration,
        }
        return [({"Put": {"Item": to_item(item)}}, None), ({"Put": {"Item": to_item(mark)}}, None)]

    @staticmethod
    def _item(profile: Profile) -> dict:
        key = {"pk": keys.networker(profile.networker_id), "sk": keys.PROFILE, "type": ItemType.PROFILE}
        return to_item(key | shape.to_item(profile))


def shared_keys(profile: Profile) -> list[tuple[str, str]]:
    """(pk, sk) of the items outside the networker's partition that their profile names: their inbound
    address, their calendar feed and their verified phone's claim (what deleting the account deletes
    besides their partitions)."""
    found = []
    if profile.inbound_token:
        found.append((keys.inbound_address(profile.inbound_token), keys.INBOUND))
    if profile.calendar_feed_secret:
        found.append((keys.calendar_feed(profile.calendar_feed_secret), keys.CALENDAR_FEED))
    if profile.phone:
        found.append((keys.phone(profile.phone), keys.PHONE))
    return found


class _Exists(Exception):
    pass
