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
    "it": {
        "at_a_glance": "In sintesi",
        "agenda": "Programma",
        "introduction": "Introduzione",
        "subjects": "Cosa confrontiamo",
        "summary": "Riepilogo",
        "takeaways": "Punti chiave",
        "takeaway": "Da ricordare",
        "review": "Domande di ripasso",
        "answers": "Risposte",
        "notes": "Note",
        "sources": "Fonti",
        "audience": "Destinatari",
        "duration": "Durata",
        "dimension": "Aspetto",
        "version": "Versione",
        "questions_and_discussion": "Domande e discussione",
        "thank_you": "Grazie",
        "continued": "continua",
        "page_of": "Pagina {page} di {pages}",
    },
    "pt": {
        "at_a_glance": "Visão geral",
        "agenda": "Programa",
        "introduction": "Introdução",
        "subjects": "O que comparamos",
        "summary": "Resumo",
        "takeaways": "Pontos-chave",
        "takeaway": "Para lembrar",
        "review": "Perguntas de revisão",
        "answers": "Respostas",
        "notes": "Notas",
        "sources": "Fontes",
        "audience": "Público-alvo",
        "duration": "Duração",
        "dimension": "Aspecto",
        "version": "Versão",
        "questions_and_discussion": "Perguntas e discussão",
        "thank_you": "Obrigado",
        "continued": "continuação",
        "page_of": "Página {page} de {pages}",
    },
    "nl": {
        "at_a_glance": "In één oogopslag",
        "agenda": "Agenda",
        "introduction": "Inleiding",
        "subjects": "Wat we vergelijken",
        "summary": "Samenvatting",
        "takeaways": "Belangrijkste punten",
        "takeaway": "Onthoud",
        "review": "Herhalingsvragen",
        "answers": "Antwoorden",
        "notes": "Notities",
        "sources": "Bronnen",
        "audience": "Doelgroep",
        "duration": "Duur",
        "dimension": "Aspect",
        "version": "Versie",
        "questions_and_discussion": "Vragen en discussie",
        "thank_you": "Bedankt",
        "continued": "vervolg",
        "page_of": "Pagina {page} van {pages}",
    },
    "pl": {
        "at_a_glance": "W skrócie",
        "agenda": "Program",
        "introduction": "Wprowadzenie",
        "subjects": "Co porównujemy",
        "summary": "Podsumowanie",
        "takeaways": "Najważniejsze wnioski",
        "takeaway": "Do zapamiętania",
        "review": "Pytania powtórkowe",
        "answers": "Odpowiedzi",
        "notes": "Notatki",
        "sources": "Źródła",
        "audience": "Odbiorcy",
        "duration": "Czas trwania",
        "dimension": "Aspekt",
        "version": "Wersja",
        "questions_and_discussion": "Pytania i dyskusja",
        "thank_you": "Dziękujemy",
        "continued": "ciąg dalszy",
        "page_of": "Strona {page} z {pages}",
    },
    "sv": {
        "at_a_glance": "I korthet",
        "agenda": "Program",
        "introduction": "Introduktion",
        "subjects": "Det här jämför vi",
        "summary": "Sammanfattning",
        "takeaways": "Viktigaste lärdomarna",
        "takeaway": "Att komma ihåg",
        "review": "Repetitionsfrågor",
        "answers": "Svar",
        "notes": "Anteckningar",
        "sources": "Källor",
        "audience": "Målgrupp",
        "duration": "Längd",
        "dimension": "Aspekt",
        "version": "Version",
        "questions_and_discussion": "Frågor och diskussion",
        "thank_you": "Tack",
        "continued": "forts.",
        "page_of": "Sida {page} av {pages}",
    },
    "da": {
        "at_a_glance": "Overblik",
        "agenda": "Program",
        "introduction": "Introduktion",
        "subjects": "Det sammenligner vi",
        "summary": "Opsummering",
        "takeaways": "Vigtigste pointer",
        "takeaway": "Husk",
        "review": "Repetitionsspørgsmål",
        "answers": "Svar",
        "notes": "Noter",
        "sources": "Kilder",
        "audience": "Målgruppe",
        "duration": "Varighed",
        "dimension": "Aspekt",
        "version": "Version",
        "questions_and_discussion": "Spørgsmål og diskussion",
        "thank_you": "Tak",
        "continued": "fortsat",
        "page_of": "Side {page} af {pages}",
    },
    "nb": {
        "at_a_glance": "Oversikt",
        "agenda": "Program",
        "introduction": "Innledning",
        "subjects": "Dette sammenligner vi",
        "summary": "Oppsummering",
        "takeaways": "Viktigste punkter",
        "takeaway": "Husk",
        "review": "Repetisjonsspørsmål",
        "answers": "Svar",
        "notes": "Notater",
        "sources": "Kilder",
        "audience": "Målgruppe",
        "duration": "Varighet",
        "dimension": "Aspekt",
        "version": "Versjon",
        "questions_and_discussion": "Spørsmål og diskusjon",
        "thank_you": "Takk",
        "continued": "fortsatt",
        "page_of": "Side {page} av {pages}",
    },
    "fi": {
        "at_a_glance": "Yhdellä silmäyksellä",
        "agenda": "Ohjelma",
        "introduction": "Johdanto",
        "subjects": "Mitä vertailemme",
        "summary": "Yhteenveto",
        "takeaways": "Tärkeimmät opit",
        "takeaway": "Muista",
        "review": "Kertauskysymykset",
        "answers": "Vastaukset",
        "notes": "Muistiinpanot",
        "sources": "Lähteet",
        "audience": "Kohderyhmä",
        "duration": "Kesto",
        "dimension": "Näkökulma",
        "version": "Versio",
        "questions_and_discussion": "Kysymykset ja keskustelu",
        "thank_you": "Kiitos",
        "continued": "jatkuu",
        "page_of": "Sivu {page}/{pages}",
    },
    "cs": {
        "at_a_glance": "Přehled",
        "agenda": "Program",
        "introduction": "Úvod",
        "subjects": "Co porovnáváme",
        "summary": "Shrnutí",
        "takeaways": "Hlavní poznatky",
        "takeaway": "Zapamatujte si",
        "review": "Opakovací otázky",
        "answers": "Odpovědi",
        "notes": "Poznámky",
        "sources": "Zdroje",
        "audience": "Cílová skupina",
        "duration": "Délka",
        "dimension": "Hledisko",
        "version": "Verze",
        "questions_and_discussion": "Otázky a diskuse",
        "thank_you": "Děkujeme",
        "continued": "pokračování",
        "page_of": "Strana {page} z {pages}",
    },
    "tr": {
        "at_a_glance": "Bir bakışta",
        "agenda": "Gündem",
        "introduction": "Giriş",
        "subjects": "Neyi karşılaştırıyoruz",
        "summary": "Özet",
        "takeaways": "Temel çıkarımlar",
        "takeaway": "Akılda tutun",
        "review": "Tekrar soruları",
        "answers": "Cevaplar",
        "notes": "Notlar",
        "sources": "Kaynaklar",
        "audience": "Hedef kitle",
        "duration": "Süre",
        "dimension": "Boyut",
        "version": "Sürüm",
        "questions_and_discussion": "Sorular ve tartışma",
        "thank_you": "Teşekkürler",
        "continued": "devamı",
        "page_of": "Sayfa {page} / {pages}",
    },
    "ja": {
        "at_a_glance": "一覧比較",
        "agenda": "アジェンダ",
        "introduction": "はじめに",
        "subjects": "比較する対象",
        "summary": "まとめ",
        "takeaways": "重要ポイント",
        "takeaway": "ポイント",
        "review": "確認問題",
        "answers": "解答",
        "notes": "メモ",
        "sources": "出典",
        "audience": "対象者",
        "duration": "所要時間",
        "dimension": "観点",
        "version": "バージョン",
        "questions_and_discussion": "質疑応答",
        "thank_you": "ありがとうございました",
        "continued": "続き",
        "page_of": "{page} / {pages} ページ",
    },
    "zh": {
        "at_a_glance": "概览",
        "agenda": "议程",
        "introduction": "引言",
        "subjects": "比较对象",
        "summary": "总结",
        "takeaways": "要点",
        "takeaway": "重点",
        "review": "复习题",
        "answers": "答案",
        "notes": "备注",
        "sources": "参考来源",
        "audience": "适用对象",
        "duration": "时长",
        "dimension": "维度",
        "version": "版本",
        "questions_and_discussion": "问答与讨论",
        "thank_you": "谢谢",
        "continued": "续",
        "page_of": "第 {page} 页，共 {pages} 页",
    },
    "zh-Hant": {
        "at_a_glance": "概覽",
        "agenda": "議程",
        "introduction": "引言",
        "subjects": "比較對象",
        "summary": "總結",
        "takeaways": "要點",
        "takeaway": "重點",
        "review": "複習題",
        "answers": "答案",
        "notes": "備註",
        "sources": "參考來源",
        "audience": "適用對象",
        "duration": "時長",
        "dimension": "維度",
        "version": "版本",
        "questions_and_discussion": "問答與討論",
        "thank_you": "謝謝",
        "continued": "續",
        "page_of": "第 {page} 頁，共 {pages} 頁",
    },
    "ko": {
        "at_a_glance": "한눈에 보기",
        "agenda": "목차",
        "introduction": "소개",
        "subjects": "비교 대상",
        "summary": "요약",
        "takeaways": "핵심 정리",
        "takeaway": "핵심",
        "review": "복습 문제",
        "answers": "정답",
        "notes": "메모",
        "sources": "출처",
        "audience": "대상",
        "duration": "소요 시간",
        "dimension": "관점",
        "version": "버전",
        "questions_and_discussion": "질의응답 및 토론",
        "thank_you": "감사합니다",
        "continued": "계속",
        "page_of": "{page} / {pages} 페이지",
    },
    "ar": {
        "at_a_glance": "نظرة سريعة",
        "agenda": "جدول الأعمال",
        "introduction": "مقدمة",
        "subjects": "ما نقارن بينه",
        "summary": "ملخص",
        "takeaways": "أهم النقاط",
        "takeaway": "للتذكر",
        "review": "أسئلة المراجعة",
        "answers": "الإجابات",
        "notes": "ملاحظات",
        "sources": "المصادر",
        "audience": "الفئة المستهدفة",
        "duration": "المدة",
        "dimension": "المحور",
        "version": "الإصدار",
        "questions_and_discussion": "أسئلة ونقاش",
        "thank_you": "شكرًا لكم",
        "continued": "تابع",
        "page_of": "صفحة {page} من {pages}",
    },
    "he": {
        "at_a_glance": "במבט חטוף",
        "agenda": "סדר היום",
        "introduction": "מבוא",
        "subjects": "מה אנחנו משווים",
        "summary": "סיכום",
        "takeaways": "עיקרי הדברים",
        "takeaway": "לזכור",
        "review": "שאלות חזרה",
        "answers": "תשובות",
        "notes": "הערות",
        "sources": "מקורות",
        "audience": "קהל יעד",
        "duration": "משך",
        "dimension": "היבט",
        "version": "גרסה",
        "questions_and_discussion": "שאלות ודיון",
        "thank_you": "תודה",
        "continued": "המשך",
        "page_of": "עמוד {page} מתוך {pages}",
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


def catalogue_key(language: str) -> str | None:
    """Return the catalogue's key for `language` (`de-CH` → `de`, `zh-TW` → `zh-Hant`), or
    None when no labels are shipped for it."""
    keys = {key.lower(): key for key in CATALOGUE}
    return next((keys[tag] for tag in tag_candidates(language) if tag in keys), None)


def labels_for(language: str, overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """Return every label for `language` (e.g. `de-CH` uses `de`), with the kit's overrides."""
    labels = dict(CATALOGUE["en"])
    labels.update(CATALOGUE.get(catalogue_key(language) or "en", {}))
    labels.update(overrides or {})
    return labels


def untranslated_warning(source_name: str, language: str,
                         overrides: Mapping[str, str] | None = None) -> str | None:
    """Return the warning for a language coursepack ships no labels in, naming the labels
    that stay English (none when the kit translates them all)."""
    missing = untranslated_labels(language, overrides)
    if not missing:
        return None
    shipped = ", ".join(CATALOGUE)
    count = f"{len(missing)} labels stay" if len(missing) > 1 else "1 label stays"
    return (f"{source_name}: coursepack has no labels in {language!r}, so {count} "
            f"in English ({', '.join(missing)}) — translate them under labels: in the "
            f"kit's brand.yaml, or write the source in one of: {shipped}")


def untranslated_labels(language: str, overrides: Mapping[str, str] | None = None) -> list[str]:
    """Return the label keys that fall back to English for `language`: none for a language
    coursepack ships labels in, else every key the kit does not override."""
    if catalogue_key(language) is not None:
        return []
    return [key for key in LABEL_KEYS if key not in (overrides or {})]


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
