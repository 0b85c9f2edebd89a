"""Fixed wording of every output, by language; a kit overrides any label by its key.

Keys are part of the kit contract (see README, "Labels").  English is the fallback for a
language we do not know, and for a key a language does not translate.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

CATALOGUE: dict[str, dict[str, str]] = {
    "en": {
        "at_a_glance": "At a glance",
        "agenda": "Agenda",
        "introduction": "Introduction",
        "subjects": "What we compare",
        "summary": "Summary",
        "takeaways": "Key takeaways",
        "takeaway": "Takeaway",
        "review": "Review questions",
        "answers": "Answers",
        "notes": "Notes",
        "sources": "Sources",
        "audience": "Audience",
        "duration": "Duration",
        "dimension": "Dimension",
        "version": "Version",
        "questions_and_discussion": "Questions and discussion",
        "thank_you": "Thank you",
        "continued": "continued",
        "page_of": "Page {page} of {pages}",
    },
    "de": {
        "at_a_glance": "Auf einen Blick",
        "agenda": "Agenda",
        "introduction": "Einführung",
        "subjects": "Was wir vergleichen",
        "summary": "Zusammenfassung",
        "takeaways": "Das Wichtigste",
        "takeaway": "Merke",
        "review": "Wiederholungsfragen",
        "answers": "Antworten",
        "notes": "Notizen",
        "sources": "Quellen",
        "audience": "Zielgruppe",
        "duration": "Dauer",
        "dimension": "Aspekt",
        "version": "Version",
        "questions_and_discussion": "Fragen und Diskussion",
        "thank_you": "Vielen Dank",
        "continued": "Fortsetzung",
        "page_of": "Seite {page} von {pages}",
    },
    "fr": {
        "at_a_glance": "En un coup d’œil",
        "agenda": "Programme",
        "introduction": "Introduction",
        "subjects": "Ce que nous comparons",
        "summary": "Synthèse",
        "takeaways": "Points clés",
        "takeaway": "À retenir",
        "review": "Questions de révision",
        "answers": "Réponses",
        "notes": "Notes",
        "sources": "Sources",
        "audience": "Public",
        "duration": "Durée",
        "dimension": "Critère",
        "version": "Version",
        "questions_and_discussion": "Questions et discussion",
        "thank_you": "Merci",
        "continued": "suite",
        "page_of": "Page {page} sur {pages}",
    },
    "es": {
        "at_a_glance": "De un vistazo",
        "agenda": "Agenda",
        "introduction": "Introducción",
        "subjects": "Qué comparamos",
        "summary": "Resumen",
        "takeaways": "Ideas clave",
        "takeaway": "Para recordar",
        "review": "Preguntas de repaso",
        "answers": "Respuestas",
        "notes": "Notas",
        "sources": "Fuentes",
        "audience": "Público",
        "duration": "Duración",
        "dimension": "Aspecto",
        "version": "Versión",
        "questions_and_discussion": "Preguntas y debate",
        "thank_you": "Gracias",
        "continued": "continuación",
        "page_of": "Página {page} de {pages}",
    },
}
LABEL_KEYS: tuple[str, ...] = tuple(CATALOGUE["en"])
# Labels whose text holds placeholders, and the placeholders each must keep.
PLACEHOLDERS: dict[str, set[str]] = {"page_of": {"page", "pages"}}


def placeholder_problem(key: str, text: str) -> str:
    """Return what is wrong with the {placeholders} of label `key`'s `text`, or ''."""
    found = set(re.findall(r"\{([^{}]*)\}", text))
    wanted = PLACEHOLDERS.get(key, set())
    if found - wanted:
        allowed = ", ".join(f"{{{name}}}" for name in sorted(wanted)) or "none"
        unknown = ", ".join(f"{{{name}}}" for name in sorted(found - wanted))
        return f"unknown placeholder {unknown} (this label takes: {allowed})"
    if wanted - found:
        return f"missing {', '.join(f'{{{name}}}' for name in sorted(wanted - found))}"
    return ""


def labels_for(language: str, overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """Return every label for `language` (e.g. `de-CH` uses `de`), with the kit's overrides."""
    primary = language.split("-")[0].lower()
    labels = dict(CATALOGUE["en"])
    labels.update(CATALOGUE.get(primary, {}))
    labels.update(overrides or {})
    return labels


# Scripts written right to left, by the language subtag of a BCP 47 tag.
RTL_LANGUAGES = {"ar", "he", "fa", "ur", "yi", "ps", "dv", "ckb", "sd", "ug"}
# The region Office assumes for a bare language subtag, so `lang` names a real locale.
DEFAULT_REGIONS = {
    "en": "US", "de": "DE", "fr": "FR", "es": "ES", "it": "IT", "pt": "BR", "nl": "NL",
    "ja": "JP", "zh": "CN", "ko": "KR", "ar": "SA", "he": "IL", "fa": "IR", "ur": "PK",
    "ru": "RU", "pl": "PL", "sv": "SE", "da": "DK", "fi": "FI", "nb": "NO", "tr": "TR",
    "cs": "CZ", "hu": "HU", "el": "GR", "hi": "IN", "th": "TH", "vi": "VN", "id": "ID",
    "uk": "UA", "ro": "RO",
}


def is_rtl(language: str) -> bool:
    """Return whether `language` (a BCP 47 tag) is written right to left."""
    return language.split("-")[0].lower() in RTL_LANGUAGES


def office_language(language: str) -> str:
    """Return `language` as Office tags text (`lang="de-DE"`): its region, else the usual one."""
    parts = language.split("-")
    primary = parts[0].lower()
    region = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    region = region or DEFAULT_REGIONS.get(primary)
    return f"{primary}-{region}" if region else primary
