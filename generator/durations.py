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
    "ساعة", "ساعات", "سا",                              # ar
    "שעה", "שעות",                                      # he
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
    "דקה", "דקות", "ד",                                     # he
))
# Written as one word: two hours (Arabic, Hebrew).
TWO_HOURS = frozenset({"ساعتان", "ساعتين", "שעתיים"})
# Words that join hours and minutes: "1 hour and 30 minutes", "1 Stunde und 30 Minuten".
JOINERS = frozenset(["and", "und", "et", "y", "e", "en", "i", "och", "og", "ja", "ve", "a", "و", "ו"])

_NUMBER = r"\d+(?:[.,٫]\d+)?"
_TOKEN = re.compile(rf"{_NUMBER}|[^\W\d_]+\.?|[^\s\w]", re.UNICODE)
MAX_MINUTES = 24 * 60
EXAMPLES = "`45 minutes`, `90 min`, `1.5 hours` or `1 h 30`"


class DurationError(ValueError):
    """A duration that cannot be read; the message says what was expected."""


def parse_duration(text: str) -> int:
    """Return `text` as whole minutes, or raise DurationError.

    Understood: a number and a unit ("45 minutes", "1,5 Stunden", "90分"), hours then minutes
    ("1 h 30", "1 hour 30 minutes", "1h30", "2 Stunden und 15 Minuten"), and the one-word
    "two hours" of Arabic and Hebrew.  Digits of any script count (٤٥ دقيقة).
    """
    tokens = _TOKEN.findall(text.strip().lower().replace("\u00a0", " "))
    tokens = [t for t in tokens if t not in ("·", "-", "–", "־")]
    tokens = [t.rstrip(".") if not t[0].isdigit() else t for t in tokens]
    tokens = [t.removeprefix("ו") if t.startswith("ו") and t[1:] in MINUTE_WORDS else t
              for t in tokens]  # Hebrew "and" is a prefix: ו־30 דקות
    minutes = _read(tokens)
    if minutes is None and len(tokens) == 1 and _is_number(tokens[0]):
        raise DurationError(f"{text!r} has no unit — write `{text.strip()} minutes` or "
                            f"`{text.strip()} hours`")
    if minutes is None:
        raise DurationError(f"cannot read {text!r} as a length of time — write it as {EXAMPLES}")
    if not 1 <= minutes <= MAX_MINUTES:
        raise DurationError(f"{text!r} is {minutes} minutes — a session lasts from 1 minute to "
                            f"24 hours")
    return minutes


def _read(tokens: list[str]) -> int | None:
    """Return the minutes `tokens` spell, or None when they are not a duration."""
    if len(tokens) == 1 and tokens[0] in TWO_HOURS:
        return 120
    if len(tokens) == 2 and tokens[0] in TWO_HOURS and tokens[1] in JOINERS:
        return None
    if tokens and tokens[0] in TWO_HOURS:  # "שעתיים ו־30 דקות"
        rest = tokens[1:]
        if rest and rest[0] in JOINERS:
            rest = rest[1:]
        extra = _minutes_part(rest)
        return None if extra is None else 120 + extra
    if tokens and tokens[0] in HOUR_WORDS:  # "hour", "שעה", "ساعة": one hour
        tokens = ["1", *tokens]
    if len(tokens) < 2 or not _is_number(tokens[0]):
        return None
    value, unit = _number(tokens[0]), tokens[1]
    if unit in MINUTE_WORDS and len(tokens) == 2:
        return round(value) if value == int(value) else None
    if unit not in HOUR_WORDS:
        return None
    hours = round(value * 60)
    rest = tokens[2:]
    if rest and rest[0] in JOINERS:
        rest = rest[1:]
    if not rest:
        return hours
    if value != int(value):
        return None  # "1.5 hours 30" says the same thing twice
    extra = _minutes_part(rest)
    return None if extra is None or extra >= 60 else hours + extra


def _minutes_part(tokens: list[str]) -> int | None:
    """Return the minutes after the hours: "30" or "30 minutes"."""
    if not tokens or not _is_number(tokens[0]) or _number(tokens[0]) != int(_number(tokens[0])):
        return None
    if len(tokens) == 1 or (len(tokens) == 2 and tokens[1] in MINUTE_WORDS):
        return int(_number(tokens[0]))
    return None


def _is_number(token: str) -> bool:
    return bool(re.fullmatch(_NUMBER, token))


def _number(token: str) -> float:
    """Return a number written with a point, a comma or the Arabic decimal separator, in any
    script's digits."""
    whole, _, fraction = _split(token)
    return float(f"{int(whole)}.{''.join(str(int(d)) for d in fraction) or 0}")


def _split(token: str) -> tuple[str, str, str]:
    for mark in ".,٫":
        if mark in token:
            whole, fraction = token.split(mark, 1)
            return whole, mark, fraction
    return token, "", ""


def format_minutes(minutes: int) -> str:
    """Return a clock offset, `0:05` or `1:30`, for a number of minutes from the start."""
    return f"{minutes // 60}:{minutes % 60:02d}"
