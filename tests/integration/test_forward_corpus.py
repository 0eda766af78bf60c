"""The forward reader over the real corpus: ../shared/corpus/email-forwards (crisp-oss fixtures, MIT).

Every forwarded body whose original sender is John Doe must yield his address, the Cc participants the
file lists, and the date the client wrote; every forwarded subject must come back without its prefix.
Prints the pass rates per client and per language (`pytest -s` shows them).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from rapport.mail import find_forward, forwarded_subject

CORPUS = Path(__file__).parents[2].parent / "shared" / "corpus" / "email-forwards"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the email-forwards corpus is not at {CORPUS}")

CLIENTS = (
    "apple_mail", "gmail", "new_outlook_2019", "outlook_2013", "outlook_2019", "outlook_live", "thunderbird",
    "yahoo", "hubspot", "ionos_one_and_one", "mailmate", "missive", "unknown",
)  # fmt: skip
MAJOR = {
    "apple_mail",
    "gmail",
    "new_outlook_2019",
    "outlook_2013",
    "outlook_2019",
    "outlook_live",
    "thunderbird",
    "yahoo",
}
SENDER, CC_FOUND = "john.doe@acme.com", ("walter.sheltan@acme.com", "nicholas@globex.corp")
ORIGINAL_SUBJECT = "Integer consequat non purus"


def client_and_language(path: Path) -> tuple[str, str]:
    """`<client>_<lang>_<body|subject>[_variant_N].txt`; the language is "-" when the name has none."""
    client = max((c for c in CLIENTS if path.name.startswith(c + "_")), key=len)
    rest = path.name[len(client) + 1 :]
    kind = "_body" if "_body" in rest or rest.startswith("body") else "_subject"
    language = rest.split(kind, 1)[0].strip("_") if not rest.startswith(kind[1:]) else ""
    return client, language or "-"


def bodies() -> list[Path]:
    return sorted(p for p in CORPUS.glob("*_body*.txt") if SENDER in p.read_text(encoding="utf-8"))


def test_every_forwarded_body_yields_the_original_sender_cc_and_date():
    # per client and per language: [senders found, bodies, cc found, bodies listing cc, dates read, bodies]
    tallies: dict[str, dict[str, list[int]]] = {
        "client": defaultdict(lambda: [0] * 6),
        "language": defaultdict(lambda: [0] * 6),
    }
    failures: list[str] = []
    major_sender_failures: list[str] = []
    for path in bodies():
        text = path.read_text(encoding="utf-8")
        client, language = client_and_language(path)
        forward = find_forward(text)
        sender_ok = forward is not None and forward.sender is not None and forward.sender.email == SENDER
        wants_cc = all(address in text for address in CC_FOUND)
        cc = {a.email for a in forward.cc} if forward else set()
        cc_ok = set(CC_FOUND) <= cc
        date_ok = forward is not None and forward.date is not None
        for key, tally in ((client, tallies["client"]), (language, tallies["language"])):
            row = tally[key]
            row[0] += sender_ok
            row[1] += 1
            row[2] += cc_ok if wants_cc else 0
            row[3] += wants_cc
            row[4] += date_ok
            row[5] += 1
        if not (sender_ok and (cc_ok or not wants_cc) and date_ok):
            failures.append(f"{path.name}: {forward!r}")
        if not sender_ok and client in MAJOR and language in ("en", "fr", "-"):
            major_sender_failures.append(path.name)

    print(_table("client", tallies["client"]))
    print(_table("language", tallies["language"]))
    total = [sum(row[i] for row in tallies["client"].values()) for i in range(6)]
    print(f"\nall: sender {total[0]}/{total[1]}, cc {total[2]}/{total[3]}, date {total[4]}/{total[5]}")
    for failure in failures:
        print("FAIL", failure)

    assert total[1] >= 180, "the corpus should hold about 186 bodies from John Doe"
    assert not major_sender_failures
    assert total[0] / total[1] >= 0.95
    assert total[2] / total[3] >= 0.95
    assert total[4] / total[5] >= 0.95


def _table(title: str, tally: dict[str, list[int]]) -> str:
    lines = [f"\n{title:<20} {'sender':>9} {'cc':>9} {'date':>9}"]
    for key in sorted(tally):
        s, n, c, cn, d, dn = tally[key]
        lines.append(f"{key:<20} {s:>4}/{n:<4} {c:>4}/{cn:<4} {d:>4}/{dn:<4}")
    return "\n".join(lines)


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*_subject*.txt")), ids=lambda p: p.name)
def test_every_forwarded_subject_is_stripped_to_the_original(path):
    assert forwarded_subject(path.read_text(encoding="utf-8")) == ORIGINAL_SUBJECT


def test_file_names_give_client_and_language():
    assert client_and_language(CORPUS / "new_outlook_2019_pt_br_body_variant_2.txt") == ("new_outlook_2019", "pt_br")
    assert client_and_language(CORPUS / "outlook_live_body.txt") == ("outlook_live", "-")
    assert client_and_language(CORPUS / "outlook_2019_subject.txt") == ("outlook_2019", "-")
