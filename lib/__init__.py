"""Pure-Python conventions shared by the Chiiki apps (no Django imports).

The apps parse what people type into forms and spreadsheets: fiscal years in
both Western and Japanese-era form, yen amounts in 百万円/億円, corporate numbers,
local government codes, patent application numbers and prefectures. Keeping the
rules here, free of Django, lets every app and every import script share one
tested implementation.
"""

from __future__ import annotations
