"""Contact items, their email claims, and the sparse `due` index."""

from __future__ import annotations

from datetime import date

from rapport.domain.contact import Contact
from rapport.domain.errors import Conflict, NotFound
from rapport.domain.followup import FollowUp
from rapport.storage import keys
from rapport.storage.dynamo import Page, Table, Write, encode_cursor, fields_of, to_item

DUE_INDEX = "due"


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
        return Contact.model_validate(item)

    def create(self, networker_id: str, contact: Contact) -> None:
        """The contact and a claim on each of its addresses, or nothing."""
        exists = Conflict(f"contact {contact.contact_id} exists", "contact_id")
        put = {"Item": self.item(networker_id, contact), "ConditionExpression": "attribute_not_exists(pk)"}
        writes: list[Write] = [({"Put": put}, exists)]
        writes += [self._claim(networker_id, a, contact.contact_id, i) for i, a in enumerate(contact.emails)]
        self._table.transact(writes)

    def replace(self, networker_id: str, contact: Contact, read_version: int, old_emails: list[str]) -> None:
        """Write the contact if nobody changed it since `read_version`, moving its claims along."""
        stale = Conflict("the contact changed since you read it; read it again", "version")
        versioned = {
            "Item": self.item(networker_id, contact),
            "ConditionExpression": "version = :read",
            "ExpressionAttributeValues": to_item({":read": read_version}),
        }
        writes: list[Write] = [({"Put": versioned}, stale)]
        writes += [
            self._claim(networker_id, address, contact.contact_id, i)
            for i, address in enumerate(contact.emails)
            if address not in old_emails
        ]
        writes += [self._release(networker_id, a, contact.contact_id) for a in old_emails if a not in contact.emails]
        self._table.transact(writes)

    def delete(self, networker_id: str, contact: Contact) -> None:
        """The contact and its claims; its touches are left to the stream reaction."""
        key = to_item({"pk": keys.networker(networker_id), "sk": keys.contact(contact.contact_id)})
        gone = NotFound(f"no contact {contact.contact_id}", "contact_id")
        writes: list[Write] = [({"Delete": {"Key": key, "ConditionExpression": "attribute_exists(pk)"}}, gone)]
        writes += [self._release(networker_id, address, contact.contact_id) for address in contact.emails]
        self._table.transact(writes)

    def page(self, networker_id: str, cursor: str | None, size: int) -> Page:
        """One page of the networker's contacts, in creation order."""
        page = self._table.page(keys.networker(networker_id), cursor, size, prefix=keys.CONTACT_PREFIX)
        return Page([Contact.model_validate(item) for item in page.items], page.cursor)

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
        return [Contact.model_validate(item) for item in items]

    def save_follow_up(self, networker_id: str, contact_id: str, derived: FollowUp) -> bool:
        """Set what the stream reaction derived; False if the contact is gone. Leaves `version`
        alone: the networker's next edit must not conflict with a reaction they did not cause."""
        fields = fields_of(derived) | due_keys(networker_id, contact_id, derived.next_follow_up_on)
        return self._table.set_fields(keys.networker(networker_id), keys.contact(contact_id), fields)

    def item(self, networker_id: str, contact: Contact) -> dict:
        key = {"pk": keys.networker(networker_id), "sk": keys.contact(contact.contact_id), "type": "contact"}
        due = due_keys(networker_id, contact.contact_id, contact.next_follow_up_on)
        return to_item(key | fields_of(contact) | due)

    @staticmethod
    def _claim(networker_id: str, address: str, contact_id: str, index: int) -> Write:
        claim = {"pk": keys.networker(networker_id), "sk": keys.contact_email(address), "type": "contact_email"}
        put = {"Item": to_item(claim | {"contact_id": contact_id}), "ConditionExpression": "attribute_not_exists(pk)"}
        return {"Put": put}, Conflict(f"{address} already belongs to another contact", f"emails[{index}]")

    @staticmethod
    def _release(networker_id: str, address: str, contact_id: str) -> Write:
        delete = {
            "Key": to_item({"pk": keys.networker(networker_id), "sk": keys.contact_email(address)}),
            "ConditionExpression": "contact_id = :contact",
            "ExpressionAttributeValues": to_item({":contact": contact_id}),
        }
        return {"Delete": delete}, Conflict(f"{address} is not this contact's", "emails")
