"""The test suite's demo restore writes exactly what `load_demo` writes."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import connection, transaction

from tests import demo_snapshot


def _contents() -> dict[str, Counter[object]]:
    return {
        table: Counter(rows)
        for table, (_, rows) in demo_snapshot._dump(connection).items()
    }


@pytest.mark.django_db
def test_a_restored_demo_is_row_for_row_the_loaded_one() -> None:
    key = demo_snapshot._key(connection)
    demo_snapshot._RECORDINGS.pop(key, None)

    loaded = transaction.savepoint()
    demo_snapshot.install_demo()  # the real command, recorded
    real = _contents()
    transaction.savepoint_rollback(loaded)

    recording = demo_snapshot._RECORDINGS[key]
    assert sum(len(rows) for _, rows in recording.values()) > 10_000

    demo_snapshot.install_demo()  # restored
    assert _contents() == real


@pytest.mark.django_db
def test_it_records_no_load_from_a_state_a_test_changed() -> None:
    from geo.models import Prefecture

    key = demo_snapshot._key(connection)
    kept = demo_snapshot._RECORDINGS.pop(key, None)
    try:
        Prefecture.objects.filter(code="13").update(name_en="Tokyo (changed)")
        demo_snapshot.install_demo()
        assert key not in demo_snapshot._RECORDINGS
    finally:
        if kept is not None:
            demo_snapshot._RECORDINGS[key] = kept


@pytest.mark.django_db(transaction=True, reset_sequences=True)
def test_it_restores_the_demo_after_a_flush() -> None:
    """Transactional (browser) tests start from a flushed database whose
    content types have other ids; the restore still gives the loaded state."""
    from django.contrib.contenttypes.models import ContentType

    from audit.models import AuditEntry
    from reports.models import AnnualReport

    demo_snapshot.install_demo()
    assert AnnualReport.objects.count() > 100
    entry = AuditEntry.objects.filter(content_type__isnull=False).first()
    assert entry is not None
    assert entry.content_type == ContentType.objects.get_for_id(entry.content_type_id)
    report_type = ContentType.objects.get_for_model(AnnualReport)
    assert ContentType.objects.filter(pk=report_type.pk, model="annualreport").exists()
