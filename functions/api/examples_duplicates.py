"""Examples of duplicates and of a merge (see `examples`): Claire Martin, added by hand, came again from
her vCard as "Martin Claire" with the same address."""

from __future__ import annotations

from examples import CLAIRE, CONTACT, NOW, example

CLAIRE_CARD = "01a1f84a95c0c3a1e6b2d94f0a7c5e21"
_PAIR_ID = ".".join(sorted((CLAIRE, CLAIRE_CARD)))
_ADDRESS = "claire.martin@fondshorizon.fr"
_CLAIRE = {
    "contact_id": CLAIRE,
    "name": "Claire Martin",
    "emails": [_ADDRESS],
    "phones": ["+33612904567"],
    "company": "Fonds Horizon",
    "title": "Associée gérante",
    "stage": "met",
    "last_touch_at": "2026-11-19T08:30:00Z",
    "created_at": NOW,
}
_CARD = {
    "contact_id": CLAIRE_CARD,
    "name": "Martin Claire",
    "emails": [_ADDRESS.replace("claire.martin", "cmartin"), "claire@gmail.com"],
    "phones": ["+33612904567"],
    "company": "Fonds Horizon SAS",
    "title": "Partner",
    "stage": "met",
    "last_touch_at": "2026-09-02T17:00:00Z",
    "created_at": NOW,
}
DUPLICATES = example(
    "claire_twice",
    "Claire Martin, by hand and from her vCard",
    {
        "items": [
            {
                "pair_id": _PAIR_ID,
                "score": 0.99,
                "reasons": [
                    {"sign": "phone", "value": "+33612904567", "text": "même téléphone\u202f: +33612904567"},
                    {
                        "sign": "name",
                        "value": "Claire Martin / Martin Claire",
                        "text": "noms proches\u202f: Claire Martin / Martin Claire",
                    },
                    {"sign": "company", "value": "Fonds Horizon", "text": "même entreprise\u202f: Fonds Horizon"},
                ],
                "contacts": [_CLAIRE, _CARD] if CLAIRE < CLAIRE_CARD else [_CARD, _CLAIRE],
            }
        ]
    },
)
PAIR = example("claire_twice", "Claire Martin and her vCard's card", _PAIR_ID)
MERGE = example(
    "keep_title",
    "Her vCard into the contact added by hand, taking the card's title",
    {"other_id": CLAIRE_CARD, "take": ["title"]},
)
MERGED = CONTACT
