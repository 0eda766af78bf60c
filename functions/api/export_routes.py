"""Exports of the contacts: files to download, for an address book or a spreadsheet."""

from __future__ import annotations

from http import HTTPStatus

import examples_account as ex
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from rapport.services import exports

from context import profile, store
from http_errors import responses

router = APIGatewayHttpRouter()

VCARD, CSV = "text/vcard; charset=utf-8", "text/csv; charset=utf-8"


def _file(media_type: str, example: dict) -> dict:
    """A download's documented answers: the file (its examples), and the usual errors."""
    return responses(None) | {
        HTTPStatus.OK: {"description": "The file, to save", "content": {media_type: {"examples": example}}}
    }


def _download(body: str, media_type: str, filename: str) -> Response:
    return Response(
        HTTPStatus.OK,
        media_type,
        body,
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


@router.get(
    "/export/contacts.vcf",
    summary="Download your contacts as vCards",
    description=(
        "Every contact as vCard 3.0, the version every address book reads (Google, Apple, Outlook, Android): "
        "name, emails, phones, company and title, birthday (`--MMDD` without a year), notes, tags as "
        "categories, the LinkedIn profile as URL. Each card's UID is the contact's id, so importing the file "
        "back recognises them."
    ),
    tags=["contacts"],
    compress=True,  # gzip when asked: a Lambda answers 6 MB at most, 30,000 contacts' vCards are more
    responses=_file("text/vcard", ex.CONTACTS_VCARD),
)
def export_contacts_vcard():
    return _download(exports.contacts_vcard(store(), profile()), VCARD, "rapport-contacts.vcf")


@router.get(
    "/export/contacts.csv",
    summary="Download your contacts as a CSV",
    description=(
        "Every contact, one line each, with headers in your language (French or English): name, emails, "
        "phones, company, title, birthday, LinkedIn, tags, notes; several values in a cell are separated by "
        "`; `. UTF-8 with a BOM, so that Excel reads the accents right; every cell quoted, and one that a spreadsheet "
        "would run as a formula (starting with `=`, `+`, `-`, `@`) starts with `'` (OWASP's CSV injection)."
    ),
    tags=["contacts"],
    compress=True,  # gzip when asked: a Lambda answers 6 MB at most, 30,000 contacts' vCards are more
    responses=_file("text/csv", ex.CONTACTS_CSV),
)
def export_contacts_csv():
    return _download(exports.contacts_csv(store(), profile()), CSV, "rapport-contacts.csv")
