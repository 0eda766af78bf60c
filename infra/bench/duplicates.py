"""Duplicate detection over 5,000 contacts: `GET /duplicates` through the API handler on moto, its time
and the items it reads, with 100 duplicates planted among people of 500 companies."""

from __future__ import annotations

import json
import random
import statistics
import time
import uuid

import boto3
from moto import mock_aws

from infra.bench.child import LambdaContext, http_event
from infra.bench.common import T0
from infra.bench.reads import ItemsRead
from infra.local import functions
from infra.local.functions import apply_environment, load_handler
from infra.local.provision import create_stack
from rapport import clock
from rapport.domain.contact import ContactCreate
from rapport.domain.duplicates import find
from rapport.domain.locale import Locale
from rapport.services import contacts, profiles
from rapport.services.profiles import Identity
from rapport.storage import Store

CONTACTS = 5_000
PLANTED = 100  # pairs: half by the same mobile, half by a name written otherwise at the same company
COMPANIES = 500
TIMED_CALLS = 3
DETECTION_BUDGET_S = 1.0  # the detection alone, in the function, besides DynamoDB's reads

_FIRST = (
    "Anne Claire Marie Sophie Julie Camille Léa Chloé Manon Emma Inès Sarah Laura Pauline Hélène Céline Lucie "
    "Paul Thomas Nicolas Julien Pierre Antoine Maxime Hugo Louis Lucas Arthur Jules Mathieu Olivier Éric Marc"
).split()
_LAST = (
    "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefèvre Michel Garcia "
    "David Bertrand Roux Vincent Fournier Morel Girard André Mercier Dupont Lambert Bonnet François Martinez "
    "Legrand Garnier Faure Rousseau Blanc Guérin Muller Henry Roussel Nicolas Perrin Morin Mathieu Clément"
).split()


def duplicate_detection() -> tuple[float, float, float]:
    """Print the time and items read of GET /duplicates over CONTACTS contacts; return (its median seconds
    on moto, items read / contacts held, the detection alone / DETECTION_BUDGET_S). Most of the time on
    moto is moto's serialisation of every contact item read (DynamoDB returns 5,000 small projected items
    in a few 1 MB pages); the detection alone is what the function adds to the reads."""
    print(f"\n== Duplicates: GET /duplicates over {CONTACTS:,} contacts, {PLANTED} pairs planted ==")
    items_read = ItemsRead()
    with mock_aws():
        boto3.setup_default_session()  # hook the session every client below is made from (see reads.py)
        boto3.DEFAULT_SESSION.events.register("after-call.dynamodb", items_read)
        functions.cold_start()
        stack = create_stack()
        apply_environment(stack)
        handler = load_handler("ApiFunction")
        store = Store(boto3.client("dynamodb"), stack.table_name)
        sub = _seed(store, stack.table_name)
        cards = store.duplicates.cards(sub)
        start = time.perf_counter()
        find(cards, Locale.EN)
        alone = time.perf_counter() - start
        clock.freeze(T0)
        latencies, found = [], []
        for _ in range(TIMED_CALLS):
            items_read.count = 0
            start = time.perf_counter()
            found = _get_duplicates(handler, sub)
            latencies.append(time.perf_counter() - start)
        clock.reset()
    functions.cold_start()
    if len(found) < PLANTED:
        raise RuntimeError(f"GET /duplicates found {len(found)} pairs, fewer than the {PLANTED} planted")
    median = statistics.median(latencies)
    print(
        f"  {len(found)} pairs found ({PLANTED} planted), {items_read.count:,} items read, "
        f"median {median * 1000:.0f} ms in-process (moto), the detection alone {alone * 1000:.0f} ms"
    )
    return median, items_read.count / CONTACTS, alone / DETECTION_BUDGET_S


def _seed(store: Store, table: str) -> str:
    """A networker holding CONTACTS contacts, PLANTED pairs of them one person; the contact items are
    written 25 to a BatchWriteItem (the detection reads only them, not the claims)."""
    sub = str(uuid.uuid4())
    profile = profiles.current(
        store, Identity(networker_id=sub, email=f"{sub}@example.com", email_verified=True, name="Bench"), T0
    )
    drafts = [_person(i) for i in range(CONTACTS - PLANTED)]
    for i, original in enumerate(drafts[:PLANTED]):
        first, last = original.name.split(" ", 1)
        if i % 2:
            drafts.append(ContactCreate(name=f"{first[0]}. {last}", company=original.company))
        else:
            drafts.append(ContactCreate(name=f"{last} {first}", phones=original.phones))
    items = [store.contacts.item(sub, contacts.new_contact(profile, draft, T0)) for draft in drafts]
    client = boto3.client("dynamodb")
    for start in range(0, len(items), 25):
        requests = {table: [{"PutRequest": {"Item": item}} for item in items[start : start + 25]]}
        while requests:
            requests = client.batch_write_item(RequestItems=requests)["UnprocessedItems"]
    return sub


def _person(i: int) -> ContactCreate:
    """Someone at one of COMPANIES companies, with a work address (a free one for a fifth) and a mobile."""
    pick = random.Random(i)
    first, last = pick.choice(_FIRST), pick.choice(_LAST)
    company = f"Company {i % COMPANIES}"
    domain = "gmail.com" if i % 5 == 0 else f"company{i % COMPANIES}.fr"
    return ContactCreate(
        name=f"{first} {last}",
        company=company,
        emails=[f"{first.lower()}.{last.lower()}.{i}@{domain}"],
        phones=[f"+336{10_000_000 + i:08d}"],
    )


def _get_duplicates(handler, sub: str) -> list:
    response = handler(http_event("GET", "/duplicates", sub), LambdaContext())
    if response["statusCode"] != 200:
        raise RuntimeError(f"GET /duplicates answered {response['statusCode']}: {response.get('body')}")
    return json.loads(response["body"])["items"]
