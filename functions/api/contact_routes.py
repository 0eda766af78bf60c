"""Contacts, the touches logged with them, and who is due."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated

import examples as ex
import examples_introductions as ex_intro
from aws_lambda_powertools import Metrics
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from aws_lambda_powertools.metrics import MetricUnit

from rapport import clock
from rapport.domain.contact import ContactCreate, ContactPatch
from rapport.domain.interaction import InteractionCreate, Source
from rapport.domain.views import ContactFilter, ContactView
from rapport.domain.vocabulary import Circle, Stage
from rapport.services import contacts, interactions

from contact_schemas import ContactDetail, ContactPage, DueList
from context import profile, store
from http_errors import links_by, responses
from idempotent import IdempotencyKey, idempotent
from interaction_schemas import Interaction, InteractionPage
from introduction_schemas import Introduction

router = APIGatewayHttpRouter()
metrics = Metrics()  # the handler's: Powertools Metrics instances share one set of metrics

ContactId = Annotated[str, Path(min_length=1, max_length=64, openapi_examples=ex.an_id("Claire Martin", ex.CLAIRE))]
InteractionId = Annotated[str, Path(min_length=1, max_length=64, openapi_examples=ex.an_id("A coffee", ex.COFFEE))]
Limit = Annotated[int, Query(ge=1, le=100, description="Page size.", openapi_examples=ex.example("20", "20", 20))]
Cursor = Annotated[
    str | None,
    Query(max_length=1000, description="From the previous page's next_cursor.", openapi_examples=ex.CURSOR),
]


@router.post(
    "/contacts",
    summary="Add a contact",
    description="Someone to keep in touch with, or to meet. Send an `Idempotency-Key` to retry safely.",
    status_code=201,
    tags=["contacts"],
    responses=responses(
        ContactView,
        HTTPStatus.CREATED,
        examples=ex.CONTACT,
        links=links_by(
            "contact_id",
            "get_contact_contacts__contact_id__get",
            "patch_contact_contacts__contact_id__patch",
            "delete_contact_contacts__contact_id__delete",
            "list_interactions_contacts__contact_id__interactions_get",
            "list_knows_contacts__contact_id__knows_get",
            "warm_paths_contacts__contact_id__paths_get",
        ),
    ),
)
@idempotent(router)
def create_contact(
    draft: Annotated[ContactCreate, Body(openapi_examples=ex.NEW_CONTACT)], idempotency_key: IdempotencyKey = None
) -> ContactView:
    view = contacts.create(store(), profile(), draft, clock.now())
    metrics.add_metric(name="ContactCreated", unit=MetricUnit.Count, value=1)
    return view


@router.get(
    "/contacts",
    summary="List your contacts",
    description="Filtered by stage, circle, tag or text; a page at a time (follow `next_cursor`).",
    tags=["contacts"],
    responses=responses(ContactPage, examples=ex.CONTACT_PAGE),
)
def list_contacts(
    stage: Annotated[Stage | None, Query(openapi_examples=ex.example("met", "Met", "met"))] = None,
    circle: Annotated[Circle | None, Query(openapi_examples=ex.example("inner", "Inner circle", "inner"))] = None,
    tag: Annotated[
        str | None, Query(max_length=60, openapi_examples=ex.example("tag", "A tag", "investisseurs"))
    ] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=200,
            description="Text in the name, company or an email.",
            openapi_examples=ex.example("company", "A company", "Fonds Horizon"),
        ),
    ] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> ContactPage:
    where = ContactFilter(stage=stage, circle=circle, tag=tag, q=q)
    page = contacts.find(store(), profile(), where, cursor, limit, clock.now())
    return ContactPage(items=page.items, next_cursor=page.cursor)


@router.get(
    "/contacts/<contact_id>",
    summary="A contact, in full",
    description="With their latest touches, follow-up date, health and the introductions they are in.",
    tags=["contacts"],
    responses=responses(ContactDetail, examples=ex_intro.CONTACT_DETAIL),
)
def get_contact(contact_id: ContactId) -> ContactDetail:
    view, introductions = contacts.get(store(), profile(), contact_id, clock.now())
    return ContactDetail(**dict(view), introductions=[Introduction.of(i) for i in introductions])


@router.patch(
    "/contacts/<contact_id>",
    summary="Change a contact",
    description="Only the fields sent change; send `version` to be sure nobody changed it meanwhile (409).",
    tags=["contacts"],
    responses=responses(ContactView, examples=ex.CONTACT),
)
def patch_contact(
    contact_id: ContactId, patch: Annotated[ContactPatch, Body(openapi_examples=ex.CONTACT_CHANGE)]
) -> ContactView:
    return contacts.update(store(), profile(), contact_id, patch, clock.now())


@router.delete(
    "/contacts/<contact_id>",
    summary="Delete a contact",
    description="They leave every touch they were in (a touch left with nobody is deleted).",
    status_code=204,
    tags=["contacts"],
    responses=responses(None, HTTPStatus.NO_CONTENT),
)
def delete_contact(contact_id: ContactId):
    contacts.delete(store(), profile(), contact_id)
    return Response(HTTPStatus.NO_CONTENT)


@router.get(
    "/contacts/<contact_id>/interactions",
    summary="A contact's touches",
    description="Newest first, a page at a time.",
    tags=["interactions"],
    responses=responses(InteractionPage, examples=ex.TOUCH_PAGE),
)
def list_interactions(contact_id: ContactId, limit: Limit = 50, cursor: Cursor = None) -> InteractionPage:
    page = interactions.of_contact(store(), profile(), contact_id, cursor, limit)
    return InteractionPage(items=[Interaction.of(i) for i in page.items], next_cursor=page.cursor)


@router.post(
    "/interactions",
    summary="Log a touch",
    description=(
        "Something that happened with one or more contacts: it resets their follow-up dates. Send an `Idempotency-"
        "Key` so that a retry never logs it twice."
    ),
    status_code=201,
    tags=["interactions"],
    responses=responses(
        Interaction,
        HTTPStatus.CREATED,
        examples=ex.TOUCH,
        links=links_by("interaction_id", "delete_interaction_interactions__interaction_id__delete"),
    ),
)
@idempotent(router)
def log_interaction(
    draft: Annotated[InteractionCreate, Body(openapi_examples=ex.NEW_TOUCH)], idempotency_key: IdempotencyKey = None
) -> Interaction:
    interaction = interactions.log(store(), profile(), draft, Source.API, clock.now())
    metrics.add_metric(name="TouchLogged", unit=MetricUnit.Count, value=1)
    return Interaction.of(interaction)


@router.delete(
    "/interactions/<interaction_id>",
    summary="Delete a touch",
    description="The follow-up dates of everyone in it are computed again.",
    status_code=204,
    tags=["interactions"],
    responses=responses(None, HTTPStatus.NO_CONTENT),
)
def delete_interaction(interaction_id: InteractionId):
    interactions.delete(store(), profile(), interaction_id)
    return Response(HTTPStatus.NO_CONTENT)


@router.get(
    "/due",
    summary="Who is due for a touch",
    description="Contacts whose follow-up date has come, with the reason, in the ranking's order (as "
    "GET /reminders): how close (circle) times how late against their cadence.",
    tags=["follow-ups"],
    responses=responses(DueList, examples=ex.DUE),
)
def due() -> DueList:
    return DueList(items=contacts.due(store(), profile(), clock.now()))
