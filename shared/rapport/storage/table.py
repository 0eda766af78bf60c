"""The single DynamoDB table: items in and out, conditions, transactions and their errors.

Reads on request paths are GetItem or Query only. Creates are conditional; updates of what a
networker writes carry a version. Errors come back as domain errors, never as ClientError.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError

from rapport.domain.contact import Contact
from rapport.domain.errors import Conflict, InvalidInput, NotFound
from rapport.domain.interaction import Interaction, Touch
from rapport.domain.profile import Profile
from rapport.storage import keys

_serialize = TypeSerializer().serialize
_deserialize = TypeDeserializer().deserialize

DUE_INDEX = "due"


@dataclass(frozen=True)
class Page:
    items: list
    cursor: str | None


def to_item(fields: dict) -> dict:
    """Python values to DynamoDB JSON; None is left out (absent means unset)."""
    return {name: _serialize(value) for name, value in fields.items() if value is not None}


def from_item(item: dict) -> dict:
    return {name: _plain(_deserialize(value)) for name, value in item.items()}


def _plain(value):
    """Decimals back to int (Rapport stores no fractional numbers), recursively."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | set):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return int(value)
    return value


def _model_fields(model) -> dict:
    return model.model_dump(mode="json")


class Store:
    def __init__(self, client, table_name: str):
        self._client = client
        self._table = table_name

    # ------------------------------------------------------------------ profile
    def get_profile(self, networker_id: str) -> Profile | None:
        item = self._get(keys.networker(networker_id), keys.PROFILE)
        return Profile.model_validate(item) if item else None

    def create_profile(self, profile: Profile) -> bool:
        """False when it already exists (two first requests racing)."""
        try:
            self._client.put_item(
                TableName=self._table,
                Item=self._profile_item(profile),
                ConditionExpression="attribute_not_exists(pk)",
            )
        except ClientError as error:
            if _code(error) == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def replace_profile(self, profile: Profile, read_version: int) -> None:
        self._put_versioned(self._profile_item(profile), read_version, "profile")

    def _profile_item(self, profile: Profile) -> dict:
        return to_item(
            {"pk": keys.networker(profile.networker_id), "sk": keys.PROFILE, "type": "profile"} | _model_fields(profile)
        )

    # ------------------------------------------------------------------ contacts
    def get_contact(self, networker_id: str, contact_id: str) -> Contact:
        item = self._get(keys.networker(networker_id), keys.contact(contact_id))
        if item is None:
            raise NotFound(f"no contact {contact_id}", "contact_id")
        return Contact.model_validate(item)

    def create_contact(self, networker_id: str, contact: Contact) -> None:
        pk = keys.networker(networker_id)
        writes = [
            (
                {
                    "Put": {
                        "Item": self._contact_item(networker_id, contact),
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
                Conflict(f"contact {contact.contact_id} exists", "contact_id"),
            )
        ]
        writes += [self._claim_email(pk, address, contact.contact_id, i) for i, address in enumerate(contact.emails)]
        self._transact(writes)

    def replace_contact(self, networker_id: str, contact: Contact, read_version: int, old_emails: list[str]) -> None:
        """Write the contact if nobody changed it since `read_version`, moving its email claims along."""
        pk = keys.networker(networker_id)
        writes = [
            (
                {
                    "Put": {
                        "Item": self._contact_item(networker_id, contact),
                        "ConditionExpression": "version = :read",
                        "ExpressionAttributeValues": {":read": _serialize(read_version)},
                    }
                },
                Conflict("the contact changed since you read it; read it again", "version"),
            )
        ]
        writes += [
            self._claim_email(pk, address, contact.contact_id, i)
            for i, address in enumerate(contact.emails)
            if address not in old_emails
        ]
        writes += [
            self._release_email(pk, address, contact.contact_id)
            for address in old_emails
            if address not in contact.emails
        ]
        self._transact(writes)

    def delete_contact(self, networker_id: str, contact: Contact) -> None:
        pk = keys.networker(networker_id)
        writes = [
            (
                {
                    "Delete": {
                        "Key": to_item({"pk": pk, "sk": keys.contact(contact.contact_id)}),
                        "ConditionExpression": "attribute_exists(pk)",
                    }
                },
                NotFound(f"no contact {contact.contact_id}", "contact_id"),
            )
        ]
        writes += [self._release_email(pk, address, contact.contact_id) for address in contact.emails]
        self._transact(writes)

    def contacts(self, networker_id: str, cursor: str | None, page_size: int) -> Page:
        """One page of the networker's contacts, in creation order."""
        pk = keys.networker(networker_id)
        response = self._client.query(
            TableName=self._table,
            KeyConditionExpression="pk = :pk AND begins_with(sk, :prefix)",
            ExpressionAttributeValues=to_item({":pk": pk, ":prefix": keys.CONTACT_PREFIX}),
            Limit=page_size,
            **_start_after(cursor, pk),
        )
        items = [Contact.model_validate(from_item(item)) for item in response["Items"]]
        return Page(items, _cursor(response))

    def contact_cursor(self, networker_id: str, contact_id: str) -> str:
        """A cursor that resumes the contact list just after `contact_id`."""
        return _encode_cursor({"pk": keys.networker(networker_id), "sk": keys.contact(contact_id)})

    def save_follow_up(self, networker_id: str, contact_id: str, derived: dict) -> bool:
        """Set what the stream reaction derived; False if the contact is gone. Leaves `version` alone:
        the networker's next edit must not conflict with a reaction they did not cause."""
        names, values, sets, removes = {}, {}, [], []
        for i, (name, value) in enumerate(derived.items()):
            names[f"#f{i}"] = name
            if value is None:
                removes.append(f"#f{i}")
            else:
                values[f":v{i}"] = _serialize(value)
                sets.append(f"#f{i} = :v{i}")
        expression = " ".join(
            part
            for part in (
                "SET " + ", ".join(sets) if sets else "",
                "REMOVE " + ", ".join(removes) if removes else "",
            )
            if part
        )
        try:
            self._client.update_item(
                TableName=self._table,
                Key=to_item({"pk": keys.networker(networker_id), "sk": keys.contact(contact_id)}),
                UpdateExpression=expression,
                ConditionExpression="attribute_exists(pk)",
                ExpressionAttributeNames=names,
                **({"ExpressionAttributeValues": values} if values else {}),
            )
        except ClientError as error:
            if _code(error) == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def due(self, networker_id: str, until: date) -> list[Contact]:
        """Contacts whose follow-up date is on or before `until`: reads only those (sparse index)."""
        items, start = [], {}
        while True:
            response = self._client.query(
                TableName=self._table,
                IndexName=DUE_INDEX,
                KeyConditionExpression="due_pk = :pk AND due_sk <= :until",
                ExpressionAttributeValues=to_item({":pk": keys.due(networker_id), ":until": keys.due_until(until)}),
                **start,
            )
            items += [Contact.model_validate(from_item(item)) for item in response["Items"]]
            if "LastEvaluatedKey" not in response:
                return items
            start = {"ExclusiveStartKey": response["LastEvaluatedKey"]}

    def _contact_item(self, networker_id: str, contact: Contact) -> dict:
        fields = {"pk": keys.networker(networker_id), "sk": keys.contact(contact.contact_id), "type": "contact"}
        fields |= _model_fields(contact)
        fields |= due_keys(networker_id, contact.contact_id, contact.next_follow_up_on)
        return to_item(fields)

    def _claim_email(self, pk: str, address: str, contact_id: str, index: int):
        return (
            {
                "Put": {
                    "Item": to_item(
                        {"pk": pk, "sk": keys.contact_email(address), "type": "contact_email", "contact_id": contact_id}
                    ),
                    "ConditionExpression": "attribute_not_exists(pk)",
                }
            },
            Conflict(f"{address} already belongs to another contact", f"emails[{index}]"),
        )

    def _release_email(self, pk: str, address: str, contact_id: str):
        return (
            {
                "Delete": {
                    "Key": to_item({"pk": pk, "sk": keys.contact_email(address)}),
                    "ConditionExpression": "contact_id = :contact",
                    "ExpressionAttributeValues": to_item({":contact": contact_id}),
                }
            },
            Conflict(f"{address} is not this contact's", "emails"),
        )

    # ------------------------------------------------------------------ interactions
    def create_interaction(self, networker_id: str, interaction: Interaction) -> None:
        """The interaction, one touch per participant, and a check that each participant exists."""
        pk = keys.networker(networker_id)
        fields = _model_fields(interaction)
        writes = [
            (
                {
                    "Put": {
                        "Item": to_item(
                            {"pk": pk, "sk": keys.interaction(interaction.interaction_id), "type": "interaction"}
                            | fields
                        ),
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
                Conflict(f"interaction {interaction.interaction_id} exists", "interaction_id"),
            )
        ]
        for index, contact_id in enumerate(interaction.contact_ids):
            writes.append(
                (
                    {
                        "ConditionCheck": {
                            "Key": to_item({"pk": pk, "sk": keys.contact(contact_id)}),
                            "ConditionExpression": "attribute_exists(pk)",
                        }
                    },
                    NotFound(f"no contact {contact_id}", f"contact_ids[{index}]"),
                )
            )
            writes.append(
                (
                    {"Put": {"Item": self._touch_item(networker_id, contact_id, interaction)}},
                    None,
                )
            )
        self._transact(writes)

    def get_interaction(self, networker_id: str, interaction_id: str) -> Interaction:
        item = self._get(keys.networker(networker_id), keys.interaction(interaction_id))
        if item is None:
            raise NotFound(f"no interaction {interaction_id}", "interaction_id")
        return Interaction.model_validate(item)

    def delete_interaction(self, networker_id: str, interaction: Interaction) -> None:
        pk = keys.networker(networker_id)
        writes = [
            (
                {
                    "Delete": {
                        "Key": to_item({"pk": pk, "sk": keys.interaction(interaction.interaction_id)}),
                        "ConditionExpression": "attribute_exists(pk)",
                    }
                },
                NotFound(f"no interaction {interaction.interaction_id}", "interaction_id"),
            )
        ]
        writes += [
            ({"Delete": {"Key": self._touch_key(networker_id, contact_id, interaction)}}, None)
            for contact_id in interaction.contact_ids
        ]
        self._transact(writes)

    def remove_participant(self, networker_id: str, interaction: Interaction, contact_id: str) -> None:
        """A deleted contact leaves the interactions it was in (the last one out deletes it)."""
        remaining = [c for c in interaction.contact_ids if c != contact_id]
        pk = keys.networker(networker_id)
        key = to_item({"pk": pk, "sk": keys.interaction(interaction.interaction_id)})
        if remaining:
            operation = {
                "Update": {
                    "Key": key,
                    "UpdateExpression": "SET contact_ids = :remaining",
                    "ConditionExpression": "attribute_exists(pk)",
                    "ExpressionAttributeValues": to_item({":remaining": remaining}),
                }
            }
        else:
            operation = {"Delete": {"Key": key}}
        self._transact(
            [
                (operation, None),
                ({"Delete": {"Key": self._touch_key(networker_id, contact_id, interaction)}}, None),
            ]
        )

    def touches(self, networker_id: str, contact_id: str, cursor: str | None, page_size: int) -> Page:
        """One page of a contact's touches, newest first."""
        pk = keys.touch_log(networker_id, contact_id)
        response = self._client.query(
            TableName=self._table,
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues=to_item({":pk": pk}),
            ScanIndexForward=False,
            Limit=page_size,
            **_start_after(cursor, pk),
        )
        items = [Interaction.model_validate(from_item(item)) for item in response["Items"]]
        return Page(items, _cursor(response))

    def all_touches(self, networker_id: str, contact_id: str) -> Iterator[Touch]:
        """Every touch of a contact, for recomputing its follow-up (stream path, not request path)."""
        start = {}
        while True:
            response = self._client.query(
                TableName=self._table,
                KeyConditionExpression="pk = :pk",
                ExpressionAttributeValues=to_item({":pk": keys.touch_log(networker_id, contact_id)}),
                ProjectionExpression="interaction_id, kind, occurred_at",
                **start,
            )
            for item in response["Items"]:
                yield Touch.model_validate(from_item(item))
            if "LastEvaluatedKey" not in response:
                return
            start = {"ExclusiveStartKey": response["LastEvaluatedKey"]}

    def _touch_key(self, networker_id: str, contact_id: str, interaction: Interaction) -> dict:
        return to_item(
            {
                "pk": keys.touch_log(networker_id, contact_id),
                "sk": keys.touch(interaction.occurred_at, interaction.interaction_id),
            }
        )

    def _touch_item(self, networker_id: str, contact_id: str, interaction: Interaction) -> dict:
        return self._touch_key(networker_id, contact_id, interaction) | to_item(
            {"type": "touch"} | _model_fields(interaction)
        )

    # ------------------------------------------------------------------ plumbing
    def _get(self, pk: str, sk: str) -> dict | None:
        response = self._client.get_item(TableName=self._table, Key=to_item({"pk": pk, "sk": sk}), ConsistentRead=True)
        return from_item(response["Item"]) if "Item" in response else None

    def _put_versioned(self, item: dict, read_version: int, what: str) -> None:
        try:
            self._client.put_item(
                TableName=self._table,
                Item=item,
                ConditionExpression="version = :read",
                ExpressionAttributeValues={":read": _serialize(read_version)},
            )
        except ClientError as error:
            if _code(error) == "ConditionalCheckFailedException":
                raise Conflict(f"the {what} changed since you read it; read it again", "version") from None
            raise

    def _transact(self, writes: list[tuple[dict, Exception | None]]) -> None:
        """All or nothing. A failed condition raises the domain error paired with that write."""
        operations = []
        for operation, _ in writes:
            ((kind, body),) = operation.items()
            operations.append({kind: {"TableName": self._table, **body}})
        try:
            self._client.transact_write_items(TransactItems=operations)
        except ClientError as error:
            if _code(error) != "TransactionCanceledException":
                raise
            reasons = error.response.get("CancellationReasons", [])
            for (_, domain_error), reason in zip(writes, reasons, strict=False):
                if reason.get("Code") == "ConditionalCheckFailed" and domain_error is not None:
                    raise domain_error from None
            if any(reason.get("Code") == "TransactionConflict" for reason in reasons):
                raise Conflict("another change to the same data was under way; try again") from None
            raise


def due_keys(networker_id: str, contact_id: str, next_follow_up_on: date | None) -> dict:
    """The sparse `due` index keys: present only while the contact has a follow-up date."""
    if next_follow_up_on is None:
        return {"due_pk": None, "due_sk": None}
    return {"due_pk": keys.due(networker_id), "due_sk": keys.due_sort(next_follow_up_on, contact_id)}


def _code(error: ClientError) -> str:
    return error.response.get("Error", {}).get("Code", "")


def _cursor(response: dict) -> str | None:
    last = response.get("LastEvaluatedKey")
    if not last:
        return None
    return _encode_cursor({name: _deserialize(value) for name, value in last.items()})


def _encode_cursor(plain: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(plain, separators=(",", ":")).encode()).decode().rstrip("=")


def _start_after(cursor: str | None, pk: str) -> dict:
    """Decode a cursor we issued for this very partition; anything else is the caller's mistake."""
    if cursor is None:
        return {}
    try:
        plain = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error):
        plain = None
    if (
        not isinstance(plain, dict)
        or plain.get("pk") != pk
        or set(plain) != {"pk", "sk"}
        or not isinstance(plain["sk"], str)
    ):
        raise InvalidInput("is not a cursor from this list", "cursor")
    return {"ExclusiveStartKey": to_item(plain)}
