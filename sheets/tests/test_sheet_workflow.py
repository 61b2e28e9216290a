"""Prose revisions, publication, traceability, comparison, the API and the command.

The demo data is loaded once for the module (sheets/tests/conftest.py);
publication renders every file (two PDFs), so only one test publishes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import Client

from accounts.models import User
from accounts.tokens import issue_token
from audit.models import AuditEntry
from reports.choices import ReportStatus, Sector
from reports.models import AnnualReport, ParticipantCount
from reports.outcomes import refresh_yearly_outcomes
from sheets.choices import ProsePart
from sheets.compare import compare_sheets
from sheets.document import build_sheet
from sheets.models import PublishedSheet, SheetProse, SheetRendition
from sheets.services import publish_sheet, save_prose
from tests.factories import make_user

pytestmark = pytest.mark.usefixtures("demo")


@pytest.fixture
def officer() -> User:
    return make_user(User.Role.OFFICER, password=None)


def officer_client(officer: User) -> Client:
    client = Client()
    client.force_login(officer)
    return client


def add_kc_researchers(count: int) -> None:
    """Change one accepted FY2003 KC report the way a re-acceptance would."""
    report = AnnualReport.objects.filter(
        fiscal_year=2003, status=ReportStatus.ACCEPTED, region__programme__code="KC"
    ).first()
    row = ParticipantCount.objects.get(
        version=report.accepted_version, sector=Sector.INDUSTRY
    )
    row.researchers += count
    row.save()
    refresh_yearly_outcomes(report)


def test_publication_freezes_the_figures_while_the_draft_follows_the_data(
    officer: User,
) -> None:
    published = publish_sheet(2005, officer)
    add_kc_researchers(10)
    draft = build_sheet(2005)

    assert published.figures["figures"]["researchers.KC.total"]["value"] == 1_500
    assert draft.data.figures["researchers.KC.total"].value == 1_510
    assert draft.data.figures["researchers.KC.industry"].value == 510
    assert draft.version.digest not in published.data_version
    published.refresh_from_db()
    assert published.figures["figures"]["researchers.KC.total"]["value"] == 1_500
    stored = SheetRendition.objects.get(sheet=published, format="md", language="ja")
    assert "1,500人" in bytes(stored.content).decode()
    assert {(r.format, r.language) for r in published.renditions.all()} == {
        (fmt, lang) for fmt in ("html", "pdf", "xlsx", "md") for lang in ("ja", "en")
    }
    entry = AuditEntry.objects.for_object(published).get(
        action=AuditEntry.Action.TRANSITION
    )
    assert (entry.before, entry.after) == ({"state": "draft"}, {"state": "published"})
    assert entry.user == officer

    # The public sees the frozen version; the officer the live draft.
    public = Client().get("/sheets/2005/").content.decode()
    assert "1,500人" in public and "1,510人" not in public
    live = officer_client(officer).get("/sheets/2005/").content.decode()
    assert "1,510人" in live
    download = Client().get("/sheets/2005/sheet.pdf")
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")
    api = Client().get("/api/v1/sheets/2005").json()
    assert api["status"] == "published"
    assert api["figures"]["researchers.KC.total"]["value"] == 1_500


def test_only_officers_publish_and_write_prose() -> None:
    region_user = make_user(User.Role.REGION, password=None)
    with pytest.raises(PermissionDenied):
        publish_sheet(2005, region_user)
    with pytest.raises(PermissionDenied):
        save_prose(2005, ProsePart.NECESSITY, "…", region_user)
    assert not PublishedSheet.objects.exists()
    assert Client().post("/sheets/2005/publish/").status_code == 302  # to login


def test_prose_edits_add_revisions_and_keep_the_old_wording(officer: User) -> None:
    first = SheetProse.objects.get(fiscal_year=2005, part=ProsePart.NECESSITY)
    client = officer_client(officer)
    form = client.get("/sheets/2005/edit/").context["form"]
    data = {name: field.initial or "" for name, field in form.fields.items()}
    data[f"{ProsePart.NECESSITY}_ja"] = "改訂した必要性。"

    response = client.post("/sheets/2005/edit/", data)

    assert response.status_code == 302
    revisions = SheetProse.objects.filter(fiscal_year=2005, part=ProsePart.NECESSITY)
    assert [p.revision for p in revisions.order_by("revision")] == [1, 2]
    assert SheetProse.objects.get(pk=first.pk).text_ja == first.text_ja
    assert SheetProse.objects.filter(fiscal_year=2005).count() == len(ProsePart) + 1
    assert "改訂した必要性。" in build_sheet(2005).prose_json().values()


def test_every_figure_links_to_rows_that_add_up_to_it(officer: User) -> None:
    sheet = build_sheet(2005)
    client = Client()
    figures = sheet.data.figures

    assert figures["regions.KC"].source == "/regions/?programme=KC&fiscal_year=2004"
    regions = client.get(figures["regions.CA"].source)
    assert regions.status_code == 200
    total = figures["researchers.CA.total"]
    page = client.get(total.source)
    assert page.status_code == 200
    assert ("参加研究者数", 700) in [
        (str(label), value) for label, value in page.context["totals"]
    ]
    assert page.content.decode().count("/reports/ca-") >= 19
    assert client.get(figures["budget.request"].source).status_code == 200
    assert client.get(figures["benchmark.1.patents"].source).status_code == 200
    evaluations = [f for k, f in figures.items() if k.startswith("evaluation.")]
    for figure in evaluations:  # the published interim/final evaluations, if any
        rows = client.get(figure.source).content.decode()
        assert rows.count("<tr>") >= int(figure.value)
    html = officer_client(officer).get("/sheets/2005/").content.decode()
    assert html.count('class="figure"') >= 60
    assert 'data-figure="funds.regional"' in html


def test_a_bad_source_query_is_a_clear_400() -> None:
    response = Client().get("/sheets/sources/outcomes/?kind=nope&fiscal_year=2003")

    assert response.status_code == 400
    assert "指標（kind）を正しく指定してください。" in response.content.decode()
    bad_year = Client().get("/sheets/sources/budgets/?fiscal_year=abc")
    assert bad_year.status_code == 400


def test_the_public_sees_nothing_before_publication() -> None:
    client = Client()

    assert "まだ公表されていません" in client.get("/sheets/2005/").content.decode()
    assert client.get("/sheets/2005/sheet.pdf").status_code == 404
    assert client.get("/api/v1/sheets/2005").status_code == 404
    assert client.get("/sheets/2005/?version=abc").status_code == 404
    assert client.get("/sheets/2005/?version=3").status_code == 404
    assert client.get("/sheets/99999/").status_code == 404
    assert client.get("/api/v1/sheets/99999").status_code == 404


def test_officers_get_the_english_draft_and_nonsense_is_a_404(officer: User) -> None:
    client = officer_client(officer)

    english = client.get("/sheets/2005/?lang=en").content.decode()
    assert "Necessity" in english and "¥17,600 million" in english
    assert client.get("/sheets/2005/sheet.exe").status_code == 404
    assert client.get("/sheets/1800/sheet.pdf").status_code == 404
    xlsx = client.get("/sheets/2005/sheet.xlsx?lang=en")
    assert xlsx["Content-Disposition"].endswith('-draft-en.xlsx"')


def test_the_api_gives_officers_the_draft(officer: User) -> None:
    token = issue_token(officer).plaintext
    response = Client().get(
        "/api/v1/sheets/2005", headers={"Authorization": f"Bearer {token}"}
    )

    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "draft"
    assert body["figures"]["budget.request"]["value"] == 17_600
    assert len(body["headings"]) == 12


def test_it_compares_two_fiscal_years(officer: User) -> None:
    save_prose(2006, ProsePart.NECESSITY, "平成18年度の必要性。", officer)
    comparison = compare_sheets(
        build_sheet(2005).as_dict(), build_sheet(2006).as_dict()
    )

    changed = {change.key for change in comparison.figures}
    assert {"regions.CA", "patents.results_year"} <= changed
    assert [p.part for p in comparison.prose] == [ProsePart.NECESSITY]
    assert any("平成18年度の必要性。" in line for line in comparison.prose[0].diff)
    page = officer_client(officer).get("/sheets/compare/?before=2005&after=2006")
    assert page.status_code == 200
    assert 'data-figure="regions.CA"' in page.content.decode()
    assert Client().get("/sheets/compare/?before=2005&after=x").status_code == 400


def test_the_command_writes_every_format(tmp_path: Path) -> None:
    out = tmp_path / "sheet.md"
    call_command(
        "evaluation_sheet", "--fiscal-year", "H17", "--format", "md",
        "--output", str(out), verbosity=0,
    )  # fmt: skip

    text = out.read_text()
    assert text.startswith("# 平成17年度事業評価書")
    assert "17,600百万円" in text
    for bad in ("平成99年度", "1850"):
        with pytest.raises(CommandError):
            call_command(
                "evaluation_sheet", "--fiscal-year", bad, "--format", "md",
                "--output", str(out),
            )  # fmt: skip
