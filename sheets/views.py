"""Pages of the 事業評価書: the sheet, its files, prose, publication, comparison
and the source rows behind each figure.

Officers see the live draft (computed now); everyone else sees only the
published versions. The logic lives in sheets.document / services / compare
/ sources; these views parse, check access and render.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import policy_required
from accounts.policy import Action, is_officer
from evaluations.models import Evaluation, ItemResult
from programmes.models import BudgetFigure
from reports.choices import OutcomeKind
from sheets.choices import ProsePart, SheetFormat, SheetLanguage
from sheets.compare import compare_sheets
from sheets.document import (
    FIRST_FISCAL_YEAR,
    LAST_FISCAL_YEAR,
    build_sheet,
    current_prose,
)
from sheets.forms import CompareForm, ProseForm
from sheets.models import PublishedSheet, SheetProse, SheetRendition
from sheets.render import CONTENT_TYPES
from sheets.render import render as render_file
from sheets.render.html import render_body, render_document
from sheets.services import (
    SheetError,
    latest_published,
    provisional_warning,
    publish_sheet,
    save_prose,
)
from sheets.sources import SourceError, parse_outcome_query
from targets.models import BenchmarkInstitution

__all__ = [
    "sheet_compare",
    "sheet_detail",
    "sheet_download",
    "sheet_edit",
    "sheet_index",
    "sheet_publish",
    "source_benchmarks",
    "source_budgets",
    "source_evaluations",
    "source_outcomes",
]

FORMATS = {f.value for f in SheetFormat}


def _check_year(fy: int) -> None:
    if not FIRST_FISCAL_YEAR <= fy <= LAST_FISCAL_YEAR:
        raise Http404(_("見つかりません。"))


def _language(request: HttpRequest) -> str:
    """?lang=ja|en, else the language the site is shown in."""
    lang = request.GET.get("lang") or (get_language() or "ja")[:2]
    return lang if lang in SheetLanguage.values else SheetLanguage.JA


def _published(request: HttpRequest, fy: int) -> PublishedSheet | None:
    """The version asked for (?version=N), else the latest; None if none."""
    number = request.GET.get("version", "")
    versions = PublishedSheet.objects.filter(fiscal_year=fy)
    if number:
        if not number.isdigit():
            raise Http404(_("見つかりません。"))
        return versions.filter(number=int(number)).first()
    return latest_published(fy)


def sheet_index(request: HttpRequest) -> HttpResponse:
    """The published sheets by FY; officers also get a form to open any FY."""
    published = PublishedSheet.objects.order_by("-fiscal_year", "-number")
    drafts = sorted(
        set(SheetProse.objects.values_list("fiscal_year", flat=True)), reverse=True
    )
    context = {
        "published": published,
        "draft_years": drafts if is_officer(request.user) else [],
        "compare_form": CompareForm(),
    }
    return render(request, "sheets/sheet_index.html", context)


def sheet_detail(request: HttpRequest, fy: int) -> HttpResponse:
    """Officers: the live draft. Others: the published version (or a notice)."""
    _check_year(fy)
    language = _language(request)
    published = _published(request, fy)
    if request.GET.get("version") and published is None:
        raise Http404(_("見つかりません。"))
    body, provisional = "", ""
    is_draft = is_officer(request.user) and not request.GET.get("version")
    if is_draft:
        draft = build_sheet(fy, language)
        body = render_body(draft)
        provisional = provisional_warning(draft) if draft.is_provisional else ""
    elif published is not None:
        body = _stored(published, SheetFormat.HTML, language).decode()
    context = {
        "fiscal_year": fy,
        "language": language,
        "is_draft": is_draft,
        "provisional": provisional,
        "body": body,
        "published": published,
        "versions": PublishedSheet.objects.filter(fiscal_year=fy),
        "formats": [(f.value, f.label) for f in SheetFormat],
    }
    return render(request, "sheets/sheet_detail.html", context)


def sheet_download(request: HttpRequest, fy: int, fmt: str) -> HttpResponse:
    """The sheet as a file: the draft for officers, else a published version."""
    _check_year(fy)
    if fmt not in FORMATS:
        raise Http404(_("見つかりません。"))
    language = _language(request)
    published = _published(request, fy)
    if is_officer(request.user) and not request.GET.get("version"):
        content = render_file(build_sheet(fy, language), fmt)
        name = f"jigyo-hyokasho-{fy}-draft"
    elif published is not None:
        content = _stored(published, fmt, language)
        if fmt == SheetFormat.HTML:
            title = str(published)
            content = render_document(content.decode(), title, language).encode()
        name = f"jigyo-hyokasho-{fy}-v{published.number}"
    else:
        raise Http404(_("この年度の事業評価書はまだ公表されていません。"))
    suffix = "" if language == SheetLanguage.JA else f"-{language}"
    response = HttpResponse(content, content_type=CONTENT_TYPES[SheetFormat(fmt)])
    response["Content-Disposition"] = f'attachment; filename="{name}{suffix}.{fmt}"'
    return response


def _stored(published: PublishedSheet, fmt: str, language: str) -> bytes:
    rendition = SheetRendition.objects.filter(
        sheet=published, format=fmt, language=language
    ).first()
    if rendition is None:
        raise Http404(_("見つかりません。"))
    return bytes(rendition.content)


@policy_required(Action.ADD, SheetProse)
def sheet_edit(request: HttpRequest, fy: int) -> HttpResponse:
    """An officer writes the prose parts; each change adds a revision."""
    _check_year(fy)
    ja = current_prose(fy, "ja")
    en = {row.part: row.text_en for row in SheetProse.objects.current_for(fy).values()}
    initial = {part: (ja[part].text, en.get(part, "")) for part in ja}
    form = ProseForm(
        request.POST if request.method == "POST" else None, initial_texts=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            for part, (text_ja, text_en) in form.texts().items():
                save_prose(fy, part, text_ja, request.user, text_en)
        except SheetError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("記述を保存しました。"))
            return redirect("sheets:detail", fy=fy)
    revisions = SheetProse.objects.filter(fiscal_year=fy).order_by("part", "-revision")
    context = {
        "fiscal_year": fy,
        "form": form,
        "parts": [
            (part, form[f"{part.value}_ja"], form[f"{part.value}_en"])
            for part in ProsePart
        ],
        "revisions": revisions,
    }
    return render(request, "sheets/sheet_edit.html", context)


@require_POST
@policy_required(Action.PUBLISH, PublishedSheet)
def sheet_publish(request: HttpRequest, fy: int) -> HttpResponse:
    """Freeze the draft as the next published version (officers)."""
    _check_year(fy)
    confirmed = request.POST.get("confirm_provisional") == "1"
    try:
        published = publish_sheet(fy, request.user, confirm_provisional=confirmed)
    except SheetError as error:
        # Not confirmed although the sheet sums a provisional year: nothing saved.
        messages.error(request, str(error))
        return redirect("sheets:detail", fy)
    messages.success(
        request,
        _("{fy}年度の事業評価書を公表版 {n} として公表しました。").format(
            fy=fy, n=published.number
        ),
    )
    return redirect(f"{reverse('sheets:detail', args=[fy])}?version={published.number}")


def _payload(request: HttpRequest, fy: int) -> dict[str, Any] | None:
    """What the viewer may compare: the draft (officers) or the published JSON."""
    if is_officer(request.user):
        return build_sheet(fy).as_dict()
    published = latest_published(fy)
    if published is None:
        return None
    return {**published.figures, "prose": published.prose}


def sheet_compare(request: HttpRequest) -> HttpResponse:
    """Two FYs side by side: changed figures and prose diffs."""
    form = CompareForm(request.GET or None)
    comparison = None
    status = 200
    if form.is_valid():
        before = _payload(request, form.cleaned_data["before"])
        after = _payload(request, form.cleaned_data["after"])
        if before is None or after is None:
            form.add_error(None, _("公表された事業評価書がない年度は比較できません。"))
            status = 404
        else:
            comparison = compare_sheets(before, after)
    elif request.GET:
        status = 400
    context = {"form": form, "comparison": comparison, "parts": dict(ProsePart.choices)}
    return render(request, "sheets/sheet_compare.html", context, status=status)


# --- the rows behind the figures -----------------------------------------------------


def source_outcomes(request: HttpRequest) -> HttpResponse:
    """The yearly-outcome rows a figure sums, each linked to its report."""
    try:
        query = parse_outcome_query(dict(request.GET.lists()))
    except SourceError as error:
        context = {"error": str(error)}
        return render(request, "sheets/source_outcomes.html", context, status=400)
    rows = (
        query.rows()
        .select_related("region", "region__programme")
        .order_by("fiscal_year", "region__programme__start_fy", "region__code", "kind")
    )
    totals = query.totals()
    context = {
        "query": query,
        "rows": rows,
        "totals": [(OutcomeKind(k).label, v) for k, v in totals.items()],
        "populations": [p.token for p in query.populations],
    }
    return render(request, "sheets/source_outcomes.html", context)


def source_budgets(request: HttpRequest) -> HttpResponse:
    """Budget and request rows (with their published sources) of a FY."""
    rows = BudgetFigure.objects.select_related("programme").order_by(
        "fiscal_year", "kind", "programme__start_fy"
    )
    year = request.GET.get("fiscal_year", "")
    kind = request.GET.get("kind", "")
    if year:
        if not year.isdigit():
            context = {"error": _("年度は数字で指定してください。")}
            return render(request, "sheets/source_budgets.html", context, status=400)
        rows = rows.filter(fiscal_year=int(year))
    if kind:
        rows = rows.filter(kind=kind)
    context = {"rows": rows, "fiscal_year": year}
    return render(request, "sheets/source_budgets.html", context)


def source_benchmarks(request: HttpRequest) -> HttpResponse:
    rows = BenchmarkInstitution.objects.order_by("fiscal_year", "pk")
    return render(request, "sheets/source_benchmarks.html", {"rows": rows})


def source_evaluations(request: HttpRequest) -> HttpResponse:
    """Published evaluations of a FY and their results per region."""
    evaluations = Evaluation.objects.published().select_related("programme")
    year = request.GET.get("fiscal_year", "")
    if year:
        if not year.isdigit():
            context = {"error": _("年度は数字で指定してください。")}
            return render(
                request, "sheets/source_evaluations.html", context, status=400
            )
        evaluations = evaluations.filter(fiscal_year=int(year))
    results = (
        ItemResult.objects.filter(item__evaluation__in=evaluations)
        .select_related("item", "item__region", "item__evaluation")
        .order_by("item__evaluation", "rank")
    )
    context = {"evaluations": evaluations, "results": results}
    return render(request, "sheets/source_evaluations.html", context)
