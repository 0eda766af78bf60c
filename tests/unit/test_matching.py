import random
from datetime import UTC, datetime, timedelta

import pytest

from rapport.domain.labels import normalise
from rapport.domain.matching import (
    STALE_AFTER,
    Entry,
    EntryKind,
    Standing,
    is_stale,
    label_match,
    match,
    opportunity_id,
)
from rapport.domain.vocabulary import Circle

NOW = datetime(2026, 3, 1, 9, tzinfo=UTC)


def need(contact_id: str, label: str, days_ago: int = 0, confirmed_days_ago: int | None = None) -> Entry:
    return Entry(
        contact_id=contact_id,
        kind=EntryKind.NEED,
        label=label,
        noted_at=NOW - timedelta(days=days_ago),
        confirmed_at=None if confirmed_days_ago is None else NOW - timedelta(days=confirmed_days_ago),
    )


def offer(contact_id: str, label: str, days_ago: int = 0) -> Entry:
    return Entry(contact_id=contact_id, kind=EntryKind.OFFER, label=label, noted_at=NOW - timedelta(days=days_ago))


def pairs(opportunities) -> list[tuple[str, str]]:
    return [(o.need_contact_id, o.offer_contact_id) for o in opportunities]


# Label matching across languages and synonyms


@pytest.mark.parametrize("need_label", ["levée de fonds", "raising a seed round", "Fund-raising", "investisseurs"])
def test_fundraising_needs_meet_a_fundraising_offer(need_label):
    found = match(need("marie", need_label), [offer("paul", "fundraising")], {}, NOW)
    assert pairs(found) == [("marie", "paul")]
    assert found[0].labels_met == ["fundraising"]
    assert found[0].concept == "fundraising"
    assert "labels met: fundraising" in found[0].reasons


def test_the_issue_example_scores_a_full_label_match():
    (found,) = match(offer("paul", "fundraising"), [need("marie", "levée de fonds")], {}, NOW)
    assert (found.need_label, found.offer_label) == ("levée de fonds", "fundraising")
    assert label_match(normalise("levée de fonds"), normalise("fundraising")).strength == 1
    assert found.score == 70  # fresh need, both in the network circle (0.7), never introduced


@pytest.mark.parametrize(("need_label", "offer_label"), [("a CTO", "directeur technique"), ("CTO", "fractional CTO")])
def test_a_cto_meets_across_languages(need_label, offer_label):
    (found,) = match(need("marie", need_label), [offer("paul", offer_label)], {}, NOW)
    assert found.labels_met == ["cto"]


def test_a_flat_in_lyon_meets_an_appartement_a_lyon_on_the_concept_and_the_city():
    (found,) = match(need("marie", "flat in Lyon"), [offer("paul", "appartement à Lyon")], {}, NOW)
    assert found.labels_met == ["housing", "lyon"]
    assert label_match(normalise("flat in Lyon"), normalise("appartement à Lyon")).strength == 1


def test_plurals_and_accents_meet():
    assert match(need("marie", "Bureaux à Nantes"), [offer("paul", "un bureau à NANTES")], {}, NOW)
    assert match(need("marie", "Développeurs"), [offer("paul", "developer")], {}, NOW)


def test_a_shared_concept_beats_shared_words():
    concept = label_match(normalise("flat in Lyon"), normalise("apartment in Paris"))
    words = label_match(normalise("flat in Lyon"), normalise("office in Lyon"))
    assert concept.concepts == ["housing"] and concept.tokens == concept.words == []
    assert words.concepts == [] and words.tokens == words.words == ["lyon"]
    assert concept.strength >= 0.5 > words.strength > 0


def test_the_city_is_shown_as_the_need_wrote_it():
    (found,) = match(need("marie", "contacts à Nantes"), [offer("paul", "Nantes tech scene")], {}, NOW)
    assert found.labels_met == ["nantes"]  # the token is "nante", a stem; the label said "Nantes"
    assert found.concept == "nante"  # the id is named by the normalised word: "Nantes" or "nantes" alike


def test_unrelated_labels_do_not_meet():
    assert label_match(normalise("a CTO"), normalise("flat in Lyon")) is None
    assert match(need("marie", "a CTO"), [offer("paul", "flat in Lyon")], {}, NOW) == []


# Stale needs


def test_a_need_goes_stale_after_90_days_unless_confirmed():
    assert STALE_AFTER == timedelta(days=90)
    assert not is_stale(need("marie", "CTO", days_ago=90), NOW)
    assert is_stale(need("marie", "CTO", days_ago=91), NOW)
    assert not is_stale(need("marie", "CTO", days_ago=200, confirmed_days_ago=10), NOW)
    assert is_stale(need("marie", "CTO", days_ago=200, confirmed_days_ago=100), NOW)
    assert not is_stale(offer("paul", "CTO", days_ago=1000), NOW)


def test_stale_needs_never_match():
    stale = need("marie", "a CTO", days_ago=120)
    assert match(stale, [offer("paul", "CTO")], {}, NOW) == []
    assert match(offer("paul", "CTO"), [stale], {}, NOW) == []
    confirmed = need("marie", "a CTO", days_ago=120, confirmed_days_ago=5)
    assert pairs(match(offer("paul", "CTO"), [confirmed], {}, NOW)) == [("marie", "paul")]
    assert "need confirmed 5 days ago" in match(offer("paul", "CTO"), [confirmed], {}, NOW)[0].reasons


def test_a_fresher_need_scores_higher():
    fresh = match(need("marie", "CTO", days_ago=1), [offer("paul", "CTO")], {}, NOW)[0]
    older = match(need("marie", "CTO", days_ago=80), [offer("paul", "CTO")], {}, NOW)[0]
    assert fresh.score > older.score
    assert "need noted 80 days ago" in older.reasons


# Pairs: need with offer only, never oneself


def test_no_self_pairs_and_a_need_only_meets_an_offer():
    others = [offer("marie", "CTO"), need("paul", "CTO"), offer("paul", "CTO")]
    assert pairs(match(need("marie", "a CTO"), others, {}, NOW)) == [("marie", "paul")]
    assert pairs(match(offer("marie", "CTO"), others, {}, NOW)) == [("paul", "marie")]


def test_one_opportunity_per_pair_the_best_entry():
    others = [offer("paul", "investor intros in Lyon"), offer("paul", "fundraising")]
    found = match(need("marie", "levée de fonds"), others, {}, NOW)
    assert len(found) == 1
    assert found[0].offer_label == "fundraising"


# Ranking


STANDINGS = {
    "inner": Standing(closeness=Circle.INNER),
    "active": Standing(closeness=Circle.ACTIVE),
    "network": Standing(closeness=Circle.NETWORK),
    "loose": Standing(closeness=Circle.LOOSE),
    "busy": Standing(closeness=Circle.INNER, last_introduced_at=NOW - timedelta(days=2)),
    "twin_b": Standing(closeness=Circle.ACTIVE),
    "twin_a": Standing(closeness=Circle.ACTIVE),
    "marie": Standing(closeness=Circle.INNER),
}


def fixture_offers() -> list[Entry]:
    return [
        offer("loose", "business angel"),
        offer("inner", "seed funding"),
        offer("network", "investors"),
        offer("busy", "fundraising"),
        offer("twin_b", "levée de fonds"),
        offer("twin_a", "fundraising"),
        offer("active", "Lyon investors"),  # a word more ("lyon"): a weaker label match than the twins
        offer("nobody", "a flat in Lyon"),
    ]


def test_ranking_order_closeness_introductions_then_ids_on_ties():
    found = match(need("marie", "fundraising"), fixture_offers(), STANDINGS, NOW)
    assert [o.offer_contact_id for o in found] == ["inner", "twin_a", "twin_b", "network", "loose", "active", "busy"]
    assert [o.score for o in found] == [100, 92, 92, 85, 78, 77, 53]
    assert found[1].score == found[2].score  # a tie, broken by the offer contact's id
    busy = next(o for o in found if o.offer_contact_id == "busy")
    assert "offer side introduced to someone 2 days ago" in busy.reasons
    assert "offer side: inner circle" in busy.reasons


def test_recent_introductions_lower_the_score_and_fade():
    def score(days):
        standing = {"paul": Standing(last_introduced_at=NOW - timedelta(days=days))}
        return match(need("marie", "CTO"), [offer("paul", "CTO")], standing, NOW)[0].score

    assert score(0) < score(15) < score(30) == score(300)


def test_ranking_is_deterministic_whatever_the_input_order():
    offers = fixture_offers()
    expected = match(need("marie", "fundraising"), offers, STANDINGS, NOW)
    for seed in range(20):
        shuffled = offers[:]
        random.Random(seed).shuffle(shuffled)
        assert match(need("marie", "fundraising"), shuffled, STANDINGS, NOW) == expected


def test_limit_and_min_score():
    found = match(need("marie", "fundraising"), fixture_offers(), STANDINGS, NOW, limit=2)
    assert [o.offer_contact_id for o in found] == ["inner", "twin_a"]
    assert match(need("marie", "fundraising"), fixture_offers(), STANDINGS, NOW, min_score=101) == []


# Opportunity ids


def test_opportunity_id_is_stable_directional_and_named_by_the_concept():
    first = opportunity_id("marie", "paul", "fundraising")
    assert first == opportunity_id("marie", "paul", "fundraising")
    assert len(first) == 32 and int(first, 16) >= 0
    assert first != opportunity_id("paul", "marie", "fundraising")
    assert first != opportunity_id("marie", "paul", "cto")
    assert opportunity_id("a|b", "c", "d") != opportunity_id("a", "b|c", "d")


def test_rewording_a_need_keeps_the_opportunity_id():
    (before,) = match(need("marie", "levée de fonds"), [offer("paul", "fundraising")], {}, NOW)
    (after,) = match(need("marie", "raising a seed round", days_ago=3), [offer("paul", "business angels")], {}, NOW)
    assert before.opportunity_id == after.opportunity_id == opportunity_id("marie", "paul", "fundraising")
