"""The contact routes' own schemas: pages, lists, a contact in full. (What the digests show too, the
contact view and the reminders, is the domain's `views`.)"""

from __future__ import annotations

from pydantic import Field

from rapport.domain.model import Model
from rapport.domain.views import ContactView, DueContact

from introduction_schemas import Introduction


class ContactPage(Model):
    items: list[ContactView]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last one.")


class ContactDetail(ContactView):
    introductions: list[Introduction] = Field(description="Introductions this contact is in, newest first.")


class DueList(Model):
    items: list[DueContact]
