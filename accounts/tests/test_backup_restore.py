"""`manage.py backup` / `restore` round-trip the demo data identically."""

from __future__ import annotations

import hashlib
import json
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.core.serializers.json import DjangoJSONEncoder

from programmes.models import Region
from reports.models import AnnualReport


def fingerprint() -> dict[str, str]:
    """A hash of every row of every table, per model, in primary-key order."""
    prints = {}
    for model in apps.get_models(include_auto_created=True):
        rows = list(model._default_manager.order_by("pk").values())
        blob = json.dumps(rows, cls=DjangoJSONEncoder, sort_keys=True, default=str)
        prints[model._meta.label] = hashlib.sha256(blob.encode()).hexdigest()
    return prints


def test_it_round_trips_the_demo_data_identically(
    transactional_db: None, tmp_path: Path
) -> None:
    call_command("load_demo", verbosity=0)
    before = fingerprint()
    backup = tmp_path / "chiiki.backup"
    out = StringIO()
    call_command("backup", str(backup), stdout=out)
    assert backup.stat().st_size > 0
    assert "backup" in out.getvalue()

    # Damage the data in several ways, then restore.
    AnnualReport.objects.filter(pk__in=AnnualReport.objects.values("pk")[:5]).update(
        status="returned"
    )
    Region.objects.filter(pk=Region.objects.first().pk).update(name_ja="壊れた")
    assert fingerprint() != before

    call_command("restore", str(backup), "--yes", stdout=StringIO())
    assert fingerprint() == before


@pytest.mark.django_db
def test_restore_needs_confirmation_and_an_existing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "x"))
    with pytest.raises(CommandError, match="no backup file"):
        call_command("restore", str(tmp_path / "missing"), "--yes")
