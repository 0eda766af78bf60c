"""Meetings ahead (a brief before each, the touch once held) and the reminders of what is due."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated

import examples as ex
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Path
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from rapport import clock
from rapport.domain.meeting import HeldRequest, MeetingCreate, MeetingPatch
from rapport.domain.reminders import UPCOMING_DAYS, ReminderState
from rapport.services import meetings, reminders

from agenda_schemas import Meeting, MeetingList, ReminderList
from context import profile, store
from http_errors import links_by, responses
from idempotent import IdempotencyKey, idempotent

router = APIGatewayHttpRouter()

MeetingId = Annotated[str, Path(min_length=1, max_length=64, openapi_examples=ex.an_id("Breakfast", ex.MEETING))]
ReminderId = Annotated[
    str,
    Path(
        min_length=1,
        max_length=100,
        description="As listed by GET /reminders.",
        openapi_examples=ex.an_id("Marie's follow-up", ex.FOLLOW_UP),
    ),
]


@router.post(
    "/meetings",
    summary="Plan a meeting",
    description="A meeting ahead: a brief is sent a while before it (2 hours unless said otherwise).",
    status_code=201,
    tags=["meetings"],
    responses=responses(
        Meeting,
        HTTPStatus.CREATED,
        examples=ex.MEETING_VIEW,
        links=links_by(
            "meeting_id",
            "move_meeting_meetings__meeting_id__patch",
            "meeting_held_meetings__meeting_id__held_post",
            "cancel_meeting_meetings__meeting_id__delete",
        ),
    ),
)
@idempotent(router)
def plan_meeting(
    draft: Annotated[MeetingCreate, Body(openapi_examples=ex.NEW_MEETING)], idempotency_key: IdempotencyKey = None
) -> Meeting:
    return Meeting.of(meetings.plan(store(), profile(), draft, clock.now()))


@router.get(
    "/meetings",
    summary="List your meetings",
    description="The next 90 days, and the last 7 (to confirm they were held).",
    tags=["meetings"],
    responses=responses(MeetingList, examples=ex.MEETINGS),
)
def list_meetings() -> MeetingList:
    return MeetingList(items=[Meeting.of(m) for m in meetings.listed(store(), profile(), clock.now())])


@router.patch(
    "/meetings/<meeting_id>",
    summary="Change a meeting",
    description="Its time, place, goal, people or brief; the brief moves with it.",
    tags=["meetings"],
    responses=responses(Meeting, examples=ex.MEETING_MOVED),
)
def move_meeting(
    meeting_id: MeetingId, patch: Annotated[MeetingPatch, Body(openapi_examples=ex.MEETING_CHANGE)]
) -> Meeting:
    return Meeting.of(meetings.move(store(), profile(), meeting_id, patch, clock.now()))


@router.delete(
    "/meetings/<meeting_id>",
    summary="Cancel a meeting",
    description="Its brief is not sent.",
    status_code=204,
    tags=["meetings"],
    responses=responses(None, HTTPStatus.NO_CONTENT),
)
def cancel_meeting(meeting_id: MeetingId):
    meetings.cancel(store(), profile(), meeting_id)
    return Response(HTTPStatus.NO_CONTENT)


@router.post(
    "/meetings/<meeting_id>/held",
    summary="Confirm a meeting was held",
    description="It happened: the meeting touch is logged with everyone, at the time it started.",
    tags=["meetings"],
    responses=responses(Meeting, examples=ex.MEETING_HELD),
)
def meeting_held(
    meeting_id: MeetingId, request: Annotated[HeldRequest | None, Body(openapi_examples=ex.HELD)] = None
) -> Meeting:
    return Meeting.of(meetings.held(store(), profile(), meeting_id, request or HeldRequest(), clock.now()))


@router.get(
    "/reminders",
    summary="Your reminders",
    description="What is due now and in the next 7 days: follow-ups, thank-yous, birthdays, meetings to confirm, "
    "introductions to follow up, help to give, someone to meet. Ranked by person: how close, how late against "
    "their cadence, what holds only today, then introductions, help and people to meet; `items` lists the "
    "reminders in that order, `people` gives each person's rank and reasons and the ids of their reminders "
    "(the digest names the first few, backed off; this list shows everything).",
    tags=["reminders"],
    responses=responses(ReminderList, examples=ex.REMINDERS),
)
def list_reminders() -> ReminderList:
    return ReminderList.of(reminders.gather(store(), profile(), clock.now(), days_ahead=UPCOMING_DAYS))


@router.post(
    "/reminders/<reminder_id>/done",
    summary="Mark a reminder done",
    description="A follow-up done logs its touch (`kind`, `summary`); the reminder does not come back.",
    tags=["reminders"],
    responses=responses(ReminderState, examples=ex.reminder_state("done")),
)
def reminder_done(
    reminder_id: ReminderId, request: Annotated[reminders.Done | None, Body(openapi_examples=ex.REMINDER_DONE)] = None
) -> ReminderState:
    return reminders.done(store(), profile(), reminder_id, request or reminders.Done(), clock.now())


@router.post(
    "/reminders/<reminder_id>/snooze",
    summary="Snooze a reminder",
    description="Back on a day (`until`) or in a number of days (`days`).",
    tags=["reminders"],
    responses=responses(ReminderState, examples=ex.reminder_state("snoozed", until="2026-11-23")),
)
def reminder_snooze(
    reminder_id: ReminderId, request: Annotated[reminders.Snooze, Body(openapi_examples=ex.SNOOZE)]
) -> ReminderState:
    return reminders.snooze(store(), profile(), reminder_id, request, clock.now())


@router.post(
    "/reminders/<reminder_id>/dismiss",
    summary="Dismiss a reminder",
    description="Not this time: this occurrence is not shown again.",
    tags=["reminders"],
    responses=responses(ReminderState, examples=ex.reminder_state("dismissed")),
)
def reminder_dismiss(reminder_id: ReminderId) -> ReminderState:
    return reminders.dismiss(store(), profile(), reminder_id, clock.now())
