"""The weekly review as an email: goals against the week, the streak, who cooled, who to thank."""

from __future__ import annotations

from email.message import EmailMessage
from typing import Any

from rapport.delivery.email import _message
from rapport.delivery.words import say
from rapport.domain.followup import local_date
from rapport.domain.locale import Locale
from rapport.domain.profile import Profile
from rapport.domain.review import GoalResult, Review
from rapport.domain.views import ContactView
from rapport.domain.wording import spoken_date

WORDS = {
    Locale.EN: {
        "subject": "Rapport: your week ({first} – {last})",
        "intro": "Here is your week, from {first} to {last}.",
        "goals": "Your week in numbers",
        "new_people": "New people met",
        "touches": "Touches",
        "help_given": "Help given",
        "introductions": "Introductions made",
        "target": "{label}: {actual} of {target} — {verdict}",
        "actual": "{label}: {actual}",
        "met": "met",
        "missed": "missed",
        "streak_one": "1 week on target",
        "streak_many": "{count} weeks on target in a row",
        "streak_none": "Missed this week: a new streak starts next week.",
        "no_goals": "Set your weekly goals in Rapport's Settings (Weekly goals and review) to start a streak.",
        "cooling": "Cooling relationships",
        "cooling_line": "{who}: health {now}/100 (a week ago: {before})",
        "no_cooling": "No relationship cooled this week.",
        "unplanned": "New people with no follow-up planned",
        "unplanned_hint": "A thank-you or a next step (a coffee, an introduction) keeps the new relationship going:",
        "unplanned_line": "{who}, first met on {day}",
        "nobody_new": "Nobody new met this week.",
        "all_planned": "Everyone you met this week has a follow-up.",
        "footer": "Rapport sends you this review once a week.",
    },
    Locale.FR: {
        "subject": "Rapport\u202f: votre semaine (du {first} au {last})",
        "intro": "Voici votre semaine, du {first} au {last}.",
        "goals": "Votre semaine en chiffres",
        "new_people": "Nouvelles rencontres",
        "touches": "Échanges",
        "help_given": "Coups de main donnés",
        "introductions": "Mises en relation",
        "target": "{label}\u202f: {actual} sur {target} — {verdict}",
        "actual": "{label}\u202f: {actual}",
        "met": "atteint",
        "missed": "manqué",
        "streak_one": "1 semaine dans les objectifs",
        "streak_many": "{count} semaines d'affilée dans les objectifs",
        "streak_none": "Objectifs manqués cette semaine\u202f: une nouvelle série commence la semaine prochaine.",
        "no_goals": (
            "Fixez vos objectifs dans les Réglages de Rapport (Objectifs et bilan de la semaine) pour lancer une série."
        ),
        "cooling": "Relations qui refroidissent",
        "cooling_line": "{who}\u202f: santé {now}/100 (il y a une semaine\u202f: {before})",
        "no_cooling": "Aucune relation n'a refroidi cette semaine.",
        "unplanned": "Nouvelles rencontres sans suite prévue",
        "unplanned_hint": (
            "Un mot de remerciement ou une prochaine étape (un café, une mise en relation)"
            " fait vivre la relation\u202f:"
        ),
        "unplanned_line": "{who}, première rencontre le {day}",
        "nobody_new": "Aucune nouvelle rencontre cette semaine.",
        "all_planned": "Chaque personne rencontrée cette semaine a une suite prévue.",
        "footer": "Rapport vous envoie ce bilan une fois par semaine.",
    },
}


def review_email(profile: Profile, review: Review, sender: str) -> EmailMessage:
    locale = profile.locale
    words = WORDS[locale]
    first, last = (spoken_date(day, locale) for day in (review.week.first, review.week.last))
    new_people = next((r.actual for r in review.results if r.goal == "new_people"), 0)
    values: dict[str, Any] = {
        "locale": locale.value,
        "words": words,
        "subject": words["subject"].format(first=first, last=last),
        "greeting": say(locale, "greeting", name=profile.name),
        "intro": words["intro"].format(first=first, last=last),
        "goal_lines": [_goal_line(words, r) for r in review.results],
        "streak": _streak(words, review),
        "cooling": [
            words["cooling_line"].format(who=_who(c.contact), now=c.health_now, before=c.health_before)
            for c in review.cooling
        ],
        "unplanned": [_met_line(words, c, profile.timezone, locale) for c in review.unplanned],
        "no_unplanned": words["all_planned"] if new_people else words["nobody_new"],
    }
    return _message(profile, sender, values["subject"], "review", values)


def _goal_line(words: dict[str, str], result: GoalResult) -> str:
    label = words[result.goal]
    if result.target is None:
        return words["actual"].format(label=label, actual=result.actual)
    verdict = words["met" if result.met else "missed"]
    return words["target"].format(label=label, actual=result.actual, target=result.target, verdict=verdict)


def _streak(words: dict[str, str], review: Review) -> str:
    if review.on_target is None:
        return words["no_goals"]
    if review.streak == 0:
        return words["streak_none"]
    return words["streak_one"] if review.streak == 1 else words["streak_many"].format(count=review.streak)


def _who(contact: ContactView) -> str:
    return f"{contact.name} ({contact.company})" if contact.company else contact.name


def _met_line(words: dict[str, str], contact: ContactView, timezone: str, locale: Locale) -> str:
    if contact.first_met_at is None:
        return _who(contact)
    day = spoken_date(local_date(contact.first_met_at, timezone), locale)
    return words["unplanned_line"].format(who=_who(contact), day=day)
