#!/usr/bin/env python3
"""Oracle for localToInstant: local wall-clock times on DST-transition days, mapped to UTC by Python's zoneinfo
with fold=0 (a repeated time -> its first occurrence; a nonexistent time -> the offset before the gap), the rule
src/core/schedule/timezone.ts documents. Run with /usr/bin/python3; writes test/fixtures/schedule/local-times.json.
"""
import json
import os
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

ZONES = [
    "America/Los_Angeles",
    "Europe/Berlin",
    "Australia/Sydney",
    "Australia/Lord_Howe",  # 30-minute DST shift
    "Pacific/Chatham",  # +12:45 / +13:45
    "America/Santiago",  # transitions at local midnight
    "Asia/Kolkata",  # no DST (control)
]

out = {}
for name in ZONES:
    tz = ZoneInfo(name)
    days = []
    d = date(2024, 1, 1)
    while d <= date(2027, 12, 31):
        a = datetime(d.year, d.month, d.day, tzinfo=tz).utcoffset()
        nxt = d + timedelta(days=1)
        b = datetime(nxt.year, nxt.month, nxt.day, tzinfo=tz).utcoffset()
        if a != b:
            days.append(d)
            days.append(nxt)
        d = nxt
    if not days:
        days = [date(2026, 3, 8), date(2026, 11, 1)]
    rows = []
    for day in sorted(set(days)):
        for minute_of_day in range(0, 24 * 60, 15):
            h, m = divmod(minute_of_day, 60)
            local = datetime(day.year, day.month, day.day, h, m, tzinfo=tz, fold=0)
            utc_ms = int(local.astimezone(timezone.utc).timestamp() * 1000)
            rows.append([day.year, day.month, day.day, h, m, utc_ms])
    out[name] = rows

path = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "schedule", "local-times.json")
with open(path, "w") as f:
    json.dump({"source": "python zoneinfo, fold=0", "zones": out}, f, separators=(",", ":"))
print(path, sum(len(v) for v in out.values()), "rows")
