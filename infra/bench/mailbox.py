"""What figures 5 and 6 share: the stack in moto, a networker, and the messages they write."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime

import boto3
from moto import mock_aws

from infra.bench.common import T0
from infra.local import functions
from infra.local.functions import apply_environment
from infra.local.provision import Stack, create_stack
from rapport import clock
from rapport.domain.inbound import inbound_address
from rapport.domain.profile import Profile
from rapport.services import profiles
from rapport.services.profiles import Identity
from rapport.storage import Store

NETWORKER = "Nora Networker <nora@example.com>"  # signed in with this address: verified
JOHN = "John Doe <john.doe@acme.com>"


@contextlib.contextmanager
def moto_stack() -> Iterator[tuple[Stack, Store]]:
    """The stack of template.yaml in moto, its functions' environment applied, the clock at T0."""
    with mock_aws():
        functions.cold_start()  # a new container: its clients are made in this mock
        stack = create_stack()
        apply_environment(stack)
        clock.freeze(T0)
        try:
            yield stack, Store(boto3.client("dynamodb"), stack.table_name)
        finally:
            clock.reset()
            functions.cold_start()


def new_networker(store: Store) -> tuple[str, str]:
    """A networker signed in with NETWORKER's address (verified); their id and inbound address."""
    sub = str(uuid.uuid4())
    identity = Identity(networker_id=sub, email=address_of(NETWORKER), email_verified=True, name="Nora Networker")
    profile: Profile = profiles.current(store, identity, T0)
    return sub, inbound_address(profile.inbound_token, os.environ["INBOUND_DOMAIN"])


def verified_addresses(store: Store, networker: str) -> set[str]:
    return store.profiles.get(networker).addresses(verified=True)


def address_of(mailbox: str) -> str:
    return mailbox.rpartition("<")[2].rstrip(">")


def bcc(subject: str, text: str) -> EmailMessage:
    """The networker writing to John Doe, Cc Walter, BCC'ing their inbound address: as a mail client
    sends it, the address is in the envelope (the event's recipients) only, not in a header."""
    return message(JOHN, subject, text, cc="Walter Sheltan <walter.sheltan@acme.com>")


def message(to: str, subject: str, text: str, cc: str | None = None) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = NETWORKER, to, subject
    if cc:
        message["Cc"] = cc
    message["Date"] = format_datetime(clock.now() - timedelta(minutes=5))
    message["Message-ID"] = f"<{uuid.uuid4().hex}@mail.example.com>"
    message.set_content(text)
    return message
