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
ONE_HOUR = frozenset({"hour", "שעה", "ساعة", "ساعه"})
# Half an hour after the hours: "1 heure et demie", "1時間半", "שעה וחצי", "ساعة ونصف".
HALF = frozenset({"demie", "media", "mezza", "meia", "half", "半", "반", "חצי", "וחצי", "نصف",
                  "ونصف"})
# Words that join hours and minutes: "1 hour and 30 minutes", "1 Stunde und 30 Minuten".
JOINERS = frozenset(("and", "und", "et", "y", "e", "en", "i", "och", "og", "ja", "ve", "a",
                     "و", "ו"))
# Marks written after an abbreviation: "45 Min.", "45 דק׳", "2 ש'".
ABBREVIATION_MARKS = frozenset({".", "׳", "'", "’", "·", "-", "–", "־"})
_KNOWN = HOUR_WORDS | MINUTE_WORDS | HALF | TWO_HOURS | ONE_HOUR | JOINERS
_LONGEST_WORD = max(map(len, _KNOWN))

_NUMBER = r"\d{1,5}(?:[.,٫]\d{1,2})?"  # at most 99999, with at most two decimals
_TOKEN = re.compile(r"\d+(?:[.,٫]\d+)?|[^\W\d_]+|[^\s\w]", re.UNICODE)
MAX_MINUTES = 24 * 60
EXAMPLES = "`45 minutes`, `90 min`, `1.5 hours` or `1 h 30`"


class DurationError(ValueError):
    """A duration that cannot be read: what is wrong, and how to write it instead."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(f"{message} — {hint}")
        self.message, self.hint = message, hint


def parse_duration(text: str) -> int:
    """Return `text` as whole minutes, or raise DurationError.

    Understood: a number and a unit ("45 minutes", "1,5 Stunden", "90分"), hours then minutes
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
        raise DurationError(f"cannot read {shown!r} as a length of time", f"write it as {EXAMPLES}")
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
