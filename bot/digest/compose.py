"""Putting a digest together: read a period (and the one before) from storage, aggregate,
then render the message, the chart and the spreadsheet. Used by the scheduled job, the chat
commands and the CLI alike."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.digest.aggregate import Digest, Figures, PeriodData, RubricInfo, below_streaks, summarize
from bot.digest.periods import Period, PeriodKind, month_of, months_back
from bot.digest.render import period_label, render_digest
from bot.i18n import t_raw
from bot.messages import Attachment
from bot.questionnaire.model import Questionnaire
from bot.text import fold
from storage import digest_queries
from storage.db import Database
from storage.digest_counts import PeriodCounts, period_counts
from storage.digest_figures import load_figures
from storage.digest_queries import UnitRef

STREAK_MONTHS = 12  # how far back a run of «below standard» months is followed
TREND_MONTHS = 12  # the monthly digest's trend chart


@dataclass(frozen=True)
class DigestConfig:
    tz: ZoneInfo
    deadline: timedelta
    questionnaire: Questionnaire
    committee_name: str | None = None  # COMMITTEE_NAME; a generic title when unset

    @property
    def committee_title(self) -> str:
        return self.committee_name or t_raw("sheet.committee_default")

    @property
    def rubric(self) -> RubricInfo:
        rubric = self.questionnaire.rubric
        return RubricInfo(
            criteria=tuple((c.id, c.name) for c in rubric.criteria),
            grades=tuple(grade.label for grade in rubric.grades),
        )


@dataclass(frozen=True)
class DigestBundle:
    """Everything one digest needs, read once."""

    data: PeriodData | None  # every report of the period, when asked for (the spreadsheet)
    digest: Digest
    config: DigestConfig
    trend: tuple[PeriodCounts, ...] = ()  # the last months, oldest first (monthly digests)

    @property
    def period(self) -> Period:
        return self.digest.current.period

    def text_parts(self) -> list[str]:
        return render_digest(self.digest, self.config.tz)

    def _as_of(self) -> str:
        local = self.digest.generated_at.astimezone(self.config.tz)
        return t_raw("chart.as_of", time=f"{local:%H:%M}", day=f"{local:%d/%m/%Y}")

    def chart(self) -> Attachment:
        """PNG; CPU-bound, run it with `asyncio.to_thread` from the event loop."""
        # matplotlib (with numpy) weighs ~60 MB and ~1 s to import: only when a chart is made.
        from bot.digest.chart import render_chart

        content = render_chart(self.digest.current, period_label(self.period), self._as_of())
        return Attachment(f"bieu_do_{_slug(self.period)}.png", "image/png", content)

    def trend_chart(self) -> Attachment | None:
        """The trend PNG of a monthly digest (None for other periods); CPU-bound."""
        if not self.trend:
            return None
        from bot.digest.chart import render_trend

        content = render_trend(self.trend, self._as_of())
        return Attachment(f"xu_huong_{_slug(self.period)}.png", "image/png", content)

    async def trend_chart_file(self) -> Attachment | None:
        """The trend chart, drawn off the event loop."""
        return await asyncio.to_thread(self.trend_chart)

    def workbook(self) -> Attachment:
        """XLSX; CPU-bound, run it with `asyncio.to_thread` from the event loop."""
        from bot.digest.spreadsheet import (  # only when a spreadsheet is made
            XLSX_MEDIA_TYPE,
            SheetTitle,
            build_workbook,
        )

        config = self.config
        if self.data is None:
            raise ValueError("collect(..., rows=True) reads the rows the spreadsheet needs")
        title = SheetTitle(
            committee=config.committee_title,
            period=period_label(self.period),
            generated_at=self.digest.generated_at.astimezone(config.tz).replace(tzinfo=None),
        )
        content = build_workbook(
            self.data, self.digest.current, config.questionnaire, config.tz, title
        )
        return Attachment(f"bao_cao_{_slug(self.period)}.xlsx", XLSX_MEDIA_TYPE, content)

    async def chart_file(self) -> Attachment:
        """The chart, drawn off the event loop."""
        return await asyncio.to_thread(self.chart)

    async def workbook_file(self) -> Attachment:
        """The spreadsheet, written off the event loop."""
        return await asyncio.to_thread(self.workbook)


def _slug(period: Period) -> str:
    return period.key.replace("..", "_")


async def collect(
    db: Database,
    period: Period,
    config: DigestConfig,
    *,
    now: datetime,
    unit: UnitRef | None = None,
    rows: bool = True,
) -> DigestBundle:
    """Read and aggregate one period (and the previous one, for the change). The figures come
    from grouped SQL; `rows` also reads every report of the period, which only the
    spreadsheet needs."""
    tz = config.tz
    unit_id = unit.id if unit else None
    rubric = config.rubric
    current = await load_figures(db, period, tz=tz, now=now, deadline=config.deadline,
                                 rubric=rubric, unit_id=unit_id)  # fmt: skip
    previous = period.comparable_previous(now.astimezone(tz).date())
    before = await load_figures(db, previous, tz=tz, now=now, deadline=config.deadline,
                                rubric=rubric, unit_id=unit_id, details=False)  # fmt: skip
    months = months_back(month_of(period.last_day), STREAK_MONTHS)
    verdicts = await digest_queries.verdict_rows(db, months, tz=tz, now=now, unit_id=unit_id)
    digest = Digest(
        current=current,
        previous=before,
        streaks=below_streaks(verdicts, months, tz),
        unit_name=unit.name if unit else None,
        generated_at=now,
    )
    data = None
    if rows:
        data = await digest_queries.load_period(db, period, tz=tz, now=now, unit_id=unit_id)
    trend: tuple[PeriodCounts, ...] = ()
    if period.kind is PeriodKind.MONTH:
        trend_months = months_back(period, TREND_MONTHS)
        trend = tuple(await period_counts(db, trend_months, tz=tz, now=now, unit_id=unit_id))
    return DigestBundle(data, digest, config, trend)


async def summarize_only(
    db: Database,
    period: Period,
    config: DigestConfig,
    *,
    now: datetime,
    unit: UnitRef | None = None,
    cadre_id: int | None = None,
) -> Figures:
    """One period's figures without the comparison (who has not reported, for one cadre)."""
    data = await digest_queries.load_period(
        db, period, tz=config.tz, now=now, unit_id=unit.id if unit else None, cadre_id=cadre_id
    )
    return summarize(data, now=now, deadline=config.deadline, rubric=config.rubric)


def match_units(units: list[UnitRef], text: str) -> list[UnitRef]:
    """Units named like `text`, with or without accents: an exact name wins, else every unit
    whose name contains it ("minh hoa" → "Đảng bộ xã Minh Hòa")."""
    wanted = fold(text)
    if not wanted:
        return []
    exact = [unit for unit in units if fold(unit.name) == wanted]
    return exact or [unit for unit in units if wanted in fold(unit.name)]
