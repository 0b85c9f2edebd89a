"""What a build checks of each source with each kit before anything is written: characters no
font draws, labels left in English, a timing plan that does not add up, pictures without a
description.  Warnings, or errors where the options make them so (--strict, PDF/UA)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.errors import CoursepackError, Finding, shortened

if TYPE_CHECKING:
    from generator.build.options import BuildOptions
    from generator.kits.model import BrandKit
    from generator.source.model import Comparison


def source_problems(source: Path, comparison: Comparison, kit: BrandKit, options: BuildOptions,
                    *, pdfs: bool) -> tuple[list[Finding], list[CoursepackError]]:
    """Return the warnings and errors of one source built with one kit: characters no font
    can draw (an error with --strict), labels left in English, a timing plan that does not
    add up to the duration, list items merged by an indentation slip, pictures that are not
    there (an error with --strict) and pictures without a description (an error when `pdfs`
    are written as PDF/UA, which requires one)."""
    from generator.build.glyphs import missing_glyph_warning, unavailable_fonts
    from generator.i18n.labels import untranslated_warning
    from generator.render.job import output_language
    from generator.source.lint import missing_pictures, source_warnings

    data, text = comparison.model_dump(), _text_of(source)
    warnings: list[str] = []
    errors: list[CoursepackError] = []
    undrawable = missing_glyph_warning(source.name, data, _fonts_for(kit, comparison), text)
    if undrawable and options.strict:
        errors.append(CoursepackError(f"{undrawable} (--strict: nothing was built)"))
    elif undrawable:
        warnings.append(undrawable)
    missing_fonts = unavailable_fonts({"heading": kit.fonts.heading, "body": kit.fonts.body},
                                      kit.fonts.files)
    warnings.extend(f"kit {kit.slug}: {sentence} — add the font's files under fonts.files in "
                    "brand.yaml, or name a font the kit ships" for sentence in missing_fonts)
    untranslated = untranslated_warning(source.name, output_language(comparison, kit),
                                        kit.labels)
    warnings.extend([untranslated] if untranslated else [])
    warnings.extend(source_warnings(source.name, comparison, text))
    for message in missing_pictures(source.name, comparison, text, source.parent):
        if options.strict:
            errors.append(CoursepackError(f"{message} (--strict: nothing was built)"))
        else:
            warnings.append(message)
    universal = pdfs and options.render.pdf_variant_for(kit) is not None
    for message in pictures_without_alt(source.name, data, text):
        if universal:
            errors.append(CoursepackError(f"{message} (PDF/UA requires a description for "
                                          "every picture; nothing was built)"))
        else:
            warnings.append(message)
    return [Finding(warning) for warning in warnings], errors


def _fonts_for(kit: BrandKit, comparison: Comparison) -> list[Path]:
    """Return the kit's font files that set `comparison`: its own, and its language's."""
    from generator.render.job import output_language

    return [*kit.fonts.files, *kit.fonts.for_language(output_language(comparison, kit))]


def _text_of(source: Path) -> str:
    """Return a (validated, so readable and bounded) source file's text, for locating."""
    try:
        return source.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return ""




def pictures_without_alt(source_name: str, data: Any, source_text: str = "") -> list[str]:
    """Return a message for each picture in `data` (a source as plain data) that has no
    description for screen readers and for the deck, located where its file name first
    appears in `source_text` (the source file as written), if given."""
    from generator.source.markdown import picture_place, undescribed_pictures
    from generator.source.model import texts_in

    found = []
    for text in texts_in(data):
        for src in undescribed_pictures(text):
            where = picture_place(source_name, source_text, src, undescribed=True)
            message = (f"{where}: the picture {shortened(src)!r} has no description — write "
                       "what it shows between the brackets, e.g. ![The 2027 roadmap]"
                       "(roadmap.png); screen readers and the deck read it")
            if message not in found:
                found.append(message)
    return found
