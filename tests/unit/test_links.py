import itertools
import math
import random
from datetime import UTC, date, datetime, timedelta

import pytest
from pydantic import ValidationError

from rapport.domain.contact import DEFAULT_CADENCE, Contact
from rapport.domain.errors import InvalidInput
from rapport.domain.links import (
    MAX_LINKS,
    MAX_PATHS,
    WEIGHT,
    Closeness,
    KnowsRequest,
    Link,
    Path,
    best,
    link,
    paths,
)
from rapport.domain.views import ContactView
from rapport.domain.vocabulary import Circle, Stage

C, A, D = Closeness.CLOSE, Closeness.ACQUAINTED, Closeness.DISTANT
TODAY = date(2026, 3, 1)
NOW = datetime(2026, 3, 1, 9, tzinfo=UTC)
NETWORK = DEFAULT_CADENCE[Circle.NETWORK]  # ideal 90 days, at most 135


def person(contact_id: str, name: str | None = None, stage=Stage.MET, days_ago: int = 0) -> Contact:
    """A contact last touched `days_ago` days ago; met ones get the follow-up date the stream derives."""
    touched = NOW - timedelta(days=days_ago)
    return Contact(
        contact_id=contact_id,
        name=name or contact_id.title(),
        declared_stage=stage,
        stage=stage,
        circle=Circle.NETWORK,
        created_at=NOW - timedelta(days=400),
        updated_at=NOW,
        last_touch_at=touched,
        next_follow_up_on=touched.date() + timedelta(days=NETWORK.ideal_days) if stage is Stage.MET else None,
    )


def people(*contacts: Contact) -> dict[str, Contact]:
    return {c.contact_id: c for c in contacts}


def target() -> Contact:
    return person("claire", stage=Stage.TO_MEET)


def knows(a: str, b: str, closeness: Closeness = C) -> Link:
    return link(a, b, closeness, NOW)


def summary(found: list[Path]) -> list[tuple[int, list[str]]]:
    return [(p.score, [s.contact_id for s in p.steps]) for p in found]


@pytest.mark.parametrize(("closeness", "score"), [(C, 100), (A, 60), (D, 30)])
def test_a_met_contact_who_knows_the_target_is_a_direct_path(closeness, score):
    found = paths("claire", [knows("paul", "claire", closeness)], people(person("paul"), target()), TODAY)
    assert len(found) == 1
    assert found[0].score == score
    assert found[0].first_hop_health == 100
    assert [(s.contact_id, s.name, s.closeness) for s in found[0].steps] == [("paul", "Paul", closeness)]


def test_a_two_step_path_multiplies_health_and_every_link():
    # 72 days out of an ideal 90: health 80. Marie, still to meet herself, can pass it on.
    crowd = people(person("paul", days_ago=72), person("marie", stage=Stage.TO_MEET), target())
    found = paths("claire", [knows("marie", "claire", D), knows("paul", "marie", C)], crowd, TODAY)
    assert found[0].first_hop_health == 80
    assert found[0].score == 24
    assert [(s.contact_id, s.closeness) for s in found[0].steps] == [("paul", C), ("marie", D)]


def test_ties_go_to_fewer_steps_then_names_then_ids():
    crowd = people(
        person("zoe", "Zoé"), person("alice", "alice"), person("b2", "Bob"), person("b1", "Bob"), person("x"), target()
    )
    links = [
        knows("zoe", "claire"),
        knows("alice", "x"),
        knows("x", "claire"),
        knows("alice", "claire"),
        knows("b2", "claire"),
        knows("b1", "claire"),
    ]
    assert summary(paths("claire", links, crowd, TODAY)) == [
        (100, ["alice"]),
        (100, ["b1"]),
        (100, ["b2"]),
        (100, ["x"]),
        (100, ["zoe"]),
        (100, ["alice", "x"]),
        (100, ["x", "alice"]),
    ]


def test_a_cycle_ends_and_no_contact_appears_twice():
    crowd = people(person("a"), person("b"), person("c"), target())
    links = [knows("a", "b"), knows("b", "c"), knows("c", "a"), knows("a", "claire")]
    found = paths("claire", links, crowd, TODAY)
    assert sorted(ids for _, ids in summary(found)) == [["a"], ["b", "a"], ["b", "c", "a"], ["c", "a"], ["c", "b", "a"]]
    for path in found:
        ids = [s.contact_id for s in path.steps]
        assert len(set(ids)) == len(ids)


def test_no_path_when_only_contacts_to_meet_know_the_target():
    crowd = people(person("marie", stage=Stage.TO_MEET), person("lea", stage=Stage.TO_MEET), target())
    assert paths("claire", [knows("marie", "claire"), knows("lea", "marie")], crowd, TODAY) == []
    assert best("claire", [knows("marie", "claire")], crowd, TODAY) is None


def test_no_path_without_links_or_without_the_target():
    assert paths("claire", [], people(person("paul"), target()), TODAY) == []
    assert paths("claire", [knows("paul", "claire")], people(person("paul")), TODAY) == []


def test_links_to_a_deleted_contact_are_ignored():
    crowd = people(person("paul"), target())
    links = [knows("ghost", "claire"), knows("paul", "ghost"), knows("paul", "claire", D)]
    assert summary(paths("claire", links, crowd, TODAY)) == [(30, ["paul"])]


def test_the_target_is_never_an_intermediate():
    crowd = people(person("paul"), person("marie"), person("lea", stage=Stage.TO_MEET), target())
    # Claire sits between Paul and Lea: a walk ends at her, it never goes through her to Lea's side.
    links = [knows("paul", "claire"), knows("claire", "lea"), knows("marie", "lea")]
    found = paths("claire", links, crowd, TODAY)
    assert summary(found) == [(100, ["paul"]), (100, ["marie", "lea"])]
    assert all(s.contact_id != "claire" for p in found for s in p.steps)


def test_at_most_three_links_from_the_first_hop():
    stranger = {"stage": Stage.TO_MEET}
    crowd = people(person("paul"), person("a", **stranger), person("b", **stranger), person("c", **stranger), target())
    three = [knows("paul", "a"), knows("a", "b"), knows("b", "claire")]
    assert summary(paths("claire", three, crowd, TODAY)) == [(100, ["paul", "a", "b"])]
    four = [knows("paul", "a"), knows("a", "b"), knows("b", "c"), knows("c", "claire")]
    assert MAX_LINKS == 3
    assert paths("claire", four, crowd, TODAY) == []


def test_a_contact_does_not_know_themselves():
    with pytest.raises(InvalidInput) as caught:
        link("paul", "paul", C, NOW)
    assert caught.value.message == "a contact knows others, not themselves"
    assert caught.value.field == "contact_id"


def test_a_link_is_stored_sorted_and_knows_its_other_end():
    made = link("paul", "claire", A, NOW)
    assert made.contact_ids == ("claire", "paul")
    assert made.other("paul") == "claire"
    assert made.other("claire") == "paul"
    with pytest.raises(ValueError):
        made.other("marie")


def test_the_order_of_links_does_not_change_the_answer():
    crowd = people(*(person(i, days_ago=d) for i, d in [("a", 0), ("b", 30), ("c", 100), ("d", 200)]), target())
    links = [
        knows("a", "claire", A),
        knows("b", "claire", D),
        knows("a", "b"),
        knows("c", "a", A),
        knows("d", "c"),
        knows("d", "b", A),
        knows("c", "b", D),
        knows("c", "claire", D),  # the same pair noted twice: the closest link counts
        knows("claire", "c", A),
    ]
    expected = paths("claire", links, crowd, TODAY)
    assert len(expected) == MAX_PATHS
    for seed in range(10):
        shuffled = links[:]
        random.Random(seed).shuffle(shuffled)
        assert paths("claire", shuffled, crowd, TODAY) == expected
    assert ("c", A) in {(p.steps[-1].contact_id, p.steps[-1].closeness) for p in expected}


def test_a_healthy_acquaintance_beats_a_cooling_close_friend():
    # Paul, untouched for 270 days (twice the maximum), is at 25; Anna, seen today, at 100.
    crowd = people(person("paul", days_ago=270), person("anna"), target())
    links = [knows("paul", "claire", C), knows("anna", "claire", A)]
    found = paths("claire", links, crowd, TODAY)
    ranked = [(p.steps[0].contact_id, p.first_hop_health, p.score) for p in found]
    assert ranked == [("anna", 100, 60), ("paul", 25, 25)]
    assert best("claire", links, crowd, TODAY) == found[0]


def test_a_first_hop_with_no_follow_up_date_counts_as_half_healthy():
    paul = person("paul").model_copy(update={"next_follow_up_on": None})
    found = paths("claire", [knows("paul", "claire", A)], people(paul, target()), TODAY)
    assert (found[0].first_hop_health, found[0].score) == (50, 30)


def test_at_most_limit_paths():
    crowd = people(*(person(f"p{i:02}") for i in range(30)), target())
    links = [knows(f"p{i:02}", "claire") for i in range(30)]
    assert len(paths("claire", links, crowd, TODAY)) == MAX_PATHS
    assert summary(paths("claire", links, crowd, TODAY, limit=2)) == [(100, ["p00"]), (100, ["p01"])]
    assert paths("claire", links, crowd, TODAY, limit=0) == []


def _order(path: Path, crowd: dict[str, Contact]) -> tuple:
    ids = [s.contact_id for s in path.steps]
    return (-path.score, len(ids), [crowd[i].name.casefold() for i in ids], ids)


def _random_graph(rng: random.Random, size: int, edges: int) -> tuple[dict[str, Contact], list[Link]]:
    ids = [f"c{i}" for i in range(size)]
    crowd = people(
        *(person(i, rng.choice("ABC") + i, rng.choice(list(Stage)), rng.randrange(400)) for i in ids), target()
    )
    pool = [*ids, "claire", "claire", "gone"]
    links = []
    for _ in range(edges):
        a, b = rng.sample(pool, 2)
        if a != b:
            links.append(knows(a, b, rng.choice(list(Closeness))))
    return crowd, links


@pytest.mark.parametrize("seed", range(5))
def test_every_warm_path_and_only_those_in_order(seed):
    """Against a brute force over every ordering of up to three contacts."""
    crowd, links = _random_graph(random.Random(seed), 10, 25)
    ties: dict[frozenset, Closeness] = {}
    for each in links:
        pair = frozenset(each.contact_ids)
        if pair.isdisjoint({"gone"}) and WEIGHT[each.closeness] > WEIGHT.get(ties.get(pair), 0):
            ties[pair] = each.closeness
    expected = set()
    others = [i for i in crowd if i != "claire"]
    for size in range(1, MAX_LINKS + 1):
        for ids in itertools.permutations(others, size):
            chain = [*ids, "claire"]
            pairs = [frozenset(p) for p in itertools.pairwise(chain)]
            if crowd[ids[0]].stage is Stage.MET and all(p in ties for p in pairs):
                health = ContactView.of(crowd[ids[0]], TODAY).health
                expected.add((round(health * math.prod(WEIGHT[ties[p]] for p in pairs)), ids))
    found = paths("claire", links, crowd, TODAY, limit=10_000)
    assert {(p.score, tuple(s.contact_id for s in p.steps)) for p in found} == expected
    assert [_order(p, crowd) for p in found] == sorted(_order(p, crowd) for p in found)


def test_a_large_graph_finishes_with_at_most_limit_paths():
    crowd, links = _random_graph(random.Random(42), 1000, 2000)
    found = paths("claire", links, crowd, TODAY)
    assert 0 < len(found) <= MAX_PATHS
    assert [_order(p, crowd) for p in found] == sorted(_order(p, crowd) for p in found)
    for path in found:
        ids = [s.contact_id for s in path.steps]
        assert len(set(ids)) == len(ids) <= MAX_LINKS and "claire" not in ids
        assert crowd[ids[0]].stage is Stage.MET


def test_knows_request_takes_a_contact_and_a_closeness():
    request = KnowsRequest.model_validate({"contact_id": " c42 ", "closeness": "acquainted"})
    assert (request.contact_id, request.closeness) == ("c42", Closeness.ACQUAINTED)


@pytest.mark.parametrize(
    "body",
    [
        {"contact_id": "c42", "closeness": "best friends"},
        {"contact_id": "c42", "closeness": "close", "since": 2019},
        {"contact_id": "c42"},
        {"closeness": "close"},
        {"contact_id": "", "closeness": "close"},
        {"contact_id": "x" * 65, "closeness": "close"},
    ],
)
def test_knows_request_refuses_bad_bodies(body):
    with pytest.raises(ValidationError):
        KnowsRequest.model_validate(body)
