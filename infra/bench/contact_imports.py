"""Figure: a 5,000-card vCard file and a 5,000-row Google CSV imported through the real pipeline (issue 16).

The same pipeline as LinkedIn's figure (`infra.bench.imports.run_import`): `POST /imports`, the format
detected, each chunk reading the whole file again in the import function. What matters is the longest
chunk against the import function's timeout (a vCard file is the slowest to read); rows per second end
to end is informative (moto in-process). moto's whole-table sorts and its result serializer are set aside
(`moto_speedup`, as for figures 4 and 10): without them 5,000 address-book contacts, each a stream
reaction, take over four minutes a file, most of it moto's own work.
"""

from __future__ import annotations

from infra.bench.imports import API_TIMEOUT_S, chunk_line, run_import
from infra.bench.moto_speedup import json_item_results, partition_queries

ROWS = 5_000


def vcards(rows: int) -> bytes:
    """As Google Contacts exports them: vCard 3.0, a photo, groups as categories, a birthday without a year."""
    cards = [
        "BEGIN:VCARD\r\nVERSION:3.0\r\n"
        f"FN:Person Number{n}\r\nN:Number{n};Person;;;\r\n"
        f"EMAIL;TYPE=INTERNET;TYPE=WORK:person{n}@example.com\r\n"
        f"TEL;TYPE=CELL:+33 6 1{n:07d}\r\n"
        f"ORG:Company {n % 97}\r\nTITLE:Engineer\r\nBDAY:--{n % 12 + 1:02d}{n % 28 + 1:02d}\r\n"
        f"PHOTO:https://lh3.googleusercontent.com/contacts/{n}\r\n"
        f"CATEGORIES:myContacts,Team {n % 5}\r\n"
        f"NOTE:Met at the meetup number {n % 40}\\, a long conversation about\r\n  the next product.\r\n"
        "END:VCARD\r\n"
        for n in range(rows)
    ]
    return "".join(cards).encode()


GOOGLE_HEADER = (
    "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,Phonetic Last Name,Name Prefix,"
    "Name Suffix,Nickname,File As,Organization Name,Organization Title,Organization Department,Birthday,Notes,Photo,"
    "Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Address 1 - Label,"
    "Address 1 - Formatted,Website 1 - Label,Website 1 - Value\r\n"
)


def google_csv(rows: int) -> bytes:
    """Google Contacts' CSV export (its current header), groups as labels."""
    lines = [GOOGLE_HEADER] + [
        f"Person,,Number{n},,,,,,,,Company {n % 97},Engineer,,1980-{n % 12 + 1:02d}-{n % 28 + 1:02d},"
        f'"Met at the meetup number {n % 40}",,Team {n % 5} ::: * myContacts,* Work,person{n}@example.com,'
        f"Mobile,+33 6 1{n:07d},,,,\r\n"
        for n in range(rows)
    ]
    return "".join(lines).encode()


def contact_import_timings() -> list[tuple[str, float, float, float]]:
    """Print the figure; return (file, longest chunk / timeout, API call / API timeout, rows per second) for
    each file."""
    print(f"\n== Contact imports: a {ROWS:,}-card vCard file and a {ROWS:,}-row Google CSV, in chunks ==")
    figures = []
    for name, data, content_type in (
        ("vCard", vcards(ROWS), "text/vcard"),
        ("Google CSV", google_csv(ROWS), "text/csv"),
    ):
        with partition_queries(), json_item_results():
            run = run_import(data, content_type, "/imports")
        rate = run.job.processed / run.total
        print(f"  {name}, {len(data) / 1e6:.1f} MB: POST /imports answered {run.status} in {run.api_seconds:.2f} s")
        print(chunk_line(run))
        print(f"  {run.total:.0f} s end to end, stream reactions included: {rate:,.0f} rows per second")
        figures.append((name, max(run.chunks) / run.timeout, run.api_seconds / API_TIMEOUT_S, rate))
    print("  (moto's DynamoDB in-process: Lambda and DynamoDB take a chunk faster)")
    return figures
