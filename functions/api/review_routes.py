"""The week in progress: the weekly review on screen, before its email."""

from __future__ import annotations

import examples_account as ex_account
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from rapport import clock
from rapport.domain.review import WeekView

from context import profile, store
from http_errors import responses

router = APIGatewayHttpRouter()


@router.get(
    "/review",
    summary="Your week so far",
    description=(
        "The week that ends on your review day, so far: your weekly goals against what it brought, the streak,"
        " the relationships that cooled, the people first met without a follow-up, and the touches of each of"
        " the last 12 weeks. On the review day the weekly review email says the same."
    ),
    tags=["weekly review"],
    responses=responses(WeekView, examples=ex_account.WEEK),
)
def this_week() -> WeekView:
    from rapport.services import reviews  # with the email's Jinja2 and Babel: loaded on first use, not at cold start

    return reviews.this_week(store(), profile(), clock.now())
