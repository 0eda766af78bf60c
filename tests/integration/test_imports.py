"""POST /imports through the API and the import function: any format, detected or named, one job."""

from __future__ import annotations

import pytest

from tests.integration.test_linkedin_import import CLAIRE, PAUL, by_name, export, take_chunks


def upload(api, data: bytes, content_type: str, format: str | None = None):
    query = {"format": format} if format else None
    return api.post("/imports", raw=data, content_type=content_type, query=query)


def run(api, stream, data: bytes, content_type: str, format: str | None = None) -> dict:
    started = upload(api, data, content_type, format)
    assert started.status == 202, started.body
    assert started.headers["location"] == f"/imports/{started.body['import_id']}"
    take_chunks(stream)
    return api.get(started.headers["location"]).body


def test_a_linkedin_export_is_detected_and_named_the_same(api, stream):
    report = run(api, stream, export(CLAIRE, PAUL), "text/csv")
    assert (report["format"], report["status"], report["created"], report["photos_skipped"]) == (
        "linkedin",
        "done",
        2,
        0,
    )
    assert by_name(api)["Claire Martin"]["stage"] == "to_meet"
    again = run(api, stream, export(CLAIRE, PAUL), "text/csv", "linkedin")
    assert (again["format"], again["created"], again["skipped"]) == ("linkedin", 0, 2)


@pytest.mark.parametrize(
    ("data", "content_type", "query", "status", "field", "reason"),
    [
        (b"hello, world\n", "text/csv", None, 422, "body", "expected a vCard (.vcf), a Google or Outlook CSV export"),
        (b"", "text/vcard", None, 422, "body", "is empty"),
        (export(CLAIRE), "text/csv", "excel", 422, "format", "linkedin"),
        (export(CLAIRE), "application/json", None, 415, "body", "text/vcard"),
    ],
)
def test_what_is_no_file_of_contacts_is_refused_with_what_was_expected(
    api, data, content_type, query, status, field, reason
):
    answer = upload(api, data, content_type, query)
    assert answer.status == status, answer.body
    (error,) = answer.body["errors"]
    assert (error["field"], reason in error["reason"]) == (field, True), error
