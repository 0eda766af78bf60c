"""DynamoDB storage: the only place that knows key formats (keys.py) and item shapes."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from rapport.storage.dynamo import Page, Table

if TYPE_CHECKING:
    from rapport.storage.account_exports import AccountExports
    from rapport.storage.accounts import Accounts
    from rapport.storage.calendars import Calendars
    from rapport.storage.contacts import Contacts
    from rapport.storage.duplicates import Duplicates
    from rapport.storage.email_actions import EmailActions
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
    from rapport.storage.showings import Showings
    from rapport.storage.sms_digests import SmsDigests

__all__ = ["Page", "Store"]


class Store:
    """The single table, seen per kind of item.

    Each kind's module is imported on first use: a cold start imports the storage (and the domain
    models) of the kinds its request touches, not all of them (docs/decisions.md, Cold start).
    """

    def __init__(self, client, table_name: str):
        self._table = Table(client, table_name)

    @cached_property
    def profiles(self) -> Profiles:
        from rapport.storage.profiles import Profiles

        return Profiles(self._table)

    @cached_property
    def contacts(self) -> Contacts:
        from rapport.storage.contacts import Contacts

        return Contacts(self._table)

    @cached_property
    def interactions(self) -> Interactions:
        from rapport.storage.interactions import Interactions

        return Interactions(self._table)

    @cached_property
    def sends(self) -> Sends:
        from rapport.storage.sends import Sends

        return Sends(self._table)

    @cached_property
    def showings(self) -> Showings:
        from rapport.storage.showings import Showings

        return Showings(self._table)

    @cached_property
    def reminders(self) -> Reminders:
        from rapport.storage.reminders import Reminders

        return Reminders(self._table)

    @cached_property
    def meetings(self) -> Meetings:
        from rapport.storage.meetings import Meetings

        return Meetings(self._table)

    @cached_property
    def inbound(self) -> Inbound:
        from rapport.storage.inbound import Inbound

        return Inbound(self._table, self.interactions)

    @cached_property
    def sms_digests(self) -> SmsDigests:
        from rapport.storage.sms_digests import SmsDigests

        return SmsDigests(self._table)

    @cached_property
    def introductions(self) -> Introductions:
        from rapport.storage.introductions import Introductions

        return Introductions(self._table)

    @cached_property
    def opportunities(self) -> Opportunities:
        from rapport.storage.opportunities import Opportunities

        return Opportunities(self._table)

    @cached_property
    def links(self) -> Links:
        from rapport.storage.links import Links

        return Links(self._table)

    @cached_property
    def reviews(self) -> Reviews:
        from rapport.storage.reviews import Reviews

        return Reviews(self._table)

    @cached_property
    def campaigns(self) -> Campaigns:
        from rapport.storage.greetings import Campaigns

        return Campaigns(self._table)

    @cached_property
    def imports(self) -> Imports:
        from rapport.storage.imports import Imports

        return Imports(self._table)

    @cached_property
    def email_actions(self) -> EmailActions:
        from rapport.storage.email_actions import EmailActions

        return EmailActions(self._table)

    @cached_property
    def duplicates(self) -> Duplicates:
        from rapport.storage.duplicates import Duplicates

        return Duplicates(self._table)

    @cached_property
    def account_exports(self) -> AccountExports:
        from rapport.storage.account_exports import AccountExports

        return AccountExports(self._table)

    @cached_property
    def accounts(self) -> Accounts:
        from rapport.storage.accounts import Accounts

        return Accounts(self._table)

    @cached_property
    def calendars(self) -> Calendars:
        from rapport.storage.calendars import Calendars

        return Calendars(self._table)
