"""An account export's zip, written by the export function (services/account_exports.py starts and shows it).

Every item of the networker is read once, spooled by type to files on disk, then the zip is written on disk
and uploaded, so memory holds neither the items nor the zip; the job counts the items written as it goes.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import IO, Protocol
from zoneinfo import ZoneInfo

from rapport.domain import account_archive as layout
from rapport.domain import vcards
from rapport.domain.account_archive import Contents
from rapport.domain.account_exports import AccountExport, ExportStatus
from rapport.domain.profile import Profile
from rapport.services import calendar_feed
from rapport.services.account_exports import ExportRequest
from rapport.storage import Store
from rapport.storage.account_exports import Archives, contact_of

PROGRESS_EVERY = 1000  # items written between two progress writes on the job
CARDS_AT_ONCE = 500  # contacts turned into vCards together: the file is written as they come
RAW_MAIL_TYPES = ("inbound_message", "quarantined")  # the items naming a raw mail (`raw_message`)


class RawMails(Protocol):
    """The raw mails SES keeps (`rapport.adapters.raw_mail.RawMail`)."""

    def kept_copy(self, location: str) -> tuple[str, bytes] | None:
        """(name, the message) of a raw mail still kept at `location` (s3://bucket/key); None once gone."""
        ...


def run(
    store: Store, archives: Archives, mails: RawMails, request: ExportRequest, now: datetime, scratch: str
) -> AccountExport | None:
    """Write and upload the export's zip (in `scratch`, a folder on disk); None when it is not running (a
    replayed message). A retry starts again from the beginning: the same object is written again."""
    networker_id, export_id = request.networker_id, request.export_id
    job = store.account_exports.get(networker_id, export_id)
    if job.status is not ExportStatus.RUNNING:
        return None
    profile = store.profiles.live(networker_id)
    if profile is None:  # deleted, or being deleted: nothing written for an account going away
        _give_up(store, archives, networker_id, export_id, now)  # (a try that crashed after its upload left a zip)
        return None
    with TemporaryDirectory(dir=scratch) as folder:
        path = Path(folder) / "export.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            written = _write(store, mails, profile, export_id, now, archive, Path(folder))
        archives.upload(networker_id, export_id, path)
        size = path.stat().st_size
    if not store.account_exports.finish(networker_id, export_id, written, size, now):
        # Refused: not running any more, or `DELETE /me` landed while the zip was written. The deletion may have
        # erased the networker's zips already, so this one goes here. (Ordering the deletion after the export
        # instead would have it wait on a job that may run for minutes.) The mark never goes back: checked
        # after the refusal, it cannot delete the zip of a twin run that finished this export.
        if store.profiles.live(networker_id) is None:
            _give_up(store, archives, networker_id, export_id, now)
        return None
    return store.account_exports.get(networker_id, export_id)


def _give_up(store: Store, archives: Archives, networker_id: str, export_id: str, now: datetime) -> None:
    """The account is going away: the job failed (if it is still there) and no zip left behind."""
    store.account_exports.fail(networker_id, export_id, "the account was deleted", now)
    archives.delete(networker_id, export_id)


def _write(
    store: Store,
    mails: RawMails,
    profile: Profile,
    export_id: str,
    now: datetime,
    archive: zipfile.ZipFile,
    folder: Path,
) -> int:
    """Every item spooled by type (one JSON array a type, one item a line) and the contacts as vCards, then
    into the zip with the calendar, the raw mails and the README. The number of items written."""
    spools: dict[str, IO[str]] = {}
    counts: dict[str, int] = {}
    locations: list[str] = []
    written = 0
    cards, contacts = (folder / layout.CONTACTS).open("w+", encoding="utf-8", newline=""), []
    try:
        for item in store.account_exports.items(profile):
            kind = str(item.get("type", "other"))
            if kind not in spools:
                spools[kind] = (folder / f"{kind}.json").open("w+", encoding="utf-8")
            spools[kind].write(("[\n" if kind not in counts else ",\n") + json.dumps(item, ensure_ascii=False))
            counts[kind] = counts.get(kind, 0) + 1
            if kind in RAW_MAIL_TYPES and item.get("raw_message"):
                locations.append(item["raw_message"])
            if kind == "contact":
                contacts.append(contact_of(item))
                if len(contacts) == CARDS_AT_ONCE:
                    cards.write(vcards.write(contacts))
                    contacts = []
            written += 1
            if written % PROGRESS_EVERY == 0:
                store.account_exports.progress(profile.networker_id, export_id, written)
        cards.write(vcards.write(contacts))
        _add(archive, layout.CONTACTS, cards)
        for kind, spool in sorted(spools.items()):
            spool.write("\n]\n")
            _add(archive, layout.item_file(kind), spool)
    finally:
        for spool in [cards, *spools.values()]:
            spool.close()
    calendar = calendar_feed.calendar_of(store, profile, now) if profile.calendar_feed_secret else None
    if calendar is not None:
        archive.writestr(layout.CALENDAR, calendar)
    kept = _write_mails(mails, dict.fromkeys(locations), archive)
    contents = Contents(items=counts, contacts=counts.get("contact", 0), calendar=calendar is not None, mails=kept)
    exported_on = now.astimezone(ZoneInfo(profile.timezone))
    archive.writestr(layout.README, layout.readme(profile.locale, exported_on, contents))
    return written


def _write_mails(mails: RawMails, locations: Iterable[str], archive: zipfile.ZipFile) -> int:
    """The raw mails still kept, once each (a message logged and once quarantined names the same one)."""
    kept = 0
    for location in locations:
        copy = mails.kept_copy(location)
        if copy is not None:
            name, data = copy
            archive.writestr(layout.mail_file(name), data)
            kept += 1
    return kept


def _add(archive: zipfile.ZipFile, name: str, spool: IO[str], size: int = 1 << 20) -> None:
    """A spooled file into the zip, a piece at a time."""
    spool.seek(0)
    with archive.open(name, "w") as member:
        while chunk := spool.read(size):
            member.write(chunk.encode())
