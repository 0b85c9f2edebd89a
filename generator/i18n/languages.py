"""Language tags (BCP 47): the tags to look a language up by, its direction, and the form
Office writes it in."""

from __future__ import annotations

# Tags that name a language the catalogue holds under another key.
ALIASES = {"no": "nb", "zh-tw": "zh-Hant", "zh-hk": "zh-Hant", "zh-mo": "zh-Hant",
           "zh-hant": "zh-Hant", "zh-hans": "zh", "iw": "he"}


def tag_candidates(language: str) -> list[str]:
    """Return the tags to look `language` up by, most specific first, lower case, each
    followed by the tag it is an alias of: `zh-Hant-TW` gives zh-hant-tw, zh-hant, zh."""
    found: list[str] = []
    tag = language.lower()
    while tag:
        found.extend(t for t in (tag, ALIASES.get(tag, "").lower()) if t and t not in found)
        tag = tag.rpartition("-")[0]
    return found


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


# Deprecated language subtags and the ones that replaced them.
DEPRECATED = {"iw": "he", "in": "id", "ji": "yi"}


def primary_subtag(language: str) -> str:
    """Return the language subtag of a BCP 47 tag, lower case, deprecated ones replaced."""
    primary = language.split("-")[0].lower()
    return DEPRECATED.get(primary, primary)


def is_rtl(language: str) -> bool:
    """Return whether `language` (a BCP 47 tag) is written right to left."""
    return primary_subtag(language) in RTL_LANGUAGES


def office_language(language: str) -> str:
    """Return `language` as Office tags text (`lang="de-DE"`): its region, else the usual one."""
    parts = language.split("-")
    primary = primary_subtag(language)
    region = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    region = region or DEFAULT_REGIONS.get(primary)
    return f"{primary}-{region}" if region else primary
