"""The test suite's demo replay writes exactly what `load_demo` writes."""

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
def test_a_replayed_demo_is_row_for_row_the_loaded_one() -> None:
    key = (connection.vendor, str(connection.settings_dict["NAME"]))
    demo_snapshot._RECORDINGS.pop(key, None)

    loaded = transaction.savepoint()
    demo_snapshot.install_demo()  # the real command, recorded
    real = _contents()
    transaction.savepoint_rollback(loaded)

    recording = demo_snapshot._RECORDINGS[key]
    assert sum(len(rows) for _, rows in recording.added.values()) > 10_000

    demo_snapshot.install_demo()  # replayed
    assert _contents() == real


@pytest.mark.django_db
def test_it_runs_the_real_command_when_the_database_differs() -> None:
    """A replay only inserts; the real command also restores a changed
    reference fact, so the restored name shows which one ran."""
    from geo.models import Prefecture

    first = transaction.savepoint()
    demo_snapshot.install_demo()  # recorded (or replayed) on the clean base
    transaction.savepoint_rollback(first)
    original = Prefecture.objects.get(code="13").name_en

    Prefecture.objects.filter(code="13").update(name_en="Tokyo (changed)")
    demo_snapshot.install_demo()
    assert Prefecture.objects.get(code="13").name_en == original
