from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from rapport.delivery import introduction_drafts as drafts
from rapport.delivery.introduction_drafts import Draft, Party
from rapport.domain.locale import Locale

MARIE = Party(name="Marie Dupont", email="marie@example.com", company="Lumen", title="Fondatrice")
PAUL = Party(name="Paul Martin", email="paul+intro@example.org", title="CTO à temps partagé")
ANNE = Party(name="Anne")
REASON = "Marie lève des fonds et Paul a déjà accompagné trois levées"
NETWORKER = "Claire Bernard"


def opened(draft: Draft) -> tuple[list[str], str, str]:
    """What a mail app reads from the mailto: link: recipients, subject, body."""
    parts = urlsplit(draft.mailto)
    assert parts.scheme == "mailto"
    to = [unquote(address) for address in parts.path.split(",")] if parts.path else []
    query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
    assert set(query) == {"subject", "body"}
    return to, query["subject"][0], query["body"][0]


def assert_round_trips(draft: Draft) -> None:
    to, subject, body = opened(draft)
    assert to == draft.recipients
    assert subject == draft.subject
    assert body == draft.body.replace("\n", "\r\n")
    assert "\n" not in draft.mailto and " " not in draft.mailto
    assert "%0D%0A" in draft.mailto


def test_ask_in_english():
    draft = drafts.ask_draft(MARIE, PAUL, "Paul offers fractional CTO work", NETWORKER, Locale.EN, ["cto"])
    assert draft.subject == "An introduction to Paul Martin?"
    assert draft.recipients == ["marie@example.com"]
    assert draft.body.startswith("Hello Marie,\n\n")
    assert "Would you like me to introduce you to Paul Martin, CTO à temps partagé?" in draft.body
    assert "Paul offers fractional CTO work." in draft.body
    assert "Common ground: cto." in draft.body
    assert "no worries" in draft.body
    assert draft.body.endswith("Best,\nClaire Bernard\n")
    assert_round_trips(draft)


def test_ask_in_french():
    draft = drafts.ask_draft(MARIE, PAUL, REASON, NETWORKER, Locale.FR, ["levée de fonds"])
    assert draft.subject == "Une mise en relation avec Paul Martin\u202f?"
    assert draft.body.startswith("Bonjour Marie,\n\n")
    assert "Aimeriez-vous que je vous présente Paul Martin, CTO à temps partagé\u202f?" in draft.body
    assert REASON + "." in draft.body
    assert "Terrain commun\u202f: levée de fonds." in draft.body
    assert "répondez-moi" in draft.body  # vous, never tu
    assert " tu " not in draft.body and " te " not in draft.body
    assert draft.body.endswith("Bien à vous,\nClaire Bernard\n")
    assert_round_trips(draft)


def test_introduction_in_english():
    draft = drafts.introduction_draft(MARIE, PAUL, REASON, NETWORKER, Locale.EN, ["fundraising", "cto"])
    assert draft.subject == "Introduction: Marie Dupont and Paul Martin"
    assert draft.recipients == ["marie@example.com", "paul+intro@example.org"]
    assert draft.body.startswith("Hello Marie, hello Paul,\n\n")
    assert "Marie, meet Paul Martin, CTO à temps partagé." in draft.body
    assert "Paul, meet Marie Dupont, Fondatrice at Lumen." in draft.body
    assert f"Why I think you should meet: {REASON}." in draft.body
    assert "Common ground: fundraising, cto." in draft.body
    assert draft.body.endswith("Best,\nClaire Bernard\n")
    assert_round_trips(draft)


def test_introduction_in_french():
    draft = drafts.introduction_draft(MARIE, PAUL, REASON, NETWORKER, Locale.FR, ["levée de fonds"])
    assert draft.subject == "Mise en relation\u202f: Marie Dupont et Paul Martin"
    assert draft.body.startswith("Bonjour Marie, bonjour Paul,\n\n")
    assert "Marie, je vous présente Paul Martin, CTO à temps partagé." in draft.body
    assert "Paul, je vous présente Marie Dupont, Fondatrice chez Lumen." in draft.body
    assert f"Pourquoi je pense que vous devriez vous rencontrer\u202f: {REASON}." in draft.body
    assert "Terrain commun\u202f: levée de fonds." in draft.body
    assert draft.body.endswith("Bien à vous,\nClaire Bernard\n")
    assert_round_trips(draft)


@pytest.mark.parametrize("locale", list(Locale))
def test_no_recipients_no_labels(locale):
    bare = Party(name="Paul Martin")
    for draft in (
        drafts.ask_draft(ANNE, bare, "why not", NETWORKER, locale),
        drafts.introduction_draft(ANNE, bare, "why not", NETWORKER, locale),
    ):
        assert draft.recipients == []
        assert draft.mailto.startswith("mailto:?subject=")
        assert "Common ground" not in draft.body and "Terrain commun" not in draft.body
        assert "\n\n\n" not in draft.body  # no empty paragraph left behind
        assert_round_trips(draft)


def test_one_side_without_email():
    draft = drafts.introduction_draft(ANNE, PAUL, "why not", NETWORKER, Locale.EN)
    assert draft.recipients == ["paul+intro@example.org"]
    assert_round_trips(draft)


@pytest.mark.parametrize(
    ("party", "en", "fr"),
    [
        (
            Party(name="Paul Martin", title="CTO", company="Acme"),
            "Paul Martin, CTO at Acme",
            "Paul Martin, CTO chez Acme",
        ),
        (Party(name="Paul Martin", title="CTO"), "Paul Martin, CTO", "Paul Martin, CTO"),
        (Party(name="Paul Martin", company="Acme"), "Paul Martin, from Acme", "Paul Martin, chez Acme"),
        (Party(name="Paul Martin", company="  "), "Paul Martin", "Paul Martin"),
        (Party(name="Paul Martin"), "Paul Martin", "Paul Martin"),
    ],
)
def test_describe(party, en, fr):
    assert drafts.describe(party, Locale.EN) == en
    assert drafts.describe(party, Locale.FR) == fr


def test_reason_keeps_its_punctuation_and_loses_line_breaks():
    draft = drafts.introduction_draft(MARIE, PAUL, "  Both love\n sailing!  ", NETWORKER, Locale.EN)
    assert "Why I think you should meet: Both love sailing!\n" in draft.body


def test_labels_are_deduplicated_and_blank_ones_dropped():
    draft = drafts.ask_draft(MARIE, PAUL, "why", NETWORKER, Locale.EN, ["cto", " ", "cto", "fundraising"])
    assert "Common ground: cto, fundraising." in draft.body


def test_no_networker_name_still_signs_off():
    draft = drafts.ask_draft(MARIE, PAUL, "why", "  ", Locale.FR)
    assert draft.body.endswith("Bien à vous,\n")


def test_mailto_encodes_what_would_break_the_link():
    link = drafts.mailto(["a&b@example.com", "c?d@example.com"], "Tom & Jerry? 100%", "one\ntwo & three=4\r\nfive")
    assert link.startswith("mailto:a%26b@example.com,c%3Fd@example.com?subject=Tom%20%26%20Jerry%3F%20100%25&body=")
    assert link.endswith("one%0D%0Atwo%20%26%20three%3D4%0D%0Afive")
    parts = urlsplit(link)
    assert [unquote(a) for a in parts.path.split(",")] == ["a&b@example.com", "c?d@example.com"]
    query = parse_qs(parts.query)
    assert query["subject"] == ["Tom & Jerry? 100%"]
    assert query["body"] == ["one\r\ntwo & three=4\r\nfive"]


def test_mailto_keeps_plus_addresses_readable():
    # '+' must not be read as a space by whatever decodes the link
    draft = drafts.ask_draft(PAUL, MARIE, "why", NETWORKER, Locale.EN)
    assert draft.mailto.startswith("mailto:paul+intro@example.org?")
    assert opened(draft)[0] == ["paul+intro@example.org"]


def test_first_name_is_the_first_word():
    assert Party(name="Jean-Pierre de la Tour").first_name == "Jean-Pierre"
    assert Party(name="Anne").first_name == "Anne"
