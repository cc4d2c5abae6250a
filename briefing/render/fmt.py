"""Locale-aware wording of dates, periods, money and countries (Babel).

All values of the data model are ISO strings and plain numbers; this module is the one
place that turns them into what a reader sees, in the locale of ``[report] locale``: the
note, the index page, the previous-meetings list and the e-mail name a meeting's states,
place and people with the same words.
Babel is imported inside the methods so importing the render package stays cheap.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from briefing.errors import ConfigError

# Used when neither SOURCE_DATE_EPOCH nor any date of the meeting is known, so that two
# builds of the same input still agree (the value of the zip format's epoch).
FALLBACK_DATE = datetime(1980, 1, 1)

#: Beyond this babel's decimal arithmetic fails and the digits would break the layout;
#: such numbers (never a real figure, see extract.figures) are shown as "1e+15".
HUGE = 1e15


def _parse_iso(value: str) -> tuple[int, int | None, int | None] | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` -> (year, month, day); None if not ISO."""
    parts = value.strip().split("-")
    try:
        nums = [int(p) for p in parts]
    except ValueError:
        return None
    if not 1 <= len(nums) <= 3 or len(parts[0]) != 4:
        return None
    year = nums[0]
    month = nums[1] if len(nums) > 1 else None
    day = nums[2] if len(nums) > 2 else None
    if month is not None and not 1 <= month <= 12:
        return None
    if month is not None and day is not None:
        try:
            date(year, month, day)
        except ValueError:
            return None
    return year, month, day


def generation_datetime(published: list[str | None], meeting_date: str | None) -> datetime:
    """The date printed as "generated" and written into the PDF metadata.

    Deterministic by design (identical inputs give identical bytes): SOURCE_DATE_EPOCH
    when set, else the latest publication date among the sources, else the meeting date,
    else FALLBACK_DATE. Never the wall clock. Only the SOURCE_DATE_EPOCH instant is
    timezone-aware (and shown in ``[report] timezone``); dates read from the sources are
    calendar days and stay naive so no timezone shifts them by a day.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        except (ValueError, OverflowError, OSError):
            raise ConfigError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix timestamp") from None
    candidates = [p for p in published if p and _parse_iso(p) and len(p) == 10]
    if candidates:
        return datetime.fromisoformat(max(candidates))
    if meeting_date and _parse_iso(meeting_date) and len(meeting_date) == 10:
        return datetime.fromisoformat(meeting_date)
    return FALLBACK_DATE


def person(name: str, *details: str | None) -> str:
    """ "Li Qiang (Premier of the State Council)": a name with its known details."""
    known = ", ".join(d for d in details if d)
    return f"{name} ({known})" if known else name


@dataclass(frozen=True)
class Formatter:
    """Formats model values for one locale and timezone."""

    locale: str = "en_GB"
    timezone: str = "UTC"

    def check(self) -> Formatter:
        """Fail early, with the config key, on a locale or timezone that does not exist."""
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        from babel import Locale, UnknownLocaleError

        try:
            Locale.parse(self.locale)
        except (UnknownLocaleError, ValueError, TypeError):
            raise ConfigError(f"report.locale: unknown locale {self.locale!r}") from None
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(f"report.timezone: unknown timezone {self.timezone!r}") from None
        return self

    def date(self, value: str | None) -> str | None:
        """``2025-04-23`` -> "23 April 2025"; ``2024-07`` -> "July 2024"; ``2024`` kept."""
        if not value:
            return None
        parsed = _parse_iso(value)
        if parsed is None:
            return value
        from babel.dates import format_date, format_skeleton

        year, month, day = parsed
        if month is not None and day is not None:
            return format_date(date(year, month, day), format="long", locale=self.locale)
        if month is not None:
            return format_skeleton("yMMMM", date(year, month, 1), locale=self.locale)
        return str(year)

    def period(self, value: str | None, expr: str | None = None) -> str | None:
        """A figure's period: ``2024``, ``2025-01/2025-03`` -> "Jan–Mar 2025"; an
        unresolved period shows its phrase as written."""
        if not value:
            return expr
        if "/" not in value:
            return self.date(value)
        start, end = (_parse_iso(p) for p in value.split("/", 1))
        if not start or not end or start[1] is None or end[1] is None:
            return value
        from babel.dates import format_skeleton

        def month(p: tuple[int, int | None, int | None], skeleton: str) -> str:
            return format_skeleton(skeleton, date(p[0], p[1] or 1, 1), locale=self.locale)

        if start[0] == end[0]:
            if start[1] == end[1]:
                return month(start, "yMMM")
            return f"{month(start, 'MMM')}–{month(end, 'MMM')} {start[0]}"
        return f"{month(start, 'yMMM')} – {month(end, 'yMMM')}"

    def datetime(self, value: datetime) -> str:
        """The generation date; an instant (aware) is shown in the configured timezone."""
        from zoneinfo import ZoneInfo

        from babel.dates import format_date

        if value.tzinfo is not None:
            value = value.astimezone(ZoneInfo(self.timezone))
        return format_date(value.date(), format="long", locale=self.locale)

    def money(
        self, value: float | None, approximate: bool = False, currency: str | None = None
    ) -> str | None:
        """An amount in words a reader scans: "$3.7 billion", "≈ $250 million", "€2
        billion", "ZAR 25 billion". US dollars (``currency`` None or "USD") are "$";
        another currency takes its symbol in the locale, or its ISO code when it has none."""
        if value is None:
            return None
        from babel.numbers import format_compact_decimal, format_decimal, get_currency_symbol

        sign = "$"
        if currency and currency != "USD":
            symbol = get_currency_symbol(currency, locale=self.locale)
            sign = symbol + " " if symbol == currency else symbol

        if not abs(value) < HUGE:
            text = f"{value:.3g}"
        elif abs(value) >= 1_000_000:
            text = format_compact_decimal(
                value, format_type="long", locale=self.locale, fraction_digits=1
            )
        else:
            text = format_decimal(round(value), locale=self.locale)
        return ("≈ " if approximate else "") + sign + text

    def percent(
        self, value: float | None, approximate: bool = False, signed: bool = True
    ) -> str | None:
        """A change in percent: "+20%", "≈ +40%", "−3.5%"."""
        if value is None:
            return None
        from babel.numbers import format_decimal

        number = (
            format_decimal(abs(value), format="#,##0.#", locale=self.locale)
            if abs(value) < HUGE
            else f"{abs(value):.3g}"
        )
        sign = ("+" if value > 0 else "−" if value < 0 else "") if signed else ""
        return ("≈ " if approximate else "") + f"{sign}{number}%"

    def country(self, iso3: str | None) -> str | None:
        """ISO alpha-3 -> the country's short name in the locale ("Türkiye", "China")."""
        if not iso3:
            return None
        import pycountry
        from babel import Locale

        record = pycountry.countries.get(alpha_3=iso3.upper())
        if record is None:
            return iso3
        name = Locale.parse(self.locale).territories.get(record.alpha_2)
        return name or getattr(record, "common_name", None) or record.name

    def pair(self, countries: Iterable[str]) -> str:
        """The states of a meeting as its title: "Azerbaijan – China"; "" when none."""
        return " – ".join(self.country(c) or c for c in countries if c)

    def place(self, city: str | None, country: str | None) -> str | None:
        """ "Beijing, China"; the city or the country alone when only one is known."""
        return ", ".join(x for x in (city, self.country(country)) if x) or None
