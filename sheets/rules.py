"""Access rules of the sheets models for ``accounts.policy``.

* published sheets and their files: anyone reads them; officers publish;
* prose revisions (the draft's wording): officers only — the public sees a
  sheet's prose only through a published version.
"""

from __future__ import annotations

from accounts.policy import officer_only, public_read_officer_write, register
from sheets.models import PublishedSheet, SheetProse, SheetRendition

__all__ = ["register_rules"]


def register_rules() -> None:
    register(PublishedSheet, public_read_officer_write())
    register(SheetRendition, public_read_officer_write())
    register(SheetProse, officer_only())
