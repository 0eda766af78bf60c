"""The HTTP API: parse and validate (Powertools), call one service, answer. No business logic here."""

from __future__ import annotations

import gc

# Init allocates hundreds of thousands of objects that live as long as the container: collecting
# while importing frees nothing and cost ~40 ms of every cold start (docs/decisions.md).
gc.disable()

from datetime import datetime
from functools import cache
from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response, content_types
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.metrics import MetricUnit
from pydantic import Field

from rapport import clock
from rapport.domain.contact import Circle, ContactCreate, ContactPatch, Stage
from rapport.domain.errors import Conflict, InvalidInput, NotFound, TooManyRequests
from rapport.domain.fields import Email
from rapport.domain.interaction import Interaction, InteractionCreate, Source
from rapport.domain.meeting import HeldRequest, Meeting, MeetingCreate, MeetingPatch
from rapport.domain.model import Model
from rapport.domain.profile import PhoneCodeSent, PhoneRequest, PhoneVerify, Profile, ProfilePatch, ProfileView
from rapport.domain.reminders import UPCOMING_DAYS, Reminder, ReminderState
from rapport.domain.views import ContactFilter, ContactView, DueContact
from rapport.services import (
    contacts,
    interactions,
    meetings,
    profiles,
    reminders,
)

import greeting_routes
import http_errors
import import_routes
import inbound_routes
import introduction_routes
import network_routes
import pages
from context import Unauthorized, caller, shown, store
from http_errors import links_by, responses
from idempotent import IdempotencyKey, idempotent

logger = Logger()
metrics = Metrics()
app = APIGatewayHttpResolver(enable_validation=True)
app.configure_openapi(
    title="Rapport API",
    version="1.0.0",
    description="Keep real professional relationships alive: contacts, logged touches, who is due.",
    # A plain dict, not Powertools' HTTPBearer: importing the OpenAPI models costs ~60 ms of cold start.
    security_schemes={
        "jwt": {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "A Cognito ID or access token.",
        }
    },
    security=[{"jwt": []}],
)


# ---------------------------------------------------------------- errors
app.exception_handler(RequestValidationError)(http_errors.invalid_request)
app.exception_handler(InvalidInput)(http_errors.domain_error(HTTPStatus.UNPROCESSABLE_ENTITY, "invalid_input"))
app.exception_handler(NotFound)(http_errors.domain_error(HTTPStatus.NOT_FOUND, "not_found"))
app.exception_handler(Conflict)(http_errors.domain_error(HTTPStatus.CONFLICT, "conflict"))
app.exception_handler(TooManyRequests)(http_errors.too_many_requests)


@app.exception_handler(Unauthorized)
def _unauthorized(_: Unauthorized) -> Response:
    return http_errors.error(HTTPStatus.UNAUTHORIZED, "unauthorized", "A verified identity is required.")


@app.not_found
def _no_route(_: NotFoundError) -> Response:
    # An unknown path or method (TRACE, PROPFIND) on the catch-all route: API Gateway's own words for it.
    return http_errors.error(HTTPStatus.NOT_FOUND, "not_found", "Not Found")


# ---------------------------------------------------------------- identity
def profile() -> Profile:
    return caller(app.current_event)


# ---------------------------------------------------------------- routes
class Health(Model):
    status: str = "ok"


class ContactPage(Model):
    items: list[ContactView]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last one.")


class InteractionPage(Model):
    items: list[Interaction]
    next_cursor: str | None


class DueList(Model):
    items: list[DueContact]


class ReminderList(Model):
    items: list[Reminder]


class MeetingList(Model):
    items: list[Meeting]


ContactId = Annotated[str, Path(min_length=1, max_length=64)]
InteractionId = Annotated[str, Path(min_length=1, max_length=64)]
MeetingId = Annotated[str, Path(min_length=1, max_length=64)]
ReminderId = Annotated[str, Path(min_length=1, max_length=100, description="As listed by GET /reminders.")]
Limit = Annotated[int, Query(ge=1, le=100, description="Page size.")]
Cursor = Annotated[str | None, Query(max_length=1000, description="From the previous page's next_cursor.")]


@app.get(
    "/health",
    summary="Is the API up",
    description="No token needed: answers `ok` while the API answers at all.",
    security=[{}],
    tags=["service"],
    responses={HTTPStatus.OK: {"description": "Up", "content": {"application/json": {"model": Health}}}},
)  # {}: no authentication
def health() -> Health:
    return Health()


@app.get("/openapi.json", include_in_schema=False)
def openapi():
    return Response(200, content_types.APPLICATION_JSON, app.get_openapi_json_schema())


@app.get(
    "/me",
    summary="Your profile",
    description="Your settings, addresses, phone and inbound address; created on your first call.",
    tags=["profile"],
    responses=responses(ProfileView),
)
def get_me() -> ProfileView:
    return shown(profile())


@app.patch(
    "/me",
    summary="Change your settings",
    description=(
        "An address added to `emails` gets a confirmation link; mail from it is logged once it is confirmed."
        " A new `timezone` moves every follow-up date, the digest and the weekly review with it."
    ),
    tags=["profile"],
    responses=responses(ProfileView),
)
def patch_me(patch: ProfilePatch) -> ProfileView:
    return shown(profiles.update(store(), profile(), patch, clock.now()))


@app.put(
    "/me/phone",
    summary="Text a code to a phone number",
    description=(
        "Text a 6-digit code to this number; it becomes yours with POST /me/phone/verify within 10 minutes."
        " At most 3 codes an hour and 10 a day, for you and to the number (429 beyond). A national number that"
        " is no number in your region is refused with the international form to write."
    ),
    status_code=202,
    tags=["profile"],
    responses=responses(PhoneCodeSent, HTTPStatus.ACCEPTED, limited=True),
)
@idempotent(app)
def set_phone(request: PhoneRequest, idempotency_key: IdempotencyKey = None) -> PhoneCodeSent:
    return profiles.request_phone_code(store(), profile(), request, clock.now())


@app.post(
    "/me/phone/verify",
    summary="Verify your phone with the code",
    description=(
        "The code texted to the number: SMS digests and SMS commands then use it. 5 wrong codes for a number"
        " in an hour, whichever codes were sent, and it waits (429)."
    ),
    tags=["profile"],
    responses=responses(ProfileView, limited=True),
)
def verify_phone(request: PhoneVerify) -> ProfileView:
    return shown(profiles.verify_phone(store(), profile(), request, clock.now()))


@app.delete(
    "/me/phone",
    summary="Remove your phone",
    description="No more SMS digests or SMS commands until a phone is verified again.",
    status_code=204,
    tags=["profile"],
    responses=responses(None, HTTPStatus.NO_CONTENT),
)
def delete_phone():
    profiles.remove_phone(store(), profile(), clock.now())
    return Response(HTTPStatus.NO_CONTENT)


@app.post(
    "/me/inbound-address/rotate",
    summary="Get a new inbound address",
    description="A new secret inbound address; mail to the old one is no longer logged.",
    tags=["profile"],
    responses=responses(ProfileView),
)
def rotate_inbound_address() -> ProfileView:
    return shown(profiles.rotate_inbound_address(store(), profile(), clock.now()))


class ConfirmationRequest(Model):
    model_config = {"extra": "forbid"}

    email: Email = Field(description="One of your addresses not confirmed yet.")


class ConfirmationSent(Model):
    email: str
    expires_at: datetime


@app.post(
    "/me/email-confirmations",
    summary="Send a confirmation link again",
    description="Send a new confirmation link to one of your addresses.",
    status_code=202,
    tags=["profile"],
    responses=responses(ConfirmationSent, HTTPStatus.ACCEPTED),
)
def resend_confirmation(request: ConfirmationRequest) -> ConfirmationSent:
    sent = profiles.resend_confirmation(store(), profile(), request.email, clock.now())
    return ConfirmationSent(email=sent.address, expires_at=sent.expires_at)


@app.get(
    "/email-confirmations/<token>",
    summary="Confirm an address (the emailed link)",
    description="The link in the confirmation email (no token needed: the link is the proof).",
    security=[{}],
    tags=["profile"],
    responses={
        HTTPStatus.OK: {"description": "Confirmed (a page for the browser)", "content": {"text/html": {}}},
        HTTPStatus.NOT_FOUND: {"description": "Unknown, used or expired link", "content": {"text/html": {}}},
    },
)
def confirm_email(token: Annotated[str, Path(min_length=10, max_length=100)]):
    try:
        confirmed, address = profiles.confirm(store(), token, clock.now())
    except NotFound as missing:
        return Response(HTTPStatus.NOT_FOUND, content_types.TEXT_HTML, pages.confirmation_failed(missing.message))
    return Response(HTTPStatus.OK, content_types.TEXT_HTML, pages.confirmed(address, confirmed.locale))


@app.post(
    "/contacts",
    summary="Add a contact",
    description="Someone to keep in touch with, or to meet. Send an `Idempotency-Key` to retry safely.",
    status_code=201,
    tags=["contacts"],
    responses=responses(
        ContactView,
        HTTPStatus.CREATED,
        links_by(
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
@idempotent(app)
def create_contact(draft: ContactCreate, idempotency_key: IdempotencyKey = None) -> ContactView:
    view = contacts.create(store(), profile(), draft, clock.now())
    metrics.add_metric(name="ContactCreated", unit=MetricUnit.Count, value=1)
    return view


@app.get(
    "/contacts",
    summary="List your contacts",
    description="Filtered by stage, circle, tag or text; a page at a time (follow `next_cursor`).",
    tags=["contacts"],
    responses=responses(ContactPage),
)
def list_contacts(
    stage: Annotated[Stage | None, Query()] = None,
    circle: Annotated[Circle | None, Query()] = None,
    tag: Annotated[str | None, Query(max_length=60)] = None,
    q: Annotated[str | None, Query(max_length=200, description="Text in the name, company or an email.")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> ContactPage:
    where = ContactFilter(stage=stage, circle=circle, tag=tag, q=q)
    page = contacts.find(store(), profile(), where, cursor, limit, clock.now())
    return ContactPage(items=page.items, next_cursor=page.cursor)


@app.get(
    "/contacts/<contact_id>",
    summary="A contact, in full",
    description="With their latest touches, follow-up date, health and the introductions they are in.",
    tags=["contacts"],
    responses=responses(contacts.ContactDetail),
)
def get_contact(contact_id: ContactId) -> contacts.ContactDetail:
    return contacts.get(store(), profile(), contact_id, clock.now())


@app.patch(
    "/contacts/<contact_id>",
    summary="Change a contact",
    description="Only the fields sent change; send `version` to be sure nobody changed it meanwhile (409).",
    tags=["contacts"],
    responses=responses(ContactView),
)
def patch_contact(contact_id: ContactId, patch: ContactPatch) -> ContactView:
    return contacts.update(store(), profile(), contact_id, patch, clock.now())


@app.delete(
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


@app.get(
    "/contacts/<contact_id>/interactions",
    summary="A contact's touches",
    description="Newest first, a page at a time.",
    tags=["interactions"],
    responses=responses(InteractionPage),
)
def list_interactions(contact_id: ContactId, limit: Limit = 50, cursor: Cursor = None) -> InteractionPage:
    page = interactions.of_contact(store(), profile(), contact_id, cursor, limit)
    return InteractionPage(items=page.items, next_cursor=page.cursor)


@app.post(
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
        links_by("interaction_id", "delete_interaction_interactions__interaction_id__delete"),
    ),
)
@idempotent(app)
def log_interaction(draft: InteractionCreate, idempotency_key: IdempotencyKey = None) -> Interaction:
    interaction = interactions.log(store(), profile(), draft, Source.API, clock.now())
    metrics.add_metric(name="TouchLogged", unit=MetricUnit.Count, value=1)
    return interaction


@app.delete(
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


@app.get(
    "/due",
    summary="Who is due for a touch",
    description="Contacts whose follow-up date has come, the most overdue first, with the reason.",
    tags=["follow-ups"],
    responses=responses(DueList),
)
def due() -> DueList:
    return DueList(items=contacts.due(store(), profile(), clock.now()))


@app.post(
    "/meetings",
    summary="Plan a meeting",
    description="A meeting ahead: a brief is sent a while before it (2 hours unless said otherwise).",
    status_code=201,
    tags=["meetings"],
    responses=responses(
        Meeting,
        HTTPStatus.CREATED,
        links_by(
            "meeting_id",
            "move_meeting_meetings__meeting_id__patch",
            "meeting_held_meetings__meeting_id__held_post",
            "cancel_meeting_meetings__meeting_id__delete",
        ),
    ),
)
@idempotent(app)
def plan_meeting(draft: MeetingCreate, idempotency_key: IdempotencyKey = None) -> Meeting:
    return meetings.plan(store(), profile(), draft, clock.now())


@app.get(
    "/meetings",
    summary="List your meetings",
    description="The next 90 days, and the last 7 (to confirm they were held).",
    tags=["meetings"],
    responses=responses(MeetingList),
)
def list_meetings() -> MeetingList:
    return MeetingList(items=meetings.listed(store(), profile(), clock.now()))


@app.patch(
    "/meetings/<meeting_id>",
    summary="Change a meeting",
    description="Its time, place, goal, people or brief; the brief moves with it.",
    tags=["meetings"],
    responses=responses(Meeting),
)
def move_meeting(meeting_id: MeetingId, patch: MeetingPatch) -> Meeting:
    return meetings.move(store(), profile(), meeting_id, patch, clock.now())


@app.delete(
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


@app.post(
    "/meetings/<meeting_id>/held",
    summary="Confirm a meeting was held",
    description="It happened: the meeting touch is logged with everyone, at the time it started.",
    tags=["meetings"],
    responses=responses(Meeting),
)
def meeting_held(meeting_id: MeetingId, request: HeldRequest | None = None) -> Meeting:
    return meetings.held(store(), profile(), meeting_id, request or HeldRequest(), clock.now())


@app.get(
    "/reminders",
    summary="Your reminders",
    description="What is due now and in the next 7 days: follow-ups, thank-yous, birthdays.",
    tags=["reminders"],
    responses=responses(ReminderList),
)
def list_reminders() -> ReminderList:
    return ReminderList(items=reminders.gather(store(), profile(), clock.now(), days_ahead=UPCOMING_DAYS))


@app.post(
    "/reminders/<reminder_id>/done",
    summary="Mark a reminder done",
    description="A follow-up done logs its touch (`kind`, `summary`); the reminder does not come back.",
    tags=["reminders"],
    responses=responses(ReminderState),
)
def reminder_done(reminder_id: ReminderId, request: reminders.Done | None = None) -> ReminderState:
    return reminders.done(store(), profile(), reminder_id, request or reminders.Done(), clock.now())


@app.post(
    "/reminders/<reminder_id>/snooze",
    summary="Snooze a reminder",
    description="Back on a day (`until`) or in a number of days (`days`).",
    tags=["reminders"],
    responses=responses(ReminderState),
)
def reminder_snooze(reminder_id: ReminderId, request: reminders.Snooze) -> ReminderState:
    return reminders.snooze(store(), profile(), reminder_id, request, clock.now())


@app.post(
    "/reminders/<reminder_id>/dismiss",
    summary="Dismiss a reminder",
    description="Not this time: this occurrence is not shown again.",
    tags=["reminders"],
    responses=responses(ReminderState),
)
def reminder_dismiss(reminder_id: ReminderId) -> ReminderState:
    return reminders.dismiss(store(), profile(), reminder_id, clock.now())


app.include_router(inbound_routes.router)
app.include_router(introduction_routes.router)
app.include_router(network_routes.router)
app.include_router(greeting_routes.router)
app.include_router(import_routes.router)


gc.freeze()  # what init built is never garbage: keep it out of every later collection
gc.enable()


# ---------------------------------------------------------------- entry point
@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def handler(event: dict, context) -> dict:
    if event.get("rawPath") == "/docs":
        _enable_swagger_ui()
    return http_errors.refused(event) or app.resolve(event, context)


@cache
def _enable_swagger_ui() -> None:
    """Registered on its first request: Swagger UI's imports would cost every cold start ~60 ms."""
    app.enable_swagger(path="/docs", title=app.openapi_config.title, version=app.openapi_config.version)
