"""DynamoDB storage: the only place that knows key formats (keys.py) and item shapes."""

from __future__ import annotations

from rapport.storage.contacts import Contacts
from rapport.storage.dynamo import Page, Table
from rapport.storage.greetings import Campaigns
from rapport.storage.imports import Imports
from rapport.storage.inbound import Inbound
from rapport.storage.interactions import Interactions
from rapport.storage.introductions import Introductions
from rapport.storage.links import Links
from rapport.storage.meetings import Meetings
from rapport.storage.opportunities import Opportunities
from rapport.storage.profiles import Profiles
from rapport.storage.reminders import Reminders
from rapport.storage.reviews import Reviews
from rapport.storage.sends import Sends
from rapport.storage.sms_digests import SmsDigests

__all__ = ["Page", "Store"]


class Store:
    """The single table, seen per kind of item."""

    def __init__(self, client, table_name: str):
        table = Table(client, table_name)
        self.profiles = Profiles(table)
        self.contacts = Contacts(table)
        self.interactions = Interactions(table)
        self.sends = Sends(table)
        self.reminders = Reminders(table)
        self.meetings = Meetings(table)
        self.inbound = Inbound(table, self.interactions)
        self.sms_digests = SmsDigests(table)
        self.introductions = Introductions(table)
        self.opportunities = Opportunities(table)
        self.links = Links(table)
        self.reviews = Reviews(table)
        self.campaigns = Campaigns(table)
        self.imports = Imports(table)
