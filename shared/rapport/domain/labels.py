"""Needs and offers labels, normalised so that the same wish meets across words and languages.

"levée de fonds", "fundraising", "raising a seed round" and "Fund-raising" all carry the concept
``fundraising``; "a CTO", "CTO" and "directeur technique" carry ``cto``; "flat in Lyon" and
"appartement à Lyon" carry ``housing`` and the token ``lyon``.

The steps of :func:`normalise`, deliberately simple so a networker can predict them:

1. Split the label into words on anything that is not a letter or a digit (spaces, hyphens,
   apostrophes: "d'administration" gives "d" and "administration"; "Fund-raising" gives "fund" and
   "raising").
2. Fold each word: compatibility decomposition (NFKD), accents dropped, case folded
   ("Levée" -> "levee", "ﬁ" -> "fi", "Straße" -> "strasse").
3. Drop stop words, English and French together (:data:`STOP_WORDS`): articles, prepositions,
   possessives, the elided letters of French ("l'", "d'", "qu'"), and the words every need says
   anyway ("looking", "need", "cherche", "besoin").
4. Make each word singular (:func:`singular`), by suffix rules only, no dictionary:
   English "-ies" -> "-y" ("cities" -> "city"), "-es" after s, x, z, ch, sh -> drop "es"
   ("boxes" -> "box"); French "-eaux" -> "-eau" ("bureaux"), "-aux" -> "-al" ("journaux"), "-eux"
   and "-oux" -> drop "x" ("bijoux"); then a final "-s" is dropped ("fonds" -> "fond",
   "investors" -> "investor"), except after another "s", after "u" or "i" ("business", "campus",
   "paris" stay). Words of 3 letters or fewer only lose a final "s" ("vcs" -> "vc"); the French
   rules need 5 letters ("taux" stays). The rules repeat until the word stops changing, so a
   singular word is its own singular. Both sides of a match go through the same rules, so an odd
   stem ("nantes" -> "nante") still meets itself; :attr:`Concepts.words` keeps the written word
   for display.
5. Find concepts: the synonym phrases of :data:`SYNONYMS` (normalised by these same steps) are
   looked for in the word sequence, longest phrase first at each position, so "directeur
   marketing" is ``cmo`` and not ``marketing``, and "conseil d'administration" is ``board``.

Words that belong to no concept phrase stay as tokens: cities and places ("lyon") meet that way.

Known limits: no stemming beyond plurals ("recruiting" and "recruit" only meet because both are
listed); "ai" is the concept ``ai`` except right after the French elided "j'" ("j'ai": I have);
one word can only belong to one concept.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pydantic import ConfigDict

from rapport.domain.model import Model

STOP_WORDS: frozenset[str] = frozenset(
    # English
    "a an the of in on at to for with and or from by as into about near around is are be "
    "i me my we our us you your he his she her they them their it its this that these those "
    "some any someone somebody something new good "
    "looking look seeking seek need needs want wants wanted find finding "
    # French (folded: "à" is "a", "être" is "etre")
    "de du des d la le les l au aux en dans pour avec et ou un une sur par chez vers "
    "mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs "
    "je j tu il elle on nous vous ils elles me m te t se s qu c n y ce cet cette ces "
    "quelqu quelque nouveau nouvelle nouveaux nouvelles bon bonne "
    "cherche chercher recherche rechercher besoin trouver".split()
)
"""Dropped from labels before matching (folded forms, English and French together)."""

_SYNONYM_TEXT: dict[str, str] = {
    "fundraising": (
        "fundraising, fund raising, raising, fundraiser, fund raiser, raise funds, raising funds, funding, seed round, "
        "seed funding, pre seed, series a, investment, investor, angel, business angel, vc, venture capital, levée de "
        "fonds, lever des fonds, levée, financement, tour de table, amorçage, investisseur, fonds d'investissement"
    ),
    "hiring": (
        "hiring, hire, recruiting, recruitment, recruiter, talent, job, job offer, position, opening, recrutement, "
        "recruter, recruteur, emploi, poste, offre d'emploi, travail, boulot, embauche, stage, internship, intern, "
        "stagiaire"
    ),
    "cto": (
        "cto, chief technology officer, technical cofounder, technical co founder, tech cofounder, tech co founder, "
        "directeur technique, directrice technique, associé technique, cofondateur technique, co fondateur technique, "
        "head of engineering"
    ),
    "cfo": (
        "cfo, chief financial officer, finance director, directeur financier, directrice financière, daf, responsable "
        "financier"
    ),
    "cmo": (
        "cmo, chief marketing officer, marketing director, head of marketing, directeur marketing, directrice "
        "marketing, responsable marketing"
    ),
    "cofounder": "cofounder, co founder, cofondateur, cofondatrice, co fondateur, co fondatrice, associé",
    "designer": (
        "designer, design, ux, ui, ux designer, ui designer, graphic designer, graphiste, webdesigner, web designer"
    ),
    "developer": (
        "developer, dev, software engineer, engineer, programmer, coder, développeur, développeuse, ingénieur, "
        "ingénieure, programmeur, freelance developer"
    ),
    "marketing": "marketing, growth, growth hacking, brand, branding, marque, seo, communication",
    "sales": (
        "sales, salesperson, business development, bizdev, biz dev, commercial, commerciale, ventes, vente, "
        "développement commercial"
    ),
    "legal": "legal, lawyer, attorney, legal advice, avocat, avocate, juridique, juriste, conseil juridique, droit",
    "accounting": "accounting, accountant, bookkeeping, bookkeeper, comptable, comptabilité, expert comptable",
    "mentor": "mentor, mentoring, mentorship, mentorat, coach, coaching, parrain, marraine",
    "housing": (
        "flat, apartment, appartement, appart, logement, housing, house, maison, flatshare, flat share, roommate, "
        "colocation, coloc, room to rent, chambre"
    ),
    "office": "office, office space, bureau, coworking, co working, desk, locaux, workspace",
    "introduction": (
        "introduction, intro, introduce, warm intro, mise en relation, mise en contact, contact, network, réseau"
    ),
    "partnership": "partnership, partner, partenariat, partenaire, alliance",
    "customers": (
        "customer, client, clientèle, prospect, first customers, premiers clients, buyer, acheteur, pilot customer"
    ),
    "press": "press, journalist, media, pr, public relations, presse, journaliste, médias, relations presse, article",
    "speaking": (
        "speaking, speaker, talk, keynote, conference, panel, conférence, conférencier, conférencière, intervenant, "
        "intervenante, prise de parole"
    ),
    "board": (
        "board, board member, board seat, board of directors, conseil d'administration, administrateur, administratrice"
    ),
    "advisor": "advisor, adviser, advisory board, advice, conseiller, conseillère, consultant",
    "grant": "grant, subsidy, subvention, bourse, public funding, financement public, bpi",
    "visa": (
        "visa, work permit, immigration, titre de séjour, permis de travail, carte de séjour, talent passport, "
        "passeport talent"
    ),
    "real_estate": "real estate, realtor, estate agent, property, immobilier, agent immobilier, notaire",
    "ai": (
        "ai, artificial intelligence, ia, intelligence artificielle, machine learning, ml, deep learning, llm, data "
        "science, data scientist, apprentissage automatique"
    ),
    "product": "product manager, product owner, pm, po, chef de produit, head of product",
    "translation": "translation, translator, traduction, traducteur, traductrice, interpreter",
    "event": "event, venue, événement, evenement, salle, meetup, salon",
    "bank": "bank, banker, loan, banque, banquier, banquière, prêt bancaire, credit",
}

SYNONYMS: dict[str, tuple[str, ...]] = {
    concept: tuple(phrase.strip() for phrase in text.split(",")) for concept, text in _SYNONYM_TEXT.items()
}
"""Concept key -> the phrases, English and French, that carry it (written naturally; normalised at import)."""

_WORD = re.compile(r"[^\W_]+")
_MARKS = {"Mn", "Mc", "Me"}


class Concepts(Model):
    """What a label says, once normalised.

    ``concepts``: the canonical concept keys found (keys of :data:`SYNONYMS`).
    ``tokens``: every folded, singular, non-stop word of the label, concept phrases included.
    ``free_tokens``: the tokens outside any concept phrase ("lyon" in "flat in Lyon"); matching uses
    these next to the concepts, so a word that already made a concept does not count twice.
    ``words``: token -> the word as the label wrote it (lowercased, accents kept), for display.
    """

    model_config = ConfigDict(frozen=True)

    concepts: frozenset[str] = frozenset()
    tokens: frozenset[str] = frozenset()
    free_tokens: frozenset[str] = frozenset()
    words: dict[str, str] = {}

    def display(self, token: str) -> str:
        """The written word behind a token ("nantes" for the token "nante"), or the token itself."""
        return self.words.get(token, token)


def fold(text: str) -> str:
    """Case and accents folded: NFKD, combining marks dropped, casefolded, repeated until stable."""
    for _ in range(5):
        decomposed = unicodedata.normalize("NFKD", text)
        folded = "".join(ch for ch in decomposed if unicodedata.category(ch) not in _MARKS).casefold()
        if folded == text:
            break
        text = folded
    return text


def _singular_step(word: str) -> str:
    n = len(word)
    if n >= 5:
        if word.endswith("ies"):
            return word[:-3] + "y"
        if word.endswith(("sses", "xes", "zes", "ches", "shes")):
            return word[:-2]
        if word.endswith("eaux"):
            return word[:-1]
        if word.endswith("aux"):
            return word[:-3] + "al"
        if word.endswith(("eux", "oux")):
            return word[:-1]
    if n >= 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def singular(word: str) -> str:
    """The singular of a folded word by suffix rules (see the module's documentation); idempotent."""
    while True:
        shorter = _singular_step(word)
        if shorter == word:
            return word
        word = shorter


def _words(label: str) -> list[tuple[str, str]]:
    """(token, written word) pairs, in order, stop words dropped."""
    pairs: list[tuple[str, str]] = []
    previous = ""
    for written in _WORD.findall(label):
        for piece in _WORD.findall(fold(written)):
            after_j, previous = previous == "j", piece
            if piece in STOP_WORDS or (after_j and piece == "ai"):  # the French "j'ai" (I have) is not AI
                continue
            token = singular(piece)
            if token and token not in STOP_WORDS:
                pairs.append((token, written.lower()))
    return pairs


def _phrase_index() -> dict[tuple[str, ...], str]:
    index: dict[tuple[str, ...], str] = {}
    for concept, phrases in SYNONYMS.items():
        for phrase in (concept.replace("_", " "), *phrases):
            key = tuple(token for token, _ in _words(phrase))
            if not key:
                raise ValueError(f"synonym {phrase!r} of {concept!r} is only stop words")
            if index.setdefault(key, concept) != concept:
                raise ValueError(f"synonym {phrase!r} of {concept!r} already means {index[key]!r}")
    return index


_PHRASES = _phrase_index()
_LONGEST = max(len(key) for key in _PHRASES)


@lru_cache(maxsize=4096)
def normalise(label: str) -> Concepts:
    """The concepts and tokens of a needs or offers label. Pure, never raises on any string."""
    pairs = _words(label)
    tokens = [token for token, _ in pairs]
    concepts: set[str] = set()
    free: set[str] = set()
    i = 0
    while i < len(tokens):
        for size in range(min(_LONGEST, len(tokens) - i), 0, -1):
            concept = _PHRASES.get(tuple(tokens[i : i + size]))
            if concept is not None:
                concepts.add(concept)
                i += size
                break
        else:
            free.add(tokens[i])
            i += 1
    words: dict[str, str] = {}
    for token, written in pairs:
        words.setdefault(token, written)
    return Concepts(concepts=frozenset(concepts), tokens=frozenset(tokens), free_tokens=frozenset(free), words=words)
