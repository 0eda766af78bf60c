"""Duplicates, pure: who looks like whom, how likely, why in both languages, found without comparing every
pair; and the union a merge keeps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from rapport.domain.contact import Contact, Wish
from rapport.domain.duplicates import (
    MergeField,
    Sign,
    candidates,
    emptied,
    find,
    name_likeness,
    pair_id,
    parse_pair_id,
    union,
)
from rapport.domain.errors import NotFound
from rapport.domain.locale import Locale
from rapport.domain.vocabulary import Circle, Stage

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
_ids = iter(range(1, 100_000))


def person(name: str, **fields) -> Contact:
    values = {
        "contact_id": f"{next(_ids):032x}",
        "name": name,
        "declared_stage": Stage.MET,
        "stage": Stage.MET,
        "circle": Circle.NETWORK,
        "created_at": NOW,
        "updated_at": NOW,
    }
    return Contact(**(values | fields))


def signs(found) -> list[Sign]:
    return [reason.sign for reason in found.reasons]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Anne Martin", "anne martin"),
        ("Hélène Durand", "Helene Durand"),
        ("Martin Anne", "Anne Martin"),
        ("A. Martin", "Anne Martin"),
        ("Anne Matrin", "Anne Martin"),
        ("Jean-Pierre Lefèvre", "Jean Pierre Lefevre"),
    ],
)
def test_close_names(first, second):
    assert name_likeness(first, second) >= 0.85


@pytest.mark.parametrize(
    ("first", "second"), [("Anne Martin", "Paul Martin"), ("Anne Martin", "Anne Dubois"), ("A. Martin", "B. Martin")]
)
def test_names_of_different_people(first, second):
    assert name_likeness(first, second) < 0.85


def test_the_same_email_is_certain_whatever_the_names():
    a = person("Claire Martin", emails=["claire@fondshorizon.fr"])
    b = person("Mme Martin", emails=["claire@fondshorizon.fr", "claire@gmail.com"])
    [found] = find([a, b], Locale.EN)
    assert found.score == 1.0 and signs(found) == [Sign.EMAIL]
    assert found.reasons[0].text == "same email: claire@fondshorizon.fr"


def test_the_same_profile_or_phone():
    url = "https://www.linkedin.com/in/clairemartin"
    [by_profile] = find([person("Claire", linkedin_url=url), person("Claire M.", linkedin_url=url)], Locale.EN)
    assert by_profile.score == 1.0 and signs(by_profile) == [Sign.PROFILE]
    [by_phone] = find([person("Claire", phones=["+33612904567"]), person("Bob", phones=["+33612904567"])], Locale.EN)
    assert signs(by_phone) == [Sign.PHONE] and 0.85 <= by_phone.score < 1  # a switchboard is shared


def test_close_names_need_the_same_company_or_a_work_domain():
    a = person("Anne Martin", company="Lumen Bio SAS")
    b = person("Martin Anne", company="lumen bio")
    c = person("Anne Martin", company="Fonds Horizon")
    [found] = find([a, b, c], Locale.EN)
    assert set(found.contact_ids) == {a.contact_id, b.contact_id}
    assert signs(found) == [Sign.NAME, Sign.COMPANY] and 0.8 <= found.score < 1
    assert found.reasons[0].text == "close names: Anne Martin / Martin Anne"


def test_a_shared_free_mail_domain_says_nothing_a_work_domain_does():
    a = person("Anne Martin", emails=["anne@gmail.com"])
    b = person("Anne Martin", emails=["a.martin@gmail.com"])
    assert find([a, b], Locale.EN) == []
    c = person("Anne Martin", emails=["anne@lumenbio.fr"])
    d = person("A. Martin", emails=["amartin@lumenbio.fr"])
    [found] = find([c, d], Locale.EN)
    assert signs(found) == [Sign.NAME, Sign.DOMAIN] and found.reasons[1].value == "lumenbio.fr"


def test_reasons_in_french_with_its_typography():
    a = person("Anne Martin", company="Lumen Bio", phones=["+33612904567"])
    b = person("Anne Martin", company="Lumen Bio", phones=["+33612904567"])
    [found] = find([a, b], Locale.FR)
    assert [r.text for r in found.reasons] == [
        "même téléphone\u202f: +33612904567",
        "noms proches\u202f: Anne Martin",
        "même entreprise\u202f: Lumen Bio",
    ]
    assert found.score > find([a, b.model_copy(update={"phones": []})], Locale.FR)[0].score  # more signs, likelier


def test_best_first_and_dismissed_pairs_left_out():
    a, b = person("Anne Martin", emails=["anne@x.fr"]), person("Anne", emails=["anne@x.fr"])
    c, d = person("Paul Lefebvre", company="Kiosk"), person("Paul Lefebre", company="Kiosk")
    found = find([a, b, c, d], Locale.EN)
    assert [f.pair_id for f in found] == [pair_id(a.contact_id, b.contact_id), pair_id(c.contact_id, d.contact_id)]
    assert [f.pair_id for f in find([a, b, c, d], Locale.EN, {found[0].pair_id})] == [found[1].pair_id]


def test_a_pair_id_is_stable_and_checked():
    assert pair_id("b1", "a2") == pair_id("a2", "b1") == "a2.b1"
    assert parse_pair_id("a2.b1") == ("a2", "b1")
    for wrong in ("b1.a2", "a2.a2", "a2", "a2.b1.c3", "NW#x.y"):
        with pytest.raises(NotFound) as refused:
            parse_pair_id(wrong)
        assert refused.value.field == "pair_id"


def test_only_contacts_sharing_a_key_are_compared():
    """5,000 contacts, 50 pairs of duplicates: the pairs compared are a few, not 12.5 million."""
    people = [
        person(f"Person{i} Name{i}", company=f"Company{i % 700}", emails=[f"p{i}@c{i % 700}.com"]) for i in range(4950)
    ]
    people += [person(f"Name{i} Person{i}", company=f"Company{i % 700}", emails=[f"p{i}@gmail.com"]) for i in range(50)]
    pairs = candidates(people)
    assert len(pairs) < 5000
    found = find(people, Locale.EN)
    assert len(found) == 50 and all(f.reasons[0].sign is Sign.NAME for f in found)


def test_a_key_shared_by_too_many_is_no_ones():
    switchboard = [person(f"Someone {i}", phones=["+33140000000"]) for i in range(60)]
    assert find(switchboard, Locale.EN) == []


# Merging ----------------------------------------------------------------------------------------------


def test_the_union_keeps_fills_takes_and_unites():
    later = NOW + timedelta(days=3)
    survivor = person(
        "Claire Martin",
        emails=["claire@fondshorizon.fr"],
        phones=["+33612904567"],
        company="Fonds Horizon",
        title="Associée",
        tags=["investisseurs"],
        needs=[Wish(label="a CTO", noted_at=later)],
        notes="Met at the Web Summit",
        last_touch_at=NOW - timedelta(days=40),
        import_key="linkedin:claire",
    )
    other = person(
        "Martin Claire",
        emails=["claire@gmail.com", "claire@fondshorizon.fr"],
        phones=["+33700000000"],
        title="Partner",
        how_we_met="Paul",
        tags=["santé", "investisseurs"],
        needs=[Wish(label="A CTO", noted_at=NOW)],
        offers=[Wish(label="seed", noted_at=NOW)],
        notes="Loves jazz",
        linkedin_url="https://www.linkedin.com/in/clairemartin",
        last_touch_at=NOW - timedelta(days=2),
        declared_stage=Stage.TO_MEET,
        import_key="vcard:claire",
        version=4,
    )
    merged = union(survivor, other, [MergeField.TITLE], later)
    assert merged.contact_id == survivor.contact_id and merged.name == "Claire Martin"  # kept
    assert merged.title == "Partner" and merged.how_we_met == "Paul"  # taken, filled
    assert merged.company == "Fonds Horizon" and merged.linkedin_url == other.linkedin_url
    assert merged.emails == ["claire@fondshorizon.fr", "claire@gmail.com"]
    assert merged.phones == ["+33612904567", "+33700000000"]
    assert merged.tags == ["investisseurs", "santé"]
    assert [(w.label, w.noted_at) for w in merged.needs] == [("a CTO", NOW)]
    assert [w.label for w in merged.offers] == ["seed"]
    assert merged.notes == "Met at the Web Summit\n\nLoves jazz"
    assert merged.last_touch_at == other.last_touch_at and merged.declared_stage is Stage.MET
    assert merged.import_key == "linkedin:claire" and merged.merged_identities == ["vcard:claire"]
    assert merged.merged_ids == [other.contact_id]
    assert merged.version == survivor.version + 1 and merged.updated_at == later


def test_the_other_emptied_holds_no_claim():
    other = person("Claire", emails=["c@x.fr"], linkedin_url="https://www.linkedin.com/in/c", import_key="k")
    left = emptied(other, NOW)
    assert (left.emails, left.linkedin_url, left.import_key) == ([], None, None)
    assert left.version == other.version + 1
