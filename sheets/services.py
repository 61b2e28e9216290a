"""Writing the sheet: a prose revision, and publication of a frozen version.

Both check the policy (officers only), run in one transaction and leave an
audit trail: prose revisions are audited rows of their own, publication
writes a 状態変更 entry (draft → published) through record_transition.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.policy import Action, require
from audit.transitions import record_transition
from sheets.choices import ProsePart, SheetFormat, SheetLanguage
from sheets.document import Sheet, build_sheet
from sheets.figures import fy_text
from sheets.models import PublishedSheet, SheetProse, SheetRendition
from sheets.render import render
from sheets.render.html import render_body

__all__ = [
    "SheetError",
    "latest_published",
    "provisional_warning",
    "publish_sheet",
    "save_prose",
]


class SheetError(ValueError):
    """A request the sheet cannot take; the message is for the user."""


def _actor(user: Any) -> Any:
    return user if getattr(user, "pk", None) else None


def save_prose(
    fiscal_year: int, part: str, text_ja: str, user: Any, text_en: str = ""
) -> SheetProse:
    """Add the next revision of ``part`` for the FY (nothing when unchanged)."""
    require(user, Action.ADD, SheetProse)
    if part not in ProsePart.values:
        raise SheetError(_("項目「{part}」はありません。").format(part=part))
    text_ja, text_en = text_ja.strip(), text_en.strip()
    if not text_ja:
        raise SheetError(_("本文を入力してください。"))
    with transaction.atomic():
        rows = SheetProse.objects.select_for_update().filter(
            fiscal_year=fiscal_year, part=part
        )
        current = rows.order_by("-revision").first()
        if current and (current.text_ja, current.text_en) == (text_ja, text_en):
            return current
        revision = (current.revision if current else 0) + 1
        return SheetProse.objects.create(
            fiscal_year=fiscal_year,
            part=part,
            revision=revision,
            text_ja=text_ja,
            text_en=text_en,
            author=_actor(user),
        )


def publish_sheet(
    fiscal_year: int, user: Any, *, confirm_provisional: bool = False
) -> PublishedSheet:
    """Freeze the FY's sheet as it is now: figures, prose and every file.

    The files are rendered here, once, so what the public downloads never
    changes afterwards, whatever happens to the data. A sheet that sums a
    year whose reports are incomplete (暫定) is published only when the
    officer confirms it (``confirm_provisional``); its files print the
    completeness either way.
    """
    require(user, Action.PUBLISH, PublishedSheet)
    sheets = {lang: build_sheet(fiscal_year, lang) for lang in SheetLanguage.values}
    main = sheets[SheetLanguage.JA]
    if main.is_provisional and not confirm_provisional:
        raise SheetError(provisional_warning(main))
    files = _files(sheets)
    with transaction.atomic():
        last = PublishedSheet.objects.filter(fiscal_year=fiscal_year).aggregate(
            last=Max("number")
        )["last"]
        published = PublishedSheet.objects.create(
            fiscal_year=fiscal_year,
            number=(last or 0) + 1,
            published_at=timezone.now(),
            published_by=_actor(user),
            data_version=main.version.label,
            figures=main.as_dict(),
            prose=main.prose_json(),
        )
        SheetRendition.objects.bulk_create(
            SheetRendition(sheet=published, format=fmt, language=lang, content=data)
            for (fmt, lang), data in files.items()
        )
        record_transition(
            published,
            "draft",
            "published",
            reason=_("データ版 {version}").format(version=main.version.label),
            actor=user,
            field="state",
        )
    return published


def provisional_warning(sheet: Sheet) -> str:
    """What publishing a provisional sheet must be confirmed against."""
    years = "、".join(
        f"{fy_text(state.fiscal_year)}：{state.label}"
        for state in sheet.data.provisional
    )
    return _(
        "報告がそろっていない年度の数値を含みます（{years}）。"
        "暫定値のまま公表する場合は、確認のうえ公表してください。"
    ).format(years=years)


def _files(sheets: dict[str, Sheet]) -> dict[tuple[str, str], bytes]:
    files: dict[tuple[str, str], bytes] = {}
    for lang, sheet in sheets.items():
        with translation.override(lang):
            files[(SheetFormat.HTML.value, lang)] = render_body(sheet).encode()
            for fmt in (SheetFormat.PDF, SheetFormat.XLSX, SheetFormat.MARKDOWN):
                files[(fmt.value, lang)] = render(sheet, fmt)
    return files


def latest_published(fiscal_year: int) -> PublishedSheet | None:
    return (
        PublishedSheet.objects.filter(fiscal_year=fiscal_year)
        .order_by("-number")
        .first()
    )
