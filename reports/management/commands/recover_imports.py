"""manage.py recover_imports: close background imports whose worker died.

The same check runs by itself when the progress page polls a job, when an
upload starts and when a worker starts a task; this command is for running
it on demand, e.g. right before starting ``db_worker`` after a crash.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from reports.job_recovery import recover_stale_jobs


class Command(BaseCommand):
    help = (
        "処理プロセスが停止したバックグラウンド取り込みを「中断」として閉じ、"
        "アップロードされたファイルを削除します。"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        closed = recover_stale_jobs()
        self.stdout.write(f"中断として閉じた取り込み: {closed}件")
