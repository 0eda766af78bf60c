"""Everything out, on the local runtime over HTTP: `POST /me/export`, the export function writes the zip, the
export's page gets a link that downloads it (from the runtime's S3 links), the email in the outbox links to
the page; a link lasts 15 minutes, the zip 7 days."""

from __future__ import annotations

import io
import json
import zipfile
from urllib.parse import urlsplit

from tests.e2e.conftest import http_request


def fetch(url: str):
    parts = urlsplit(url)
    return http_request(f"{parts.scheme}://{parts.netloc}", "GET", f"{parts.path}?{parts.query}")


def test_an_export_is_written_announced_and_downloaded_while_it_lasts(local):
    for name in ("Claire Martin", "Paul Durand"):
        assert (
            local.post("/contacts", {"name": name, "emails": [f"{name.split()[0].lower()}@example.com"]}).status == 201
        )
    started = local.post("/me/export")
    assert started.status == 202, started.body
    export_id = started.json["export_id"]
    assert started.headers["location"] == f"/me/export/{export_id}"

    local.drain()  # the stream reaction, the export function, then the email through the deliver function
    done = local.get(f"/me/export/{export_id}").json
    assert done["status"] == "done" and done["items_written"] >= 3
    assert done["download_url"].startswith(f"{local.base_url}/_local/s3?")

    downloaded = fetch(done["download_url"])
    assert downloaded.status == 200 and downloaded.headers["content-type"] == "application/zip"
    assert downloaded.headers["content-disposition"] == f'attachment; filename="rapport-{export_id}.zip"'
    archive = zipfile.ZipFile(io.BytesIO(downloaded.body))
    cards = archive.read("contacts.vcf").decode()
    assert "FN:Claire Martin\r\n" in cards and "FN:Paul Durand\r\n" in cards
    contacts = json.loads(archive.read("items/contact.json"))
    assert sorted(c["name"] for c in contacts) == ["Claire Martin", "Paul Durand"]
    assert "README.txt" in archive.namelist()

    (mail,) = [
        item
        for item in local.get("/_local/outbox", token=None).json["items"]
        if item["subject"] and "export" in item["subject"]
    ]
    assert f"{local.base_url}/app/settings/export/{export_id}" in mail["text"]
    assert "_local/s3" not in mail["text"]  # the page, never a link that dies

    assert local.post("/_local/clock", {"advance_seconds": 16 * 60}, token=None).status == 200
    assert fetch(done["download_url"]).status == 403  # a link lasts 15 minutes
    again = local.get(f"/me/export/{export_id}").json
    assert again["download_url"] != done["download_url"] and fetch(again["download_url"]).status == 200

    assert local.post("/_local/clock", {"advance_seconds": 7 * 24 * 3600}, token=None).status == 200
    expired = local.get(f"/me/export/{export_id}").json
    assert (expired["status"], expired["download_url"]) == ("expired", None)
