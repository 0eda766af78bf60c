"""Helping the network: opportunities (a need met by an offer) and double opt-in introductions."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Path
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from rapport import clock
from rapport.domain.introductions import AskRequest, Introduction, IntroductionCreate, MakeRequest
from rapport.domain.model import Model
from rapport.domain.profile import Profile
from rapport.services import introductions, opportunities
from rapport.services.introductions import IntroductionView

from context import caller, store
from http_errors import responses
from idempotent import IdempotencyKey, idempotent

router = APIGatewayHttpRouter()


def profile() -> Profile:
    return caller(router.current_event)


class OpportunityList(Model):
    items: list[opportunities.OpportunityView]


class IntroductionList(Model):
    items: list[Introduction]


IntroductionId = Annotated[str, Path(min_length=1, max_length=64)]


@router.get("/opportunities", tags=["introductions"], responses=responses(OpportunityList))
def list_opportunities() -> OpportunityList:
    """Contacts who could help each other (a need met by an offer), best first, with the labels that met."""
    return OpportunityList(items=opportunities.listed(store(), profile(), clock.now()))


@router.post(
    "/opportunities/<opportunity_id>/dismiss",
    status_code=204,
    tags=["introductions"],
    responses=responses(None, HTTPStatus.NO_CONTENT),
)
def dismiss_opportunity(opportunity_id: Annotated[str, Path(min_length=1, max_length=64)]):
    """Not this pair: it is never proposed again."""
    opportunities.dismiss(store(), profile(), opportunity_id, clock.now())
    return Response(HTTPStatus.NO_CONTENT)


@router.post(
    "/introductions",
    status_code=201,
    tags=["introductions"],
    responses=responses(IntroductionView, HTTPStatus.CREATED),
)
@idempotent(router)
def suggest_introduction(create: IntroductionCreate, idempotency_key: IdempotencyKey = None) -> IntroductionView:
    """Two contacts who should meet, and why: suggested, then asked, accepted, made (double opt-in)."""
    return introductions.suggest(store(), profile(), create, clock.now())


@router.get("/introductions", tags=["introductions"], responses=responses(IntroductionList))
def list_introductions() -> IntroductionList:
    return IntroductionList(items=introductions.listed(store(), profile()))


@router.get("/introductions/<introduction_id>", tags=["introductions"], responses=responses(IntroductionView))
def get_introduction(introduction_id: IntroductionId) -> IntroductionView:
    return introductions.get(store(), profile(), introduction_id)


@router.post("/introductions/<introduction_id>/ask", tags=["introductions"], responses=responses(IntroductionView))
def ask_introduction(introduction_id: IntroductionId, request: AskRequest | None = None) -> IntroductionView:
    """You ask one side (the first by default) whether they want it: the draft is the ask to send."""
    return introductions.ask(store(), profile(), introduction_id, request or AskRequest(), clock.now())


@router.post("/introductions/<introduction_id>/accept", tags=["introductions"], responses=responses(IntroductionView))
def accept_introduction(introduction_id: IntroductionId) -> IntroductionView:
    """They said yes: the draft is the introduction to send to both."""
    return introductions.act(store(), profile(), introduction_id, "accept", clock.now())


@router.post("/introductions/<introduction_id>/decline", tags=["introductions"], responses=responses(IntroductionView))
def decline_introduction(introduction_id: IntroductionId) -> IntroductionView:
    return introductions.act(store(), profile(), introduction_id, "decline", clock.now())


@router.post("/introductions/<introduction_id>/make", tags=["introductions"], responses=responses(IntroductionView))
def make_introduction(introduction_id: IntroductionId, request: MakeRequest | None = None) -> IntroductionView:
    """You put them in touch: the introduction touch is logged with both."""
    return introductions.make(store(), profile(), introduction_id, request or MakeRequest(), clock.now())


@router.post(
    "/introductions/<introduction_id>/follow-up", tags=["introductions"], responses=responses(IntroductionView)
)
def follow_up_introduction(introduction_id: IntroductionId) -> IntroductionView:
    """You asked each side how it went."""
    return introductions.act(store(), profile(), introduction_id, "follow_up", clock.now())


@router.post("/introductions/<introduction_id>/cancel", tags=["introductions"], responses=responses(IntroductionView))
def cancel_introduction(introduction_id: IntroductionId) -> IntroductionView:
    return introductions.act(store(), profile(), introduction_id, "cancel", clock.now())
