"""The build's notion of 'today' (upcoming versus past events, current members).

SOURCE_DATE_EPOCH (the reproducible-builds convention) or PORTAL_TODAY fix it, so two builds of
the same commit give the same bytes; otherwise it is the real date.
"""
from __future__ import annotations

import datetime as dt
import os


def reference_day() -> dt.date:
    if os.environ.get("PORTAL_TODAY"):
        return dt.date.fromisoformat(os.environ["PORTAL_TODAY"])
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), dt.timezone.utc).date()
    return dt.date.today()
