"""Due dates as dates: a spoken phrase ("by Friday", "end of the month", "the 14th",
"within two weeks") resolved against the meeting's date, so the benchmark can compare what
the minutes say with the label's date whatever words either uses.

The conventions (the labels in bench/extraction/ follow them too):
- a weekday ("Friday", "by Friday", "before Friday", "on Friday"): the first such day after
  the meeting's date; "next Friday": that weekday in the following week (weeks start on
  Monday); "Friday's handoff" is Friday.
- today, tonight, this afternoon, after lunch, end of (the) day, right after this call:
  the meeting's date; tomorrow (morning): the day after.
- this week, end of the week, before the weekend: that week's Friday (this weekend: its
  Saturday); next week, end of next week: the next
  week's Friday.
- end of the month, this month: its last day; next month: the last day of the next one;
  end of the quarter: the quarter's last day.
- (in/within) N days/weeks, a couple of days: the date N days/weeks on; a fortnight: 14 days.
- end of March: the last day of the next March (this one if not yet past).
- a date ("the 3rd of June", "June 3", "March the twentieth"): that date, the next one on or
  after the meeting; a day alone ("by the fifteenth"): that day of this month, else next.
Anything else (soon, next sprint, not stated): None.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
MONTHS = ("january february march april may june july august september october november "
          "december").split()
_ORDINALS = {w: i for i, w in enumerate(
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth"
    " thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
    .split())}
_ORDINALS.update({"thirtieth": 30, "twenty-first": 21, "twenty-second": 22, "twenty-third": 23,
                  "twenty-fourth": 24, "twenty-fifth": 25, "twenty-sixth": 26,
                  "twenty-seventh": 27, "twenty-eighth": 28, "twenty-ninth": 29,
                  "thirty-first": 31})
_COUNTS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten"
                                      .split())}
_COUNTS.update({"a": 1, "an": 1, "a couple of": 2, "couple of": 2, "few": 3, "a few": 3})
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?|(?P<word>" + "|".join(
    sorted(_ORDINALS, key=len, reverse=True)) + r")"


def _friday(day: dt.date, weeks: int = 0) -> dt.date:
    monday = day - dt.timedelta(days=day.weekday()) + dt.timedelta(weeks=weeks)
    return monday + dt.timedelta(days=4)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _day_number(match: re.Match) -> int:
    return int(match["day"]) if match["day"] else _ORDINALS[match["word"]]


def _next_date(today: dt.date, month: int, day: int) -> dt.date | None:
    for year in (today.year, today.year + 1):
        try:
            date = dt.date(year, month, day)
        except ValueError:
            return None
        if date >= today:
            return date
    return None


def resolve(phrase: str | None, today: dt.date | None) -> dt.date | None:
    """The date ``phrase`` means, said on ``today``; None when it names no date (or there
    is no meeting date to count from)."""
    if not phrase or today is None:
        return None
    text = " ".join(phrase.lower().replace("’", "'").split())
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return dt.date.fromisoformat(text)
    month_names = "|".join(MONTHS)
    for pattern in (rf"(?:{_DAY})\s+(?:of\s+)?(?P<month>{month_names})",
                    rf"(?P<month>{month_names})\s+(?:the\s+)?(?:{_DAY})"):
        m = re.search(pattern, text)
        if m:
            return _next_date(today, MONTHS.index(m["month"]) + 1, _day_number(m))
    m = re.search(r"\b(?:(?:in|within)\s+)?(?P<n>\d+|" + "|".join(sorted(_COUNTS, key=len, reverse=True))
                  + r")\s+(?P<unit>day|week|month)s?\b", text)
    if m:
        n = int(m["n"]) if m["n"].isdigit() else _COUNTS[m["n"]]
        if m["unit"] == "month":
            month = today.month - 1 + n
            year, month = today.year + month // 12, month % 12 + 1
            return min(today.replace(year=year, month=month, day=1) + dt.timedelta(
                days=today.day - 1), _month_end(year, month))
        return today + dt.timedelta(days=n * (7 if m["unit"] == "week" else 1))
    m = re.search(r"\b(?:in|within)\s+(?:a|one|the\s+next)\s+fortnight\b|\bfortnight\b", text)
    if m:
        return today + dt.timedelta(days=14)
    m = re.search(r"\bend\s+of\s+(?P<month>" + month_names + r")\b", text)
    if m:
        month = MONTHS.index(m["month"]) + 1
        year = today.year + (month < today.month)
        return _month_end(year, month)
    m = re.search(r"\b(?P<next>next\s+)?(?P<weekday>" + "|".join(WEEKDAYS) + r")\b", text)
    if m:
        target = WEEKDAYS.index(m["weekday"])
        if m["next"]:
            monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=1)
            return monday + dt.timedelta(days=target)
        ahead = (target - today.weekday()) % 7 or 7
        return today + dt.timedelta(days=ahead)
    if re.search(r"\btomorrow\b", text):
        return today + dt.timedelta(days=1)
    if re.search(r"\b(?:today|tonight|this (?:afternoon|morning|evening)|after lunch|"
                 r"end of (?:the )?day|eod|right after this call)\b", text):
        return today
    if re.search(r"\bnext week\b|\bend of next week\b", text):
        return _friday(today, 1)
    if re.search(r"\bthis weekend\b", text):
        return _friday(today) + dt.timedelta(days=1)
    if re.search(r"\b(?:this|the) week\b|\bend of (?:the )?week\b|\bbefore the weekend\b", text):
        return _friday(today)
    if re.search(r"\bnext month\b", text):
        year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
        return _month_end(year, month)
    if re.search(r"\b(?:this|the) month\b|\bend of (?:the )?month\b", text):
        return _month_end(today.year, today.month)
    if re.search(r"\bquarter\b", text):
        last = (today.month - 1) // 3 * 3 + 3
        return _month_end(today.year, last)
    m = re.search(rf"\bthe\s+(?:{_DAY})\b", text)
    if m:
        return _day_of_month(today, _day_number(m))
    return None


def _day_of_month(today: dt.date, day: int) -> dt.date | None:
    """"the fifteenth": this month's, or next month's once it has passed."""
    year, month = today.year, today.month
    for _ in range(2):
        try:
            date = dt.date(year, month, day)
        except ValueError:
            date = None
        if date is not None and date >= today:
            return date
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None
