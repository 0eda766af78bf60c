"""Contact items, and the items kept in step with them: email and LinkedIn claims, the phone index,
birthdays, first-met and to-meet markers, and the sparse `due` index keys."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from rapport.domain.contact import Contact
from rapport.domain.errors import Conflict, NotFound
from rapport.domain.followup import FollowUp
from rapport.domain.vocabulary import Priority, Stage
from rapport.storage import keys
from rapport.storage.dynamo import Page, Table, Write, encode_cursor, to_item
from rapport.storage.item_types import ItemType
from rapport.storage.shapes import contact as shape

DUE_INDEX = "due"
MAX_TRANSACTION = 100  # operations DynamoDB takes in one TransactWriteItems
PRIORITY_RANK = {Priority.HIGH: 1, Priority.NORMAL: 2, Priority.LOW: 3}


# A contact's derived fields to save: (contact, derived, first-met day before, after).
FollowUpMove = tuple[Contact, FollowUp, date | None, date | None]


def due_keys(networker_id: str, contact_id: str, next_follow_up_on: date | None) -> dict:
    """The `due` index keys: present only while the contact has a follow-up date."""
    if next_follow_up_on is None:
        return {"due_pk": None, "due_sk": None}
    return {"due_pk": keys.due(networker_id), "due_sk": keys.due_sort(next_follow_up_on, contact_id)}


class Contacts:
    def __init__(self, table: Table):
        self._table = table

    def get(self, networker_id: str, contact_id: str) -> Contact:
        item = self._table.get(keys.networker(networker_id), keys.contact(contact_id))
        if item is None:
            raise NotFound(f"no contact {contact_id}", "contact_id")
        return shape.from_item(item)

    def get_many(self, networker_id: str, contact_ids: list[str]) -> list[Contact]:
        """Those of these contacts that exist (BatchGetItem), in no particular order."""
        pk = keys.networker(networker_id)
        items = self._table.get_many([(pk, keys.contact(c)) for c in dict.fromkeys(contact_ids)])
        return [shape.from_item(item) for item in items]

    def owners(self, networker_id: str, addresses: list[str]) -> dict[str, str]:
        """Address -> contact id, for those of these (lowercase) addresses that belong to a contact."""
        pk = keys.networker(networker_id)
        claims = self._table.get_many([(pk, keys.contact_email(a)) for a in dict.fromkeys(addresses)])
        return {claim["sk"].removeprefix(keys.EMAIL_PREFIX): claim["contact_id"] for claim in claims}

    def linked(self, networker_id: str, identities: list[str]) -> dict[str, str]:
        """Identity -> contact id, for those of these LinkedIn identities that belong to a contact."""
        pk = keys.networker(networker_id)
        claims = self._table.get_many([(pk, keys.linkedin(i)) for i in dict.fromkeys(identities)])
        return {claim["sk"].removeprefix(keys.LINKEDIN_PREFIX): claim["contact_id"] for claim in claims}

    def phone_owners(self, networker_id: str, phones: list[str]) -> dict[str, str]:
        """E.164 number -> contact id, for those of these numbers that exactly one contact holds (a number
        several share, a switchboard, names no one)."""
        pk = keys.networker(networker_id)
        items = self._table.get_many([(pk, keys.phone_index(p)) for p in dict.fromkeys(phones)])
        held = {item["sk"].removeprefix(keys.PHONE_INDEX_PREFIX): item.get("contact_ids", []) for item in items}
        return {number: contact_ids[0] for number, contact_ids in held.items() if len(contact_ids) == 1}

    def forgotten(self, networker_id: str, identities: list[str]) -> set[str]:
        """Those of these identities whose imported contact the networker deleted."""
        pk = keys.networker(networker_id)
        items = self._table.get_many([(pk, keys.forgotten(i)) for i in dict.fromkeys(identities)])
        return {item["sk"].removeprefix(keys.FORGOTTEN_PREFIX) for item in items}

    def to_meet(self, networker_id: str, priority: Priority) -> list[str]:
        """The ids of the contacts still to meet with this priority, in creation order."""
        tier = keys.to_meet_tier(PRIORITY_RANK[priority])
        sort_keys = self._table.sort_keys(keys.networker(networker_id), tier, tier + "~")
        return [sk.removeprefix(tier) for sk in sort_keys]

    def create(self, networker_id: str, contact: Contact) -> None:
        """The contact, a claim on each of its addresses and LinkedIn identities, its markers, or nothing."""
        self._table.transact(self.creation(networker_id, contact))

    def create_all(self, networker_id: str, contacts: list[Contact]) -> list[Contact]:
        """Many contacts (an import's), as many per transaction as DynamoDB takes; a transaction refused
        (a claim taken meanwhile) is tried again one contact at a time. Those created."""
        created = self._transact_groups([self.creation(networker_id, contact) for contact in contacts], Conflict)
        return [contacts[i] for i in created]

    def creation(self, networker_id: str, contact: Contact) -> list[Write]:
        """The writes of `create`, for a transaction that creates several contacts."""
        exists = Conflict(f"contact {contact.contact_id} exists", "contact_id")
        put = {"Item": self.item(networker_id, contact), "ConditionExpression": "attribute_not_exists(pk)"}
        writes: list[Write] = [({"Put": put}, exists)]
        writes += [self._claim(networker_id, a, contact.contact_id, i) for i, a in enumerate(contact.emails)]
        writes += [self._link(networker_id, i, contact.contact_id) for i in sorted(contact.identities)]
        writes += [self._hold_phone(networker_id, p, contact.contact_id) for p in contact.phones]
        writes += self._birthday(networker_id, None, contact)
        writes += self._to_meet(networker_id, None, contact)
        return writes

    def replace(self, networker_id: str, contact: Contact, previous: Contact) -> None:
        """Write the contact if nobody changed it since `previous` was read, its claims and birthday along."""
        self._table.transact(self.replacement(networker_id, contact, previous))

    def replacement(
        self, networker_id: str, contact: Contact, previous: Contact, taking_from: str | None = None
    ) -> list[Write]:
        """The writes of `replace`, for a transaction that writes more along with them; claims held by
        `taking_from` (a contact merged into this one) are taken over."""
        stale = Conflict("the contact changed since you read it; read it again", "version")
        versioned = {
            "Item": self.item(networker_id, contact),
            "ConditionExpression": "version = :read",
            "ExpressionAttributeValues": to_item({":read": previous.version}),
        }
        writes: list[Write] = [({"Put": versioned}, stale)]
        writes += [
            self._claim(networker_id, address, contact.contact_id, i, taking_from)
            for i, address in enumerate(contact.emails)
            if address not in previous.emails
        ]
        writes += [
            self._release(networker_id, a, contact.contact_id) for a in previous.emails if a not in contact.emails
        ]
        before, after = previous.identities, contact.identities
        writes += [self._link(networker_id, i, contact.contact_id, taking_from) for i in sorted(after - before)]
        writes += [self._unlink(networker_id, i) for i in sorted(before - after)]
        # Every phone, not only the new ones: a contact stored before the index is indexed by its next edit.
        writes += [self._hold_phone(networker_id, p, contact.contact_id) for p in contact.phones]
        writes += [
            self._drop_phone(networker_id, p, contact.contact_id) for p in previous.phones if p not in contact.phones
        ]
        writes += self._birthday(networker_id, previous, contact)
        writes += self._to_meet(networker_id, previous, contact)
        return writes

    def absorb(self, networker_id: str, survivor: Contact, previous: Contact, other: Contact, emptied: Contact) -> None:
        """The first step of a merge, all or nothing: the survivor written as `survivor` if nobody changed it
        since `previous` was read, the other as `emptied` if nobody changed it since `other` was read, and the
        other's address and identity claims handed to the survivor."""
        stale = Conflict("the other contact changed since you read it; read it again", "other_id")
        versioned = {
            "Item": self.item(networker_id, emptied),
            "ConditionExpression": "version = :read",
            "ExpressionAttributeValues": to_item({":read": other.version}),
        }
        writes = self.replacement(networker_id, survivor, previous, taking_from=other.contact_id)
        self._table.transact([*writes, ({"Put": versioned}, stale)])

    def delete(self, networker_id: str, contact: Contact) -> None:
        """The contact and the items kept with it; its touches and links are left to the stream reaction.
        An imported contact leaves a mark: importing the same file again does not bring them back."""
        pk = keys.networker(networker_id)
        key = to_item({"pk": pk, "sk": keys.contact(contact.contact_id)})
        gone = NotFound(f"no contact {contact.contact_id}", "contact_id")
        writes: list[Write] = [({"Delete": {"Key": key, "ConditionExpression": "attribute_exists(pk)"}}, gone)]
        writes += [self._release(networker_id, address, contact.contact_id) for address in contact.emails]
        writes += [self._unlink(networker_id, i) for i in sorted(contact.identities)]
        writes += [self._drop_phone(networker_id, p, contact.contact_id) for p in contact.phones]
        writes += self._birthday(networker_id, contact, None)
        writes += self._to_meet(networker_id, contact, None)
        if contact.import_key:
            mark = {
                "pk": pk,
                "sk": keys.forgotten(contact.import_key),
                "type": ItemType.FORGOTTEN,
                "name": contact.name,
            }
            writes.append(({"Put": {"Item": to_item(mark)}}, None))
        self._table.transact(writes)

    def page(self, networker_id: str, cursor: str | None, size: int) -> Page:
        """One page of the networker's contacts, in creation order."""
        page = self._table.page(keys.networker(networker_id), cursor, size, prefix=keys.CONTACT_PREFIX)
        return Page([shape.from_item(item) for item in page.items], page.cursor)

    def all(self, networker_id: str) -> list[Contact]:
        """Every contact of a networker (finding one by name in a text: no index can fold names)."""
        items = self._table.prefixed(keys.networker(networker_id), keys.CONTACT_PREFIX)
        return [shape.from_item(item) for item in items]

    def followed_up(self, networker_id: str) -> Iterator[Contact]:
        """Every contact with a follow-up date (read consistently, page by page; the others are read and
        left out): what a time-zone change moves."""
        items = self._table.prefixed(
            keys.networker(networker_id),
            keys.CONTACT_PREFIX,
            FilterExpression="attribute_exists(due_sk)",
            ConsistentRead=True,
        )
        return (shape.from_item(item) for item in items)

    def first_met_days(self, networker_id: str) -> dict[str, date]:
        """Contact id -> the day its first-met marker stands on."""
        pk = keys.networker(networker_id)
        items = self._table.prefixed(pk, keys.MET_PREFIX, ProjectionExpression="sk", ConsistentRead=True)
        return {contact_id: day for day, contact_id in (keys.met_parts(item["sk"]) for item in items)}

    def cursor_after(self, networker_id: str, contact_id: str) -> str:
        """A cursor that resumes the contact list just after `contact_id`."""
        return encode_cursor({"pk": keys.networker(networker_id), "sk": keys.contact(contact_id)})

    def due(self, networker_id: str, until: date) -> list[Contact]:
        """Contacts whose follow-up date is on or before `until`; reads only those."""
        items = self._table.query_all(
            IndexName=DUE_INDEX,
            KeyConditionExpression="due_pk = :pk AND due_sk <= :until",
            ExpressionAttributeValues=to_item({":pk": keys.due(networker_id), ":until": keys.due_until(until)}),
        )
        return [shape.from_item(item) for item in items]

    def following_up_between(self, networker_id: str, first: date, last: date) -> list[Contact]:
        """Contacts whose follow-up date lies between two days (inclusive); reads only those."""
        bounds = {":pk": keys.due(networker_id), ":first": keys.due_from(first), ":last": keys.due_until(last)}
        items = self._table.query_all(
            IndexName=DUE_INDEX,
            KeyConditionExpression="due_pk = :pk AND due_sk BETWEEN :first AND :last",
            ExpressionAttributeValues=to_item(bounds),
        )
        return [shape.from_item(item) for item in items]

    def with_birthday(self, networker_id: str) -> list[str]:
        """The ids of the contacts with a birthday, from their birthday markers (their keys only)."""
        pk, prefix = keys.networker(networker_id), keys.BIRTHDAY_PREFIX
        sort_keys = self._table.sort_keys(pk, prefix, prefix + "~")
        return [sk.rsplit("#", 1)[1] for sk in sort_keys]

    def born_on(self, networker_id: str, month: int, day: int) -> list[Contact]:
        """Contacts whose birthday is this calendar day."""
        prefix = keys.birthday_on(month, day)
        sort_keys = self._table.sort_keys(keys.networker(networker_id), prefix, prefix + "~")
        return self.get_many(networker_id, [sk.removeprefix(prefix) for sk in sort_keys])

    def met_between(self, networker_id: str, first: date, last: date) -> list[Contact]:
        """Contacts first met between two days (inclusive)."""
        sort_keys = self._table.sort_keys(keys.networker(networker_id), *keys.met_between(first, last))
        return self.get_many(networker_id, [sk.rsplit("#", 1)[1] for sk in sort_keys])

    def added_as_met_between(self, networker_id: str, first: datetime, last: datetime) -> list[Contact]:
        """Contacts added between two moments as already met, with a first conversation logged: one range
        of time-ordered ids; the others (to meet, imported) are filtered out before they are sent."""
        items = self._table.between(
            keys.networker(networker_id),
            *keys.created_between(keys.CONTACT_PREFIX, first, last),
            where="declared_stage = :met AND attribute_exists(first_met_at)",
            values={":met": Stage.MET.value},
        )
        return [shape.from_item(item) for item in items]

    def save_follow_up(
        self, networker_id: str, contact: Contact, derived: FollowUp, met_before: date | None, met_after: date | None
    ) -> bool:
        """Set what the stream reaction derived, moving the first-meeting marker from `met_before` to
        `met_after` (and the to-meet one, once met); False if the contact is gone. Leaves `version`
        alone: the networker's next edit must not conflict with a reaction they did not cause."""
        try:
            self._table.transact(self._follow_up_writes(networker_id, contact, derived, met_before, met_after))
        except NotFound:
            return False
        return True

    def save_follow_ups(self, networker_id: str, moves: list[FollowUpMove]) -> int:
        """`save_follow_up` for many contacts (a time-zone change), as many per transaction as DynamoDB
        takes; a transaction refused (a contact deleted meanwhile) is tried again one contact at a time.
        How many were saved."""
        return len(self._transact_groups([self._follow_up_writes(networker_id, *move) for move in moves], NotFound))

    def _follow_up_writes(
        self, networker_id: str, contact: Contact, derived: FollowUp, met_before: date | None, met_after: date | None
    ) -> list[Write]:
        pk, contact_id = keys.networker(networker_id), contact.contact_id
        fields = shape.follow_up_fields(derived) | due_keys(networker_id, contact_id, derived.next_follow_up_on)
        writes: list[Write] = [(self._table.set_fields(pk, keys.contact(contact_id), fields), NotFound("gone"))]
        writes += self._to_meet(networker_id, contact, contact.model_copy(update=derived.model_dump()))
        before, after = met_before, met_after
        if before != after:
            if before:
                writes.append(({"Delete": {"Key": to_item({"pk": pk, "sk": keys.met(before, contact_id)})}}, None))
            if after:
                marker = {"pk": pk, "sk": keys.met(after, contact_id), "type": ItemType.MET}
                writes.append(({"Put": {"Item": to_item(marker)}}, None))
        return writes

    def _transact_groups(self, groups: list[list[Write]], refused: type[Exception]) -> list[int]:
        """Each group of writes all or nothing, as many groups per transaction as DynamoDB takes (and no
        item twice in one: two contacts sharing a phone number); a transaction refused is tried again one
        group at a time. The indexes of the groups written."""
        batches: list[list[int]] = [[]]
        size, touched = 0, set[tuple[str, str]]()
        for i, writes in enumerate(groups):
            items = {_item_key(write) for write in writes}
            if size + len(writes) > MAX_TRANSACTION or items & touched:
                batches.append([])
                size, touched = 0, set()
            batches[-1].append(i)
            size, touched = size + len(writes), touched | items
        written = []
        for batch in filter(None, batches):
            try:
                self._table.transact([write for i in batch for write in groups[i]])
                written += batch
            except refused:
                for i in batch:
                    try:
                        self._table.transact(groups[i])
                        written.append(i)
                    except refused:
                        continue
        return written

    def item(self, networker_id: str, contact: Contact) -> dict:
        key = {"pk": keys.networker(networker_id), "sk": keys.contact(contact.contact_id), "type": ItemType.CONTACT}
        due = due_keys(networker_id, contact.contact_id, contact.next_follow_up_on)
        return to_item(key | shape.to_item(contact) | due)

    @staticmethod
    def _birthday(networker_id: str, before: Contact | None, after: Contact | None) -> list[Write]:
        """Move the birthday item when the birthday's day changes (or the contact comes or goes)."""
        old = (before.birthday.month, before.birthday.day) if before and before.birthday else None
        new = (after.birthday.month, after.birthday.day) if after and after.birthday else None
        if old == new:
            return []
        either = after or before
        assert either is not None  # the birthday moved: one side has it
        pk, contact_id = keys.networker(networker_id), either.contact_id
        writes: list[Write] = []
        if old:
            writes.append(({"Delete": {"Key": to_item({"pk": pk, "sk": keys.birthday(*old, contact_id)})}}, None))
        if new:
            item = {"pk": pk, "sk": keys.birthday(*new, contact_id), "type": ItemType.BIRTHDAY}
            writes.append(({"Put": {"Item": to_item(item)}}, None))
        return writes

    @staticmethod
    def _to_meet(networker_id: str, before: Contact | None, after: Contact | None) -> list[Write]:
        """Move the to-meet marker when the stage or the priority changes (or the contact comes or goes)."""

        def marker(contact: Contact | None) -> str | None:
            if contact is None or contact.stage is not Stage.TO_MEET:
                return None
            return keys.to_meet(PRIORITY_RANK[contact.priority], contact.contact_id)

        old, new = marker(before), marker(after)
        if old == new:
            return []
        pk, writes = keys.networker(networker_id), list[Write]()
        if old:
            writes.append(({"Delete": {"Key": to_item({"pk": pk, "sk": old})}}, None))
        if new:
            writes.append(({"Put": {"Item": to_item({"pk": pk, "sk": new, "type": ItemType.TO_MEET})}}, None))
        return writes

    @staticmethod
    def _hold_phone(networker_id: str, number: str, contact_id: str) -> Write:
        """The contact among the number's holders. Never refused: adding to a set is right in any order."""
        update = {
            "Key": to_item({"pk": keys.networker(networker_id), "sk": keys.phone_index(number)}),
            "UpdateExpression": "ADD contact_ids :contact SET #type = :type",
            "ExpressionAttributeNames": {"#type": "type"},
            "ExpressionAttributeValues": to_item({":contact": {contact_id}, ":type": ItemType.PHONE_INDEX.value}),
        }
        return {"Update": update}, None

    @staticmethod
    def _drop_phone(networker_id: str, number: str, contact_id: str) -> Write:
        """The contact no longer among the number's holders (an item whose set empties holds no one)."""
        update = {
            "Key": to_item({"pk": keys.networker(networker_id), "sk": keys.phone_index(number)}),
            "UpdateExpression": "DELETE contact_ids :contact",
            "ExpressionAttributeValues": to_item({":contact": {contact_id}}),
        }
        return {"Update": update}, None

    @staticmethod
    def _link(networker_id: str, identity: str, contact_id: str, taking_from: str | None = None) -> Write:
        claim = {"pk": keys.networker(networker_id), "sk": keys.linkedin(identity), "type": ItemType.CONTACT_LINKEDIN}
        put = {"Item": to_item(claim | {"contact_id": contact_id})} | _unclaimed(taking_from)
        return {"Put": put}, Conflict(f"{identity} is already another contact's", "linkedin_url")

    @staticmethod
    def _unlink(networker_id: str, identity: str) -> Write:
        key = to_item({"pk": keys.networker(networker_id), "sk": keys.linkedin(identity)})
        return {"Delete": {"Key": key}}, None

    @staticmethod
    def _claim(networker_id: str, address: str, contact_id: str, index: int, taking_from: str | None = None) -> Write:
        claim = {"pk": keys.networker(networker_id), "sk": keys.contact_email(address), "type": ItemType.CONTACT_EMAIL}
        put = {"Item": to_item(claim | {"contact_id": contact_id})} | _unclaimed(taking_from)
        return {"Put": put}, Conflict(f"{address} already belongs to another contact", f"emails[{index}]")

    @staticmethod
    def _release(networker_id: str, address: str, contact_id: str) -> Write:
        delete = {
            "Key": to_item({"pk": keys.networker(networker_id), "sk": keys.contact_email(address)}),
            "ConditionExpression": "contact_id = :contact",
            "ExpressionAttributeValues": to_item({":contact": contact_id}),
        }
        return {"Delete": delete}, Conflict(f"{address} is not this contact's", "emails")


def _item_key(write: Write) -> tuple[str, str]:
    """The (pk, sk) a transaction's write touches."""
    ((kind, body),) = write[0].items()
    key = body["Item"] if kind == "Put" else body["Key"]
    return key["pk"]["S"], key["sk"]["S"]


def _unclaimed(taking_from: str | None) -> dict:
    """The condition of a claim: nobody holds it yet, or the contact it is taken from (a merge)."""
    if taking_from is None:
        return {"ConditionExpression": "attribute_not_exists(pk)"}
    return {
        "ConditionExpression": "attribute_not_exists(pk) OR contact_id = :from",
        "ExpressionAttributeValues": to_item({":from": taking_from}),
    }
