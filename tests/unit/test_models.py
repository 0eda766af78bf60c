import pytest
from pydantic import ValidationError

from rapport.domain.contact import Birthday, Cadence, ContactCreate, ContactPatch
from rapport.domain.errors import InvalidInput
from rapport.domain.fields import foreign_readings, normalise_phone
from rapport.domain.interaction import InteractionCreate
from rapport.domain.profile import ProfilePatch
from rapport.domain.views import ContactFilter


def errors_of(model, data) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return {".".join(str(p) for p in e["loc"]): e["msg"] for e in caught.value.errors()}


def test_emails_are_normalised_and_deduplicated():
    draft = ContactCreate(name=" Claire ", emails=["Claire@Example.COM", "claire@example.com", "c@x.fr"])
    assert draft.name == "Claire"
    assert draft.emails == ["claire@example.com", "c@x.fr"]


@pytest.mark.parametrize("bad", ["nope", "a@b", "a b@c.com", "@c.com", "a@@c.com"])
def test_an_invalid_email_names_its_field(bad):
    assert "emails.1" in errors_of(ContactCreate, {"name": "x", "emails": ["ok@example.com", bad]})


def test_unknown_fields_are_refused():
    assert "nickname" in errors_of(ContactCreate, {"name": "x", "nickname": "y"})


@pytest.mark.parametrize(
    ("text", "region", "expected"),
    [
        ("+33 6 12 34 56 78", None, "+33612345678"),
        ("06 12 34 56 78", "FR", "+33612345678"),
        ("(415) 555-2671", "US", "+14155552671"),
    ],
)
def test_phones_become_e164_with_the_profile_region(text, region, expected):
    assert normalise_phone(text, region, "phones[0]") == expected


@pytest.mark.parametrize(
    ("text", "region"), [("06 12 34 56 78", None), ("12", "FR"), ("+33 1", None), ("call me", "FR")]
)
def test_an_invalid_phone_is_refused_with_its_field(text, region):
    with pytest.raises(InvalidInput) as caught:
        normalise_phone(text, region, "phones[2]")
    assert caught.value.field == "phones[2]"


def test_a_national_number_from_abroad_is_read_in_the_likely_regions():
    assert foreign_readings("0151 23456789", "FR") == [("Germany", "+49 1512 3456789")]  # the mobile, not Vienna
    assert foreign_readings("06 12 34 56 78", None)[:2] == [
        ("France", "+33 6 12 34 56 78"),
        ("Netherlands", "+31 6 12345678"),
    ]
    assert foreign_readings("020 7946 0958", "FR") == [  # no mobile reading: the landlines, three at most
        ("United Kingdom", "+44 20 7946 0958"),
        ("Italy", "+39 02 0794 60958"),
    ]
    with pytest.raises(InvalidInput, match=r"write it \+44 7400 123456 \(United Kingdom\)"):
        normalise_phone("07400 123456", "FR", "phone")
    with pytest.raises(InvalidInput, match="is not a valid phone number$"):
        normalise_phone("+44 7700 900123", "FR", "phone")  # it has its country: no other reading


def test_a_birthday_must_exist_but_the_year_is_optional():
    assert Birthday(day=29, month=2).year is None
    assert errors_of(Birthday, {"day": 29, "month": 2, "year": 2025})
    assert errors_of(Birthday, {"day": 31, "month": 4})


def test_cadence_maximum_cannot_be_below_ideal():
    assert errors_of(Cadence, {"ideal_days": 30, "max_days": 10})


def test_patch_keeps_only_what_was_sent_and_refuses_clearing_required_fields():
    patch = ContactPatch.model_validate({"company": None, "tags": ["VC", "vc "], "version": 2})
    assert patch.changes() == {"company": None, "tags": ["vc"]}
    assert set(errors_of(ContactPatch, {"name": None, "circle": None})) == {"name", "circle"}


def test_profile_time_zone_locale_and_digest_time_are_checked():
    errors = errors_of(ProfilePatch, {"timezone": "Europe/Pariss", "locale": "de", "digest_time": "25:00"})
    assert set(errors) == {"timezone", "locale", "digest_time"}
    assert ProfilePatch(timezone="Europe/Paris", region="fr").region == "FR"


def test_an_interaction_needs_participants_and_drops_repeats():
    assert "contact_ids" in errors_of(
        InteractionCreate, {"kind": "call", "occurred_at": "2026-01-01T10:00:00Z", "contact_ids": []}
    )
    draft = InteractionCreate(kind="call", occurred_at="2026-01-01T10:00:00Z", contact_ids=["a", "b", "a"])
    assert draft.contact_ids == ["a", "b"]
    assert "kind" in errors_of(
        InteractionCreate, {"kind": "telepathy", "occurred_at": "2026-01-01T10:00:00Z", "contact_ids": ["a"]}
    )


def test_text_search_ignores_case_and_accents():
    from datetime import UTC, datetime

    from rapport.domain.contact import Contact

    now = datetime(2026, 1, 1, tzinfo=UTC)
    helene = Contact(
        contact_id="1",
        name="Hélène Dupré",
        company="Société Générale",
        emails=["h@sg.fr"],
        declared_stage="met",
        stage="met",
        circle="inner",
        created_at=now,
        updated_at=now,
        tags=["vc"],
    )
    assert ContactFilter(q="helene").matches(helene)
    assert ContactFilter(q="SOCIETE").matches(helene)
    assert ContactFilter(q="sg.fr").matches(helene)
    assert not ContactFilter(q="paul").matches(helene)
    assert ContactFilter(tag="VC", circle="inner", stage="met").matches(helene)
    assert not ContactFilter(stage="to_meet").matches(helene)


def test_a_contacts_identities_are_its_url_and_who_it_was_in_imports():
    """One place for what storage claims, a merge unites and an import recognises as taken before."""
    from tests.unit.test_vcards import contact

    url = "https://www.linkedin.com/in/clairemartin"
    typed = contact("c1", "Claire", linkedin_url=url)
    assert (typed.identities, typed.imported_as) == ({url}, set())  # a URL typed in the app: never imported
    imported = contact("c2", "Claire", linkedin_url=url, import_key="uid:abc", merged_identities=["claire@a.example"])
    assert imported.imported_as == {"uid:abc", "claire@a.example"}
    assert imported.identities == {url, "uid:abc", "claire@a.example"}
