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
    "ReturnForm",
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
