"""Forms of the report pages: the upload and the workflow buttons."""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from chiiki.validators import CheckedTextMixin

__all__ = [
    "ALLOWED_SUFFIXES",
    "MAX_UPLOAD_BYTES",
    "ReportListForm",
    "ReturnForm",
    "SubmitForm",
    "UploadForm",
    "WorkflowForm",
    "check_upload",
]

#: The largest report file accepted through the web and the API (20 MB).
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
ALLOWED_SUFFIXES = (".xlsx", ".csv", ".zip")


def check_upload(upload: UploadedFile) -> str | None:
    """The reason an uploaded file is refused before reading it, or None."""
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        return str(_("ファイルが大きすぎます（上限 20 MB）。"))
    if PurePath(upload.name or "").suffix.lower() not in ALLOWED_SUFFIXES:
        return str(_("xlsx・csv・zip のファイルを選んでください。"))
    return None


class UploadForm(forms.Form):
    """The report file, and the report version the page showed: the import
    lands on that version or is refused (two tabs, two people, one report)."""

    file = forms.FileField(label=_("報告ファイル（xlsx・csv・zip）"))
    lock_version = forms.IntegerField(
        min_value=0, required=False, widget=forms.HiddenInput
    )

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        problem = check_upload(upload)
        if problem:
            raise forms.ValidationError(problem)
        return upload


class WorkflowForm(CheckedTextMixin, forms.Form):
    """The version the page showed, so a stale click is refused (409 in the API)."""

    lock_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class ReturnForm(WorkflowForm):
    comment = forms.CharField(
        label=_("差戻しの理由"), widget=forms.Textarea(attrs={"rows": 3})
    )


class SubmitForm(WorkflowForm):
    """提出, with an optional reply to the office when resubmitting."""

    comment = forms.CharField(
        label=_("差戻しへの返信（任意）"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("直した点を担当官に伝えます。履歴に残ります。"),
    )


class ReportListForm(forms.Form):
    """The filters of the report list (GET): programme, FY, status, overdue.

    Choices are given by the view (the programmes and years that exist);
    an unknown value is dropped rather than refused, so an old link still
    shows a list.
    """

    programme = forms.ChoiceField(label=_("事業"), required=False)
    fiscal_year = forms.TypedChoiceField(
        label=_("年度"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(label=_("状態"), required=False)
    overdue = forms.BooleanField(label=_("提出期限超過のみ"), required=False)
    region = forms.CharField(label=_("地域コード"), required=False, max_length=32)

    def __init__(
        self,
        data: object,
        *,
        programmes: list[tuple[str, str]],
        years: list[int],
        statuses: list[tuple[str, str]],
    ) -> None:
        super().__init__(data)
        everything = [("", _("すべて"))]
        self.fields["programme"].choices = everything + programmes
        self.fields["fiscal_year"].choices = everything + [
            (str(y), _("{fy}年度").format(fy=y)) for y in years
        ]
        self.fields["status"].choices = everything + statuses
