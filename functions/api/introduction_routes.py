"""Helping the network: opportunities (a need met by an offer) and double opt-in introductions."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated

import examples as ex
import examples_introductions as ex_intro
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Path
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from rapport import clock
from rapport.domain.introductions import AskRequest, IntroductionCreate, MakeRequest
from rapport.services import introductions, opportunities

from context import profile, store
from http_errors import links_by, responses
from idempotent import IdempotencyKey, idempotent
from introduction_schemas import Introduction, IntroductionList, IntroductionView, OpportunityList

router = APIGatewayHttpRouter()


IntroductionId = Annotated[
    str, Path(min_length=1, max_length=64, openapi_examples=ex.an_id("Marie and Claire", ex.INTRODUCTION))
]
OpportunityId = Annotated[
    str, Path(min_length=1, max_length=64, openapi_examples=ex.an_id("Marie's need, Claire's offer", ex.OPPORTUNITY))
]


@router.get(
    "/opportunities",
    summary="Contacts who could help each other",
    description="Contacts who could help each other (a need met by an offer), best first, with the labels that met.",
    tags=["introductions"],
    responses=responses(OpportunityList, examples=ex_intro.OPPORTUNITIES),
)
def list_opportunities() -> OpportunityList:
    return OpportunityList(items=opportunities.listed(store(), profile(), clock.now()))


@router.post(
    "/opportunities/<opportunity_id>/dismiss",
    summary="Dismiss a help opportunity",
    description="Not this pair: it is never proposed again.",
    status_code=204,
    tags=["introductions"],
    responses=responses(None, HTTPStatus.NO_CONTENT),
)
def dismiss_opportunity(opportunity_id: OpportunityId):
    opportunities.dismiss(store(), profile(), opportunity_id, clock.now())
    return Response(HTTPStatus.NO_CONTENT)


@router.post(
    "/introductions",
    summary="Suggest an introduction",
    description="Two contacts who should meet, and why: suggested, then asked, accepted, made (double opt-in).",
    status_code=201,
    tags=["introductions"],
    responses=responses(
        IntroductionView,
        HTTPStatus.CREATED,
        examples=ex_intro.SUGGESTED,
        links=links_by(
            "introduction_id",
            "get_introduction_introductions__introduction_id__get",
            "ask_introduction_introductions__introduction_id__ask_post",
            "accept_introduction_introductions__introduction_id__accept_post",
            "decline_introduction_introductions__introduction_id__decline_post",
            "make_introduction_introductions__introduction_id__make_post",
            "follow_up_introduction_introductions__introduction_id__follow_up_post",
            "cancel_introduction_introductions__introduction_id__cancel_post",
        ),
    ),
)
@idempotent(router)
def suggest_introduction(
    create: Annotated[IntroductionCreate, Body(openapi_examples=ex_intro.NEW_INTRODUCTION)],
    idempotency_key: IdempotencyKey = None,
) -> IntroductionView:
    return IntroductionView.drafted(*introductions.suggest(store(), profile(), create, clock.now()))


@router.get(
    "/introductions",
    summary="List your introductions",
    description="Every introduction, whatever its state, newest first.",
    tags=["introductions"],
    responses=responses(IntroductionList, examples=ex_intro.INTRODUCTIONS),
)
def list_introductions() -> IntroductionList:
    return IntroductionList(items=[Introduction.of(i) for i in introductions.listed(store(), profile())])


@router.get(
    "/introductions/<introduction_id>",
    summary="An introduction",
    description="Its state, its dates and, when there is one, the draft to send.",
    tags=["introductions"],
    responses=responses(IntroductionView, examples=ex_intro.INTRODUCTION_VIEW),
)
def get_introduction(introduction_id: IntroductionId) -> IntroductionView:
    return IntroductionView.drafted(*introductions.get(store(), profile(), introduction_id))


@router.post(
    "/introductions/<introduction_id>/ask",
    summary="Ask one side",
    description="You ask one side (the first by default) whether they want it: the draft is the ask to send.",
    tags=["introductions"],
    responses=responses(IntroductionView, examples=ex_intro.INTRODUCTION_VIEW),
)
def ask_introduction(
    introduction_id: IntroductionId, request: Annotated[AskRequest | None, Body(openapi_examples=ex_intro.ASK)] = None
) -> IntroductionView:
    return IntroductionView.drafted(
        *introductions.ask(store(), profile(), introduction_id, request or AskRequest(), clock.now())
    )


@router.post(
    "/introductions/<introduction_id>/accept",
    summary="They accepted",
    description="They said yes: the draft is the introduction to send to both.",
    tags=["introductions"],
    responses=responses(IntroductionView, examples=ex_intro.introduction_at("accepted", "accepted", 3)),
)
def accept_introduction(introduction_id: IntroductionId) -> IntroductionView:
    return IntroductionView.drafted(*introductions.act(store(), profile(), introduction_id, "accept", clock.now()))


@router.post(
    "/introductions/<introduction_id>/decline",
    summary="They declined",
    description="The introduction is closed; the pair may be suggested again later.",
    tags=["introductions"],
    responses=responses(IntroductionView, examples=ex_intro.introduction_at("declined", "declined", 3)),
)
def decline_introduction(introduction_id: IntroductionId) -> IntroductionView:
    return IntroductionView.drafted(*introductions.act(store(), profile(), introduction_id, "decline", clock.now()))


@router.post(
    "/introductions/<introduction_id>/make",
    summary="Make the introduction",
    description="You put them in touch: the introduction touch is logged with both.",
    tags=["introductions"],
    responses=responses(IntroductionView, examples=ex_intro.MADE),
)
def make_introduction(
    introduction_id: IntroductionId, request: Annotated[MakeRequest | None, Body(openapi_examples=ex_intro.MAKE)] = None
) -> IntroductionView:
    return IntroductionView.drafted(
        *introductions.make(store(), profile(), introduction_id, request or MakeRequest(), clock.now())
    )


@router.post(
    "/introductions/<introduction_id>/follow-up",
    summary="Followed up",
    description="You asked each side how it went.",
    tags=["introductions"],
    responses=responses(IntroductionView, examples=ex_intro.FOLLOWED_UP),
)
def follow_up_introduction(introduction_id: IntroductionId) -> IntroductionView:
    return IntroductionView.drafted(*introductions.act(store(), profile(), introduction_id, "follow_up", clock.now()))


@router.post(
    "/introductions/<introduction_id>/cancel",
    summary="Cancel an introduction",
    description="Before it is made: the pair is free again.",
    tags=["introductions"],
    responses=responses(IntroductionView, examples=ex_intro.introduction_at("cancelled", "cancelled", 3)),
)
def cancel_introduction(introduction_id: IntroductionId) -> IntroductionView:
    return IntroductionView.drafted(*introductions.act(store(), profile(), introduction_id, "cancel", clock.now()))
