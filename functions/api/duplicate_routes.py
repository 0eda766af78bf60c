"""Duplicates: the pairs of contacts likely to be one person, dismissed, or merged into one."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated

import examples as ex
import examples_duplicates as ex_dup
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Path
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from duplicate_schemas import DuplicateList, DuplicatePair

from rapport import clock
from rapport.domain.duplicates import MergeRequest
from rapport.domain.views import ContactView
from rapport.services import duplicates

from context import profile, store
from http_errors import responses

router = APIGatewayHttpRouter()

ContactId = Annotated[str, Path(min_length=1, max_length=64, openapi_examples=ex.an_id("Claire Martin", ex.CLAIRE))]
PairId = Annotated[str, Path(min_length=1, max_length=200, openapi_examples=ex_dup.PAIR)]


@router.get(
    "/duplicates",
    summary="Contacts that look like one person",
    description="Pairs of contacts likely to be one person (the same email, phone or LinkedIn profile; or close "
    "names with the same company or work email domain), the likeliest first, with the reasons in your language. "
    "Pairs dismissed are left out.",
    tags=["contacts"],
    responses=responses(DuplicateList, examples=ex_dup.DUPLICATES),
)
def list_duplicates() -> DuplicateList:
    return DuplicateList(items=[DuplicatePair.of(*found) for found in duplicates.listed(store(), profile())])


@router.post(
    "/duplicates/<pair_id>/dismiss",
    summary="Not the same person",
    description="The two contacts of this pair are two people: the pair is not shown again. Dismissing again "
    "changes nothing.",
    status_code=204,
    tags=["contacts"],
    responses=responses(None, HTTPStatus.NO_CONTENT),
)
def dismiss_duplicate(pair_id: PairId):
    duplicates.dismiss(store(), profile(), pair_id, clock.now())
    return Response(HTTPStatus.NO_CONTENT)


@router.post(
    "/contacts/<contact_id>/merge",
    summary="Merge two contacts into one",
    description="The other contact is merged into this one, then deleted: this one keeps its fields, fills its "
    "blanks from the other's, and takes the other's where both differ for the fields named in `take`; notes are "
    "joined; emails, phones, tags, needs and offers are united. Every touch, link, introduction, meeting, "
    "reminder state and greetings campaign entry of the other moves to this one, and its follow-up is "
    "recomputed. Refused (422, the field named) when the two hold more together than one contact may (20 emails, "
    "10 phones, 50 tags, needs or offers, 10,000 characters of notes). Safe to retry: a merge interrupted "
    "finishes, one done answers this contact again.",
    tags=["contacts"],
    responses=responses(ContactView, examples=ex_dup.MERGED),
)
def merge_contacts(
    contact_id: ContactId, request: Annotated[MergeRequest, Body(openapi_examples=ex_dup.MERGE)]
) -> ContactView:
    return duplicates.merge(store(), profile(), contact_id, request, clock.now())
