from datetime import UTC, date, datetime, timedelta

import pytest
from pydantic import ValidationError

from rapport.domain import introductions as intros
from rapport.domain.errors import Conflict, InvalidInput
from rapport.domain.introductions import (
    FINAL,
    OPEN,
    TRANSITIONS,
    AskRequest,
    Introduction,
    IntroductionAction,
    IntroductionCreate,
    IntroductionStatus,
    MakeRequest,
)

S, A = IntroductionStatus, IntroductionAction
CREATED = datetime(2026, 3, 1, 9, tzinfo=UTC)
LATER = datetime(2026, 3, 2, 22, 30, tzinfo=UTC)
STAMPS = {
    S.ASKED: "asked_at",
    S.ACCEPTED: "accepted_at",
    S.DECLINED: "declined_at",
    S.MADE: "made_at",
    S.FOLLOWED_UP: "followed_up_at",
    S.CANCELLED: "cancelled_at",
}
FUNCTIONS = {
    A.ASK: intros.ask,
    A.ACCEPT: intros.accept,
    A.DECLINE: intros.decline,
    A.MAKE: intros.make,
    A.FOLLOW_UP: intros.follow_up,
    A.CANCEL: intros.cancel,
}
EXPECTED = {
    (S.SUGGESTED, A.ASK): S.ASKED,
    (S.SUGGESTED, A.CANCEL): S.CANCELLED,
    (S.ASKED, A.ACCEPT): S.ACCEPTED,
    (S.ASKED, A.DECLINE): S.DECLINED,
    (S.ASKED, A.CANCEL): S.CANCELLED,
    (S.ACCEPTED, A.MAKE): S.MADE,
    (S.ACCEPTED, A.CANCEL): S.CANCELLED,
    (S.MADE, A.FOLLOW_UP): S.FOLLOWED_UP,
}
ALL_PAIRS = [(status, action) for status in S for action in A]


def suggested(a="c1", b="c2") -> Introduction:
    create = IntroductionCreate(contact_ids=[a, b], reason="  Marie is raising a seed round; Paul did it twice. ")
    return intros.suggest("i1", create, CREATED)


def in_status(status: IntroductionStatus) -> Introduction:
    """An introduction walked to `status` along the allowed path."""
    path = {
        S.SUGGESTED: [],
        S.ASKED: [A.ASK],
        S.ACCEPTED: [A.ASK, A.ACCEPT],
        S.DECLINED: [A.ASK, A.DECLINE],
        S.MADE: [A.ASK, A.ACCEPT, A.MAKE],
        S.FOLLOWED_UP: [A.ASK, A.ACCEPT, A.MAKE, A.FOLLOW_UP],
        S.CANCELLED: [A.CANCEL],
    }[status]
    intro = suggested()
    for step, action in enumerate(path, start=1):
        intro = FUNCTIONS[action](intro, CREATED + timedelta(hours=step))
    assert intro.status is status
    return intro


def test_suggest_starts_suggested():
    intro = suggested()
    assert intro.status is S.SUGGESTED
    assert intro.contact_ids == ["c1", "c2"]
    assert intro.reason == "Marie is raising a seed round; Paul did it twice."
    assert intro.created_at == intro.updated_at == CREATED
    assert intro.version == 1
    assert intro.asked_contact_id is None
    assert all(getattr(intro, stamp) is None for stamp in STAMPS.values())
    assert intro.follow_up_due_on is None
    assert intros.is_open(intro)


def test_the_table_is_the_one_documented():
    assert TRANSITIONS == EXPECTED
    assert FINAL == {S.DECLINED, S.FOLLOWED_UP, S.CANCELLED}
    assert all(not intros.allowed_actions(status) for status in FINAL)
    assert intros.allowed_actions(S.SUGGESTED) == [A.ASK, A.CANCEL]
    assert intros.allowed_actions(S.MADE) == [A.FOLLOW_UP]


@pytest.mark.parametrize(("status", "action"), ALL_PAIRS)
def test_every_status_and_action(status, action):
    intro = in_status(status)
    before = intro.model_dump()
    if (status, action) in EXPECTED:
        moved = FUNCTIONS[action](intro, LATER)
        target = EXPECTED[(status, action)]
        assert moved.status is target
        assert getattr(moved, STAMPS[target]) == LATER
        assert moved.updated_at == LATER
        assert moved.version == intro.version + 1
        # the earlier timestamps are kept
        for stamp in STAMPS.values():
            if stamp != STAMPS[target]:
                assert getattr(moved, stamp) == getattr(intro, stamp)
        assert moved.created_at == CREATED
        # apply() reaches the same transition
        assert intros.apply(intro, action, LATER) == moved
    else:
        with pytest.raises(Conflict) as refused:
            FUNCTIONS[action](intro, LATER)
        message = refused.value.message
        assert message.startswith(f"cannot {action.value.replace('_', ' ')} an introduction that is ")
        assert status.value.replace("_", " ") in message
        assert refused.value.field == "status"
        with pytest.raises(Conflict):
            intros.apply(intro, action, LATER)
    assert intro.model_dump() == before  # never changed in place


def test_no_made_before_accepted():
    with pytest.raises(Conflict, match="cannot make an introduction that is asked: accept it first"):
        intros.make(in_status(S.ASKED), LATER)
    with pytest.raises(Conflict, match="cannot make an introduction that is suggested: ask one side first"):
        intros.make(in_status(S.SUGGESTED), LATER)


def test_refusals_say_what_to_do_instead():
    with pytest.raises(Conflict, match="cannot cancel an introduction that is made: .* follow it up instead"):
        intros.cancel(in_status(S.MADE), LATER)
    with pytest.raises(Conflict, match="cannot accept an introduction that is suggested: ask one side first"):
        intros.accept(in_status(S.SUGGESTED), LATER)
    for status in FINAL:
        with pytest.raises(Conflict, match="which is final"):
            intros.ask(in_status(status), LATER)


def test_without_a_hint_the_refusal_lists_what_is_allowed():
    assert intros.refusal(S.MADE, A.ASK) == "cannot ask an introduction that is made: it can only be followed up now"
    assert intros.refusal(S.FOLLOWED_UP, A.FOLLOW_UP).startswith(
        "cannot follow up an introduction that is followed up: it is followed up, which is final"
    )


def test_ask_records_the_side_asked():
    asked = intros.ask(suggested(), LATER)
    assert asked.asked_contact_id == "c1"
    other = intros.ask(suggested(), LATER, contact_id="c2")
    assert other.asked_contact_id == "c2"


def test_ask_refuses_a_stranger():
    with pytest.raises(InvalidInput) as refused:
        intros.ask(suggested(), LATER, contact_id="c3")
    assert refused.value.field == "contact_id"


def test_ask_of_an_asked_introduction_is_a_conflict_even_with_a_stranger():
    with pytest.raises(Conflict, match="already asked"):
        intros.ask(in_status(S.ASKED), LATER, contact_id="c3")


def test_make_sets_the_follow_up_day():
    made = intros.make(in_status(S.ACCEPTED), LATER)
    assert made.follow_up_due_on == date(2026, 3, 16)
    made = intros.make(in_status(S.ACCEPTED), LATER, follow_up_days=7)
    assert made.follow_up_due_on == date(2026, 3, 9)


def test_make_counts_from_the_networkers_day():
    late = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)  # already 3 March in Paris (UTC+1)
    assert intros.make(in_status(S.ACCEPTED), late).follow_up_due_on == date(2026, 3, 16)
    made = intros.make(in_status(S.ACCEPTED), late, timezone="Europe/Paris")
    assert made.follow_up_due_on == date(2026, 3, 17)


@pytest.mark.parametrize("days", [0, -1, 366])
def test_make_refuses_silly_delays(days):
    with pytest.raises(InvalidInput) as refused:
        intros.make(in_status(S.ACCEPTED), LATER, follow_up_days=days)
    assert refused.value.field == "follow_up_days"


def test_follow_up_keeps_the_due_day():
    done = intros.follow_up(in_status(S.MADE), LATER)
    assert done.follow_up_due_on is not None
    assert done.made_at is not None and done.followed_up_at == LATER


@pytest.mark.parametrize("status", list(S))
def test_open_is_suggested_asked_or_accepted(status):
    assert intros.is_open(in_status(status)) is (status in {S.SUGGESTED, S.ASKED, S.ACCEPTED})
    assert OPEN == {S.SUGGESTED, S.ASKED, S.ACCEPTED}


def test_pair_key_is_symmetric():
    assert intros.pair_key("a1", "b2") == intros.pair_key("b2", "a1") == "a1.b2"
    assert intros.pair_key("a1", "b2") != intros.pair_key("a1", "b3")
    with pytest.raises(InvalidInput):
        intros.pair_key("a1", "a1")


@pytest.mark.parametrize(
    "contact_ids",
    [["c1"], ["c1", "c1"], ["c1", "c2", "c3"], [], ["c1", " c1 "]],
)
def test_create_needs_two_different_contacts(contact_ids):
    with pytest.raises(ValidationError):
        IntroductionCreate(contact_ids=contact_ids, reason="why")


@pytest.mark.parametrize("reason", ["", "   ", "x" * 501])
def test_create_needs_a_short_reason(reason):
    with pytest.raises(ValidationError):
        IntroductionCreate(contact_ids=["c1", "c2"], reason=reason)


def test_create_refuses_unknown_fields():
    with pytest.raises(ValidationError):
        IntroductionCreate(contact_ids=["c1", "c2"], reason="why", status="made")


def test_stored_introduction_round_trips():
    made = in_status(S.MADE)
    assert Introduction.model_validate(made.model_dump(mode="json")) == made
    with pytest.raises(ValidationError):
        Introduction.model_validate(made.model_dump() | {"contact_ids": ["c1", "c1"]})


def test_requests():
    assert AskRequest().contact_id is None
    assert AskRequest(contact_id="c2").contact_id == "c2"
    assert MakeRequest().follow_up_days == 14
    with pytest.raises(ValidationError):
        MakeRequest(follow_up_days=0)
