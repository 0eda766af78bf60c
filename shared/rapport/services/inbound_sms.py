"""Texts from a networker's verified phone, answering the SMS digest: done, snooze, skip, log a touch,
STOP and START, help. Each gets one short reply in the networker's language (or the command's).

Texts from any other number are not acted on and not answered: no reply loop with a stranger's
auto-responder. STOP is read before anything else, with nothing but a set lookup, so that opting out
holds even when the rest cannot read the text.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from rapport.delivery import sms_replies as replies
from rapport.domain import sms_commands as commands
from rapport.domain.errors import Conflict
from rapport.domain.followup import local_date
from rapport.domain.ids import derived_id
from rapport.domain.interaction import InteractionCreate, Source
from rapport.domain.locale import Locale
from rapport.domain.model import Model
from rapport.domain.profile import Profile
from rapport.domain.views import by_name
from rapport.services import interactions, reminders
from rapport.storage import Store
from rapport.storage.shapes.sms_digest import DigestLine

HELP_EVERY = timedelta(hours=1)  # "not understood" is answered at most this often
CANDIDATES = 3  # names offered when a name is ambiguous


class Handled(Model):
    """What a text did, and the reply to send (None: say nothing)."""

    outcome: Literal[
        "unknown_sender", "opted_out", "opted_in", "done", "snoozed", "dismissed", "logged", "asked", "helped", "quiet"
    ]
    networker_id: str | None = None
    reply: str | None = None
    phone: str | None = None


def receive(
    store: Store, sender: str, text: str, message_id: str, now: datetime, received_at: datetime | None = None
) -> Handled:
    """Act on one text (`message_id`: its inbound message id, the same when it is delivered again;
    `received_at`: when it reached Rapport, the same too; `now` if not known)."""
    networker_id = store.profiles.owner_of_phone(sender)
    profile = store.profiles.live(networker_id) if networker_id else None
    if profile is None or profile.phone != sender:
        return Handled(outcome="unknown_sender")
    if commands.is_opt_out(text):
        store.profiles.stop_sms(profile.networker_id, True)
        said = replies.reply_locale(commands.parse(text), profile.locale)  # "ARRÊT" is answered in French
        return _reply(profile, "opted_out", replies.opted_out(said))
    command = commands.parse(text)
    locale = replies.reply_locale(command, profile.locale)
    if isinstance(command, commands.OptIn):
        store.profiles.stop_sms(profile.networker_id, False)
        return _reply(profile, "opted_in", replies.opted_in(locale))
    if profile.sms_stopped:
        return Handled(outcome="quiet", networker_id=profile.networker_id)  # nothing is texted after STOP
    if isinstance(command, commands.Help):
        return _reply(profile, "helped", replies.help_text(locale))
    if isinstance(command, commands.Done | commands.Snooze | commands.Dismiss):
        return _on_lines(store, profile, command, locale, now)
    if isinstance(command, commands.Log):
        return _log(store, profile, command, locale, message_id, received_at or now, now)
    assert isinstance(command, commands.Unknown)  # a stop word was answered above
    return _not_understood(store, profile, command, locale, now)


def _on_lines(
    store: Store,
    profile: Profile,
    command: commands.Done | commands.Snooze | commands.Dismiss,
    locale: Locale,
    now: datetime,
) -> Handled:
    digest = store.sms_digests.last(profile.networker_id)
    lines = {line.number: line for line in digest.lines} if digest else {}
    for number in command.numbers:
        if number not in lines:
            return _reply(profile, "asked", replies.unknown_number(number, len(lines), locale))
    chosen: list[DigestLine] = [lines[number] for number in command.numbers]
    names = [line.name for line in chosen]
    for line in chosen:  # every reminder of the person's line
        if isinstance(command, commands.Done):
            reminders.done_line(store, profile, line.reminder_ids, now, source=Source.SMS)
        elif isinstance(command, commands.Snooze):
            reminders.snooze_line(store, profile, line.reminder_ids, command.days, now)
        else:
            reminders.dismiss_line(store, profile, line.reminder_ids, now)
    if isinstance(command, commands.Done):
        return _reply(profile, "done", replies.done(names, locale))
    if isinstance(command, commands.Snooze):
        until = local_date(now, profile.timezone) + timedelta(days=command.days)
        return _reply(profile, "snoozed", replies.snoozed(names, until, locale))
    return _reply(profile, "dismissed", replies.dismissed(names, locale))


def _log(
    store: Store,
    profile: Profile,
    command: commands.Log,
    locale: Locale,
    message_id: str,
    received_at: datetime,
    now: datetime,
) -> Handled:
    found = by_name(store.contacts.all(profile.networker_id), command.name)
    if not found:
        return _reply(profile, "asked", replies.unknown_name(command.name, locale))
    if len(found) > 1:
        candidates = [replies.Candidate(c.name, c.company) for c in found[:CANDIDATES]]
        return _reply(profile, "asked", replies.ambiguous_name(command.touch, candidates, locale))
    (contact,) = found
    touch = InteractionCreate(
        kind=command.touch, occurred_at=received_at, contact_ids=[contact.contact_id], summary=command.summary
    )
    # The touch's id comes from the text's: a text acted on again (its reply failed) logs nothing twice;
    # time-ordered by its arrival, like every id, so the weekly review finds it in the week's range.
    touch_id = derived_id(received_at, f"sms:{message_id}")
    try:
        interactions.log(store, profile, touch, Source.SMS, now, interaction_id=touch_id)
    except Conflict:
        pass
    return _reply(profile, "logged", replies.logged(command.touch, contact.name, locale))


def _not_understood(
    store: Store, profile: Profile, command: commands.Unknown, locale: Locale, now: datetime
) -> Handled:
    """A hint, at most once an hour: a chatty contact-like exchange must not become a flood of help."""
    last = store.sms_digests.helped_at(profile.networker_id)
    if last is not None and now - last < HELP_EVERY:
        return Handled(outcome="quiet", networker_id=profile.networker_id)
    store.sms_digests.helped(profile.networker_id, now)
    return _reply(profile, "helped", replies.not_understood(command.reason, locale))


def _reply(profile: Profile, outcome: str, text: str) -> Handled:
    return Handled(outcome=outcome, networker_id=profile.networker_id, reply=text, phone=profile.phone)
