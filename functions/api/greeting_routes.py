"""Greetings seasons: each season's campaign, how far it has gone, and who is still to greet."""

from __future__ import annotations

from typing import Annotated

import examples as ex
import examples_account as ex_account
from aws_lambda_powertools.event_handler.openapi.params import Path
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from rapport import clock
from rapport.domain.greetings import CampaignView
from rapport.services import greetings

from context import profile, store
from greeting_schemas import CampaignList
from http_errors import responses

router = APIGatewayHttpRouter()

CampaignId = Annotated[
    str,
    Path(
        min_length=1,
        max_length=64,
        description="As listed: `new_year-2027`.",
        openapi_examples=ex.an_id("New Year 2027", ex.CAMPAIGN),
    ),
]


@router.get(
    "/greetings",
    summary="Your greetings campaigns",
    description=(
        "Your greetings campaigns, the newest season first. The campaign of a season under way opens on its first "
        "day (or first read): your met contacts in the circles of your `greetings` setting."
    ),
    tags=["greetings"],
    responses=responses(CampaignList, examples=ex_account.CAMPAIGNS),
)
def list_campaigns() -> CampaignList:
    return CampaignList(items=greetings.views(store(), profile(), clock.now()))


@router.get(
    "/greetings/<campaign_id>",
    summary="A greetings campaign",
    description="Who is greeted and who is still to greet in one season's campaign.",
    tags=["greetings"],
    responses=responses(CampaignView, examples=ex_account.CAMPAIGN_VIEW),
)
def get_campaign(campaign_id: CampaignId) -> CampaignView:
    return greetings.view(store(), profile(), campaign_id, clock.now())
