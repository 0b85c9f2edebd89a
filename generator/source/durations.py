"""A session's length as trainers write it ("45 minutes", "1.5 hours", "90 min", "1 h 30"),
in the languages coursepack ships labels in, read as a number of minutes.

Depends on nothing else of ours, so the source model can check `duration` while validating.
"""

from __future__ import annotations

import re

# Unit words, lower case, by what they count; from every labels language (see labels.py),
# with their usual abbreviations (a trailing full stop is allowed after any of them).
HOUR_WORDS = frozenset((
    "h", "hr", "hrs", "hour", "hours",                 # en
    "std", "stunde", "stunden",                        # de
    "heure", "heures", "hora", "horas", "ora", "ore",  # fr, es, pt, it
    "u", "uur", "uren",                                # nl
    "godz", "godzina", "godziny", "godzin",            # pl
    "tim", "timme", "timmar", "t", "time", "timer",    # sv, da, nb
    "tunti", "tuntia", "tuntii",                       # fi
    "hod", "hodina", "hodiny", "hodin",                # cs
    "sa", "saat",                                      # tr
    "時間", "小时", "小時", "个小时", "個小時", "시간",  # ja, zh, zh-Hant, ko
    "ساعة", "ساعه", "ساعات", "سا",                     # ar
    "שעה", "שעות", "ש",                                  # he (ש׳)
))
MINUTE_WORDS = frozenset((
    "m", "min", "mins", "minute", "minutes", "minuten",    # en, fr, de, nl
    "minuto", "minutos", "minuti", "minuut",               # es, pt, it, nl
    "minuta", "minuty", "minut",                           # pl, cs, da
    "minuter", "minutt", "minutter",                       # sv, nb, da
    "minuutti", "minuuttia",                               # fi
    "dk", "dakika",                                        # tr
    "分", "分間", "分钟", "分鐘", "분",                      # ja, zh, zh-Hant, ko
    "د", "دقيقة", "دقائق", "دقيقه",                        # ar
    "דקה", "דקות", "דק", "ד",                               # he (דק׳)
))
# Written as one word: two hours (Arabic, Hebrew).
TWO_HOURS = frozenset({"ساعتان", "ساعتين", "שעתיים"})
# A word that is one hour on its own: "שעה", "ساعة" (an abbreviation alone is no duration).
ONE_HOUR = frozenset({"hour", "godzina", "hodina", "שעה", "ساعة", "ساعه"})
# Half an hour after the hours: "1 heure et demie", "1時間半", "שעה וחצי", "ساعة ونصف".
HALF = frozenset({"demie", "media", "mezza", "meia", "half", "半", "반", "חצי", "וחצי", "نصف",
                  "ونصف"})
# "A" or "one" before a unit, as people say it: "an hour", "une heure", "una hora", "eine
# Stunde", "un'ora", "uma hora", "een uur", "en timme", "yksi tunti", "bir saat", "한 시간".
ONE = frozenset({"a", "an", "one", "une", "un", "una", "uno", "eine", "ein", "einer", "uma",
                 "um", "een", "jedna", "jeden", "jedną", "en", "ett", "yksi", "bir", "一", "한",
                 "하나", "אחת", "אחד", "واحدة", "واحد"})
# Half of the unit after it: "half an hour", "une demi-heure", "media hora", "eine halbe
# Stunde", "mezz'ora", "meia hora", "een half uur", "pół godziny", "en halv time", "puoli
# tuntia", "půl hodiny", "yarım saat", "半小时", "חצי שעה", "نصف ساعة".
HALF_OF = frozenset({"half", "demi", "media", "halbe", "halb", "mezz", "mezza", "meia",
                     "pół", "halv", "puoli", "půl", "yarım", "半", "반", "חצי", "نصف"})
# A half hour written as one word (Swedish).
HALF_HOUR = frozenset({"halvtimme", "halvtimmer"})
# Words that join hours and minutes: "1 hour and 30 minutes", "1 Stunde und 30 Minuten".
JOINERS = frozenset(("and", "und", "et", "y", "e", "en", "i", "och", "og", "ja", "ve", "a",
                     "و", "ו"))
# Marks written after an abbreviation: "45 Min.", "45 דק׳", "2 ש'".
ABBREVIATION_MARKS = frozenset({".", "׳", "'", "’", "·", "-", "–", "־"})
_KNOWN = HOUR_WORDS | MINUTE_WORDS | HALF | TWO_HOURS | ONE_HOUR | JOINERS | ONE | HALF_OF \
    | HALF_HOUR
_LONGEST_WORD = max(map(len, _KNOWN))

_NUMBER = r"\d{1,5}(?:[.,٫]\d{1,2})?"  # at most 99999, with at most two decimals
_TOKEN = re.compile(r"\d+(?:[.,٫]\d+)?|[^\W\d_]+|[^\s\w]", re.UNICODE)
MAX_MINUTES = 24 * 60
EXAMPLES = "`45 minutes`, `90 min`, `1.5 hours` or `1 h 30`"
# The same, as a trainer writing in each labels language would (every one reads here).
EXAMPLES_IN = {
    "de": "`45 Minuten`, `eine Stunde`, `1,5 Stunden` or `1 Std. 30`",
    "fr": "`45 minutes`, `une heure`, `1 heure et demie` or `1 h 30`",
    "es": "`45 minutos`, `una hora`, `1 hora y media` or `1 h 30`",
    "it": "`45 minuti`, `un'ora`, `1,5 ore` or `1 h 30`",
    "pt": "`45 minutos`, `uma hora`, `1,5 horas` or `1 h 30`",
    "nl": "`45 minuten`, `een uur`, `1,5 uur` or `1 u 30`",
    "pl": "`45 minut`, `godzina`, `1,5 godziny` or `1 godz. 30`",
    "sv": "`45 minuter`, `en timme`, `1,5 timmar` or `1 tim 30`",
    "da": "`45 minutter`, `en time`, `1,5 timer` or `1 t 30`",
    "nb": "`45 minutter`, `en time`, `1,5 timer` or `1 t 30`",
    "fi": "`45 minuuttia`, `yksi tunti`, `1,5 tuntia` or `1 h 30`",
    "cs": "`45 minut`, `jedna hodina`, `1,5 hodiny` or `1 h 30`",
    "tr": "`45 dakika`, `bir saat`, `1,5 saat` or `1 sa 30`",
    "ja": "`45分`, `1時間`, `1時間半` or `1時間30分`",
    "zh": "`45分钟`, `1小时`, `半小时` or `1小时30分钟`",
    "ko": "`45분`, `1시간`, `1시간 반` or `1시간 30분`",
    "ar": "`45 دقيقة`, `ساعة`, `ساعة ونصف` or `ساعتان`",
    "he": "`45 דקות`, `שעה`, `שעה וחצי` or `שעתיים`",
}


def examples(language: str = "en") -> str:
    """Return durations written as a trainer in `language` would write them."""
    primary = language.split("-")[0].lower()
    return EXAMPLES_IN.get({"no": "nb", "iw": "he"}.get(primary, primary), EXAMPLES)


class DurationError(ValueError):
    """A duration that cannot be read: what is wrong, and how to write it instead."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(f"{message} — {hint}")
        self.message, self.hint = message, hint


def parse_duration(text: str, language: str = "en") -> int:
    """Return `text` as whole minutes, or raise DurationError (its hint written with
    examples in the source's `language`).

    Understood: a number and a unit ("45 minutes", "1,5 Stunden", "90分"), "a"/"one" and a
    unit ("an hour", "une heure", "eine Stunde"), a half ("half an hour", "une demi-heure",
    "半小时"), hours then minutes
    ("1 h 30", "1 hour 30 minutes", "1h30", "2 Stunden und 15 Minuten"), hours and a half
    ("1 heure et demie", "1時間半"), and the one-word "one hour" and "two hours" of Arabic
    and Hebrew.  Digits of any script count (٤٥ دقيقة).
    """
    tokens = [word for t in _TOKEN.findall(text.strip().lower().replace("\u00a0", " "))
              if t not in ABBREVIATION_MARKS for word in _words(t)]
    # Hebrew "and" is a prefix: ו־30 דקות, וחצי
    tokens = [t[1:] if t.startswith("ו") and t[1:] in MINUTE_WORDS else t for t in tokens]
    if len(tokens) == 1 and re.fullmatch(_NUMBER, tokens[0]):
        raise DurationError(f"{text!r} has no unit",
                            f"write `{text.strip()} minutes` or `{text.strip()} hours`")
    minutes = _read(tokens)
    shown = text if len(text) <= 40 else text[:39] + "…"
    if minutes is None:
        raise DurationError(f"cannot read {shown!r} as a length of time",
                            f"write it as {examples(language)}")
    if not 1 <= minutes <= MAX_MINUTES:
        raise DurationError(f"{shown!r} is {minutes} minutes",
                            "a session lasts from 1 minute to 24 hours")
    return minutes


def _words(token: str) -> list[str]:
    """Return `token` as the known words it is made of ("時間半" is 時間 and 半: Chinese,
    Japanese and Korean write them without spaces), or as itself.

    Each ending of the token is split once, from the last character back (the longest known
    word first), so the time grows with the token's length, never with its splits.
    """
    if token in _KNOWN or token[0].isdigit():
        return [token]
    # after[start]: where the first known word of token[start:] ends, when all of it
    # splits into known words; -1 when it does not
    after = [-1] * len(token) + [len(token)]
    for start in range(len(token) - 1, -1, -1):
        for end in range(min(len(token), start + _LONGEST_WORD), start, -1):
            if after[end] >= 0 and token[start:end] in _KNOWN:
                after[start] = end
                break
    if after[0] < 0:
        return [token]
    words, start = [], 0
    while start < len(token):
        words.append(token[start:after[start]])
        start = after[start]
    return words


def _read(tokens: list[str]) -> int | None:
    """Return the minutes `tokens` spell, or None when they are not a duration."""
    if len(tokens) >= 2 and tokens[0] in ONE and tokens[1] not in JOINERS:
        tokens = tokens[1:]  # "an hour": the article says one
        if tokens[0] in HOUR_WORDS:
            return _after_hours(60, tokens[1:], whole=True)
        if tokens[0] in MINUTE_WORDS:
            return 1 if len(tokens) == 1 else None
    if tokens and tokens[0] in HALF_HOUR and len(tokens) == 1:  # "en halvtimme"
        return 30
    if len(tokens) == 2 and tokens[0] in HALF_OF and tokens[1] in HOUR_WORDS:
        return 30  # "half hour", "media hora", "pół godziny", "半小时", "חצי שעה"
    if len(tokens) == 3 and tokens[0] in HALF_OF and tokens[1] in ONE and tokens[2] in (
            HOUR_WORDS):
        return 30  # "half an hour"
    if tokens and tokens[0] in TWO_HOURS:  # "שעתיים", "שעתיים ו־30 דקות"
        return _after_hours(120, tokens[1:], whole=True)
    if tokens and tokens[0] in ONE_HOUR:  # "שעה", "ساعة ونصف"
        return _after_hours(60, tokens[1:], whole=True)
    if len(tokens) < 2 or not re.fullmatch(_NUMBER, tokens[0]):
        return None
    whole, fraction = _number(tokens[0])
    unit, rest = tokens[1], tokens[2:]
    if unit in MINUTE_WORDS:
        return whole if not fraction and not rest else None  # "1,000 minutes" is not 1
    if unit not in HOUR_WORDS:
        return None
    return _after_hours(whole * 60 + round(fraction * 60), rest, whole=not fraction)


def _after_hours(minutes: int, rest: list[str], *, whole: bool) -> int | None:
    """Return `minutes` plus what follows the hours: nothing, "30", "30 minutes", or a half,
    each perhaps after "and"; None for anything else."""
    if not rest:
        return minutes
    if rest[0] in JOINERS:
        rest = rest[1:]
        if not rest:
            return None  # "1 hour and"
    if not whole:
        return None  # "1.5 hours 30" says the same thing twice
    if rest[0] in ONE and len(rest) == 2:
        rest = rest[1:]  # "an hour and a half"
    if rest[0] in HALF and len(rest) == 1:
        return minutes + 30
    if not re.fullmatch(r"\d{1,2}", rest[0]) or len(rest) > 2 or (
            len(rest) == 2 and rest[1] not in MINUTE_WORDS):
        return None
    extra = int(rest[0])
    return minutes + extra if extra < 60 else None


def _number(token: str) -> tuple[int, float]:
    """Return a number's whole part and fraction, written with a point, a comma or the
    Arabic decimal separator, in any script's digits."""
    for mark in ".,٫":
        if mark in token:
            whole, fraction = token.split(mark, 1)
            return int(whole), int(fraction) / 10 ** len(fraction)
    return int(token), 0.0


def format_minutes(minutes: int) -> str:
    """Return a clock offset, `0:05` or `1:30`, for a number of minutes from the start."""
    return f"{minutes // 60}:{minutes % 60:02d}"
