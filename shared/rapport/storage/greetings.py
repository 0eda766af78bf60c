"""Greetings campaigns: one item per networker and season's year, opened once, then joined by contacts met
or moved into its circles during the season, and marked as people are greeted.

`greeted` and `gone` are string sets: marking is an ADD or a DELETE of one id, so the same mark written
twice (a replayed stream record) or two marks at once (two touches) never undo each other.
"""

from __future__ import annotations

from botocore.exceptions import ClientError

from rapport.domain import greetings
from rapport.domain.greetings import Campaign
from rapport.storage import keys
from rapport.storage.dynamo import Table, code_of, to_item
from rapport.storage.item_types import ItemType
from rapport.storage.shapes import campaign as shape


class Campaigns:
    def __init__(self, table: Table):
        self._table = table

    def get(self, networker_id: str, campaign_id: str) -> Campaign | None:
        item = self._table.get(keys.networker(networker_id), keys.campaign(campaign_id))
        return shape.from_item(item) if item else None

    def open(self, networker_id: str, campaign: Campaign) -> Campaign:
        """The campaign as stored: this one, or the one opened first (by a concurrent digest, touch or retry)."""
        if self._table.put_new(self._item(networker_id, campaign)):
            return campaign
        stored = self.get(networker_id, greetings.campaign_id(campaign.season, campaign.year))
        assert stored is not None  # put_new found it there
        return stored

    def listed(self, networker_id: str) -> list[Campaign]:
        """Every campaign of the networker (a few a year), the newest season first."""
        items = self._table.prefixed(
            keys.networker(networker_id),
            keys.CAMPAIGN_PREFIX,
            ConsistentRead=True,  # a campaign opened a moment ago is listed
        )
        return sorted((shape.from_item(item) for item in items), key=lambda c: c.opens_on, reverse=True)

    def join(self, networker_id: str, campaign_id: str, contact_id: str, greeted: bool) -> bool:
        """One more contact to greet, at the end of the list (and greeted already, if so); False if the
        campaign is gone or holds them already (the same join replayed, or run twice at once)."""
        update = "SET contact_ids = list_append(contact_ids, :one)" + (" ADD greeted :who" if greeted else "")
        values = {":one": [contact_id], ":id": contact_id} | ({":who": {contact_id}} if greeted else {})
        try:
            self._table.client.update_item(
                TableName=self._table.name,
                Key=to_item({"pk": keys.networker(networker_id), "sk": keys.campaign(campaign_id)}),
                UpdateExpression=update,
                ConditionExpression="attribute_exists(pk) AND NOT contains(contact_ids, :id)",
                ExpressionAttributeValues=to_item(values),
            )
        except ClientError as error:
            if code_of(error) == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def mark(self, networker_id: str, campaign_id: str, contact_id: str, greeted: bool) -> bool:
        """Count one of the campaign's contacts as greeted, or no longer; False if the campaign is gone."""
        return self._in_set(networker_id, campaign_id, "greeted", contact_id, greeted)

    def drop(self, networker_id: str, campaign_id: str, contact_id: str) -> bool:
        """One of the campaign's contacts was deleted: no longer counted; False if the campaign is gone."""
        return self._in_set(networker_id, campaign_id, "gone", contact_id, True)

    def _in_set(self, networker_id: str, campaign_id: str, attribute: str, contact_id: str, present: bool) -> bool:
        try:
            self._table.client.update_item(
                TableName=self._table.name,
                Key=to_item({"pk": keys.networker(networker_id), "sk": keys.campaign(campaign_id)}),
                UpdateExpression=f"{'ADD' if present else 'DELETE'} {attribute} :who",
                ConditionExpression="attribute_exists(pk)",
                ExpressionAttributeValues=to_item({":who": {contact_id}}),
            )
        except ClientError as error:
            if code_of(error) == "ConditionalCheckFailedException":
                return False
            raise
        return True

    @staticmethod
    def _item(networker_id: str, campaign: Campaign) -> dict:
        cid = greetings.campaign_id(campaign.season, campaign.year)
        key = {
            "pk": keys.networker(networker_id),
            "sk": keys.campaign(cid),
            "type": ItemType.CAMPAIGN,
            "campaign_id": cid,
        }
        return to_item(key | shape.to_item(campaign))
