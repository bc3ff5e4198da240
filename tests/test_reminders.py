"""The pure reminder rules: due times, quiet hours, keys, catch-up triage, texts."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.reminders import (
    AFTER,
    BEFORE,
    STALE,
    SUPERSEDED,
    QuietHours,
    ReminderKind,
    ReminderMeeting,
    ReminderRules,
    compact_utc,
    duration_text,
    key_start,
    outbox_kind,
    parse_quiet_hours,
    plan_reminders,
    render_reminder,
    snooze_due,
    triage,
)
from bot.settings import SettingsError, load_settings

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
RULES = ReminderRules(tz=TZ)
K = ReminderKind


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    """A local time in Hà Nội in March 2026, as UTC."""
    return datetime(2026, month, day, hour, minute, tzinfo=TZ).astimezone(UTC)


def local(moment: datetime) -> str:
    return moment.astimezone(TZ).strftime("%d/%m %H:%M")


def sequence(
    starts_at: datetime, rules: ReminderRules = RULES
) -> list[tuple[ReminderKind, str, str]]:
    return [
        (r.kind, local(r.due_at), local(r.expires_at))
        for r in plan_reminders(7, starts_at, "planned", 3, rules)
    ]


# --- the plan ---------------------------------------------------------------------------------


def test_an_evening_meeting_gets_the_full_sequence() -> None:
    # Thursday 12/03/2026 19:30: the prompt at 21:30 falls in the quiet hours.
    assert sequence(at(12, 19, 30)) == [
        (K.DAY_BEFORE, "11/03 08:00", "12/03 19:30"),
        (K.HOURS_BEFORE, "12/03 17:30", "12/03 19:30"),
        (K.REPORT_PROMPT, "13/03 06:30", "14/03 19:30"),
        (K.NUDGE_MORNING, "13/03 08:00", "14/03 19:30"),
        (K.NUDGE_BEFORE_DEADLINE, "14/03 16:30", "14/03 19:30"),
        (K.OVERDUE, "14/03 19:30", "21/03 19:30"),
    ]


def test_a_morning_meeting_is_reminded_after_the_quiet_hours() -> None:
    assert sequence(at(12, 7, 30)) == [
        (K.DAY_BEFORE, "11/03 08:00", "12/03 07:30"),
        (K.HOURS_BEFORE, "12/03 06:30", "12/03 07:30"),  # 05:30 is quiet
        (K.REPORT_PROMPT, "12/03 09:30", "14/03 07:30"),
        (K.NUDGE_MORNING, "13/03 08:00", "14/03 07:30"),
        (K.NUDGE_BEFORE_DEADLINE, "14/03 06:30", "14/03 07:30"),  # 04:30 is quiet
        (K.OVERDUE, "14/03 07:30", "21/03 07:30"),
    ]


def test_a_reminder_that_could_only_go_out_after_its_expiry_is_dropped() -> None:
    # 06:00: two hours before is 04:00, quiet until 06:30 — after the start.
    kinds = [kind for kind, _, _ in sequence(at(12, 6, 0))]
    assert K.HOURS_BEFORE not in kinds and K.DAY_BEFORE in kinds


def test_custom_offsets_and_a_one_day_deadline() -> None:
    rules = ReminderRules(
        tz=TZ,
        day_before_at=time(17, 0),
        hours_before=timedelta(minutes=30),
        prompt_after=timedelta(hours=3),
        deadline_after=timedelta(days=1),
        nudge_morning_at=time(7, 0),
        nudge_before_deadline=timedelta(hours=1),
        quiet=None,
    )
    assert sequence(at(12, 14, 0), rules) == [
        (K.DAY_BEFORE, "11/03 17:00", "12/03 14:00"),
        (K.HOURS_BEFORE, "12/03 13:30", "12/03 14:00"),
        (K.REPORT_PROMPT, "12/03 17:00", "13/03 14:00"),
        (K.NUDGE_MORNING, "13/03 07:00", "13/03 14:00"),
        (K.NUDGE_BEFORE_DEADLINE, "13/03 13:00", "13/03 14:00"),
        (K.OVERDUE, "13/03 14:00", "20/03 14:00"),
    ]


def test_a_nudge_never_comes_before_the_prompt() -> None:
    # A late meeting with a prompt long after it: the next-morning nudge would come first.
    rules = ReminderRules(tz=TZ, prompt_after=timedelta(hours=13), quiet=None)
    kinds = [kind for kind, _, _ in sequence(at(12, 19, 30), rules)]
    assert kinds == [K.DAY_BEFORE, K.HOURS_BEFORE, K.REPORT_PROMPT,
                     K.NUDGE_BEFORE_DEADLINE, K.OVERDUE]  # fmt: skip


@pytest.mark.parametrize("status", ["cancelled", "postponed"])
def test_meetings_that_will_not_happen_get_no_reminders(status: str) -> None:
    assert plan_reminders(7, at(12, 19, 30), status, 3, RULES) == []


def test_keys_carry_the_start_so_a_moved_meeting_gets_fresh_ones() -> None:
    first = plan_reminders(7, at(12, 19, 30), "planned", 3, RULES)
    moved = plan_reminders(7, at(14, 19, 30), "planned", 3, RULES)
    assert first[0].key == "remind:7:3:20260312T1230Z:remind_day_before"
    assert not {r.key for r in first} & {r.key for r in moved}
    assert {key_start(r.key) for r in moved} == {compact_utc(at(14, 19, 30))}
    assert key_start("delivery_failed:3:900001") is None


def test_outbox_kinds_are_withdrawn_with_the_meetings_reminders() -> None:
    # storage.outbox.cancel_pending matches "remind%".
    for kind in ReminderKind:
        assert outbox_kind(kind).startswith("remind") and len(outbox_kind(kind)) <= 30
    assert outbox_kind(K.REPORT_PROMPT) == "remind_report_prompt"
    assert outbox_kind(K.DAY_BEFORE) == "remind_day_before"
    assert set(BEFORE) | set(AFTER) == set(ReminderKind) - {K.SNOOZE}


# --- quiet hours ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "moved_to"),
    [
        (at(12, 21, 29), "12/03 21:29"),
        (at(12, 21, 30), "13/03 06:30"),
        (at(12, 23, 59), "13/03 06:30"),
        (at(13, 0, 0), "13/03 06:30"),
        (at(13, 6, 29), "13/03 06:30"),
        (at(13, 6, 30), "13/03 06:30"),
        (at(13, 12, 0), "13/03 12:00"),
    ],
)
def test_quiet_hours_move_a_message_to_their_end(moment: datetime, moved_to: str) -> None:
    assert local(RULES.out_of_quiet(moment)) == moved_to


def test_quiet_hours_within_one_day() -> None:
    rules = ReminderRules(tz=TZ, quiet=QuietHours(time(12, 0), time(13, 30)))
    assert local(rules.out_of_quiet(at(12, 12, 15))) == "12/03 13:30"
    assert local(rules.out_of_quiet(at(12, 11, 59))) == "12/03 11:59"
    assert local(rules.out_of_quiet(at(12, 21, 45))) == "12/03 21:45"


@pytest.mark.parametrize("value", ["21:30", "21:30-25:00", "9:30-06:30", "21:30-21:30", "x-y"])
def test_bad_quiet_hours_are_refused(value: str) -> None:
    with pytest.raises(ValueError):
        parse_quiet_hours(value)


def test_empty_quiet_hours_mean_none() -> None:
    assert parse_quiet_hours(" ") is None
    assert parse_quiet_hours("22:00-05:00") == QuietHours(time(22, 0), time(5, 0))


# --- settings ---------------------------------------------------------------------------------


def test_rules_come_from_the_settings() -> None:
    settings = load_settings(
        _env_file=None, remind_day_before_at="17:00", remind_hours_before="0.5",
        report_prompt_hours_after="3", report_deadline_days="3", nudge_morning_at="07:15",
        nudge_hours_before_deadline="1.5", quiet_hours="", snooze_minutes="90",
    )  # fmt: skip
    rules = ReminderRules.from_settings(settings)
    assert rules == ReminderRules(
        tz=TZ, day_before_at=time(17, 0), hours_before=timedelta(minutes=30),
        prompt_after=timedelta(hours=3), deadline_after=timedelta(days=3),
        nudge_morning_at=time(7, 15), nudge_before_deadline=timedelta(minutes=90), quiet=None,
        snooze=timedelta(minutes=90),
    )  # fmt: skip
    defaults = load_settings(_env_file=None)
    assert ReminderRules.from_settings(defaults) == RULES
    assert defaults.planning_horizon_days == 62


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"remind_day_before_at": "8h"}, "REMIND_DAY_BEFORE_AT"),
        ({"nudge_morning_at": "24:00"}, "NUDGE_MORNING_AT"),
        ({"remind_hours_before": "0"}, "REMIND_HOURS_BEFORE"),
        ({"report_prompt_hours_after": "-1"}, "REPORT_PROMPT_HOURS_AFTER"),
        ({"nudge_hours_before_deadline": "x"}, "NUDGE_HOURS_BEFORE_DEADLINE"),
        ({"quiet_hours": "21:30"}, "QUIET_HOURS"),
        ({"planning_horizon_days": "1000"}, "PLANNING_HORIZON_DAYS"),
        ({"snooze_minutes": "0"}, "SNOOZE_MINUTES"),
    ],
)
def test_a_bad_reminder_setting_is_one_line_naming_it(
    overrides: dict[str, str], named: str
) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(_env_file=None, **overrides)
    assert named in str(caught.value) and "\n" not in str(caught.value)


# --- catch-up triage --------------------------------------------------------------------------


def test_triage_sends_what_is_due_and_valid_and_skips_what_is_stale() -> None:
    plan = plan_reminders(7, at(12, 7, 30), "planned", 3, RULES)
    # The bot comes back at 09:40 on the meeting day; the day-before one went out.
    decisions = triage(plan, at(12, 9, 40), existing_keys={plan[0].key})
    assert [(r.kind, reason) for r, reason in decisions] == [
        (K.HOURS_BEFORE, STALE),
        (K.REPORT_PROMPT, None),
    ]


def test_triage_after_days_of_downtime_keeps_only_the_overdue_message() -> None:
    plan = plan_reminders(7, at(12, 7, 30), "planned", 3, RULES)
    decisions = triage(plan, at(14, 8, 0), existing_keys=set())
    assert [(r.kind, reason) for r, reason in decisions] == [
        (K.DAY_BEFORE, STALE),
        (K.HOURS_BEFORE, STALE),
        (K.REPORT_PROMPT, STALE),
        (K.NUDGE_MORNING, STALE),
        (K.NUDGE_BEFORE_DEADLINE, STALE),
        (K.OVERDUE, None),
    ]


def test_triage_sends_one_message_per_phase_when_several_came_due() -> None:
    plan = plan_reminders(7, at(12, 19, 30), "planned", 3, RULES)
    done = {plan[0].key, plan[1].key}
    decisions = triage(plan, at(13, 9, 0), existing_keys=done)  # prompt 06:30, nudge 08:00
    assert [(r.kind, reason) for r, reason in decisions] == [
        (K.REPORT_PROMPT, SUPERSEDED),
        (K.NUDGE_MORNING, None),
    ]
    assert triage(plan, at(13, 9, 0), existing_keys={r.key for r in plan}) == []


# --- snooze -----------------------------------------------------------------------------------


def test_snooze_waits_an_hour_outside_the_quiet_hours() -> None:
    assert local(snooze_due(at(11, 9, 5), at(12, 19, 30), RULES) or at(1, 0)) == "11/03 10:05"
    assert local(snooze_due(at(11, 21, 0), at(12, 19, 30), RULES) or at(1, 0)) == "12/03 06:30"
    assert snooze_due(at(12, 18, 45), at(12, 19, 30), RULES) is None


# --- texts ------------------------------------------------------------------------------------

MEETING = ReminderMeeting(7, at(12, 19, 30), "Chi bộ <Đông>", "Đảng bộ xã A & B", "Nhà văn hóa")


def test_a_before_reminder_shows_when_where_and_three_buttons() -> None:
    message = render_reminder(K.DAY_BEFORE, MEETING, "5001", RULES)
    assert message.chat_id == "5001"
    assert message.text == (
        "🔔 <b>Nhắc lịch sinh hoạt chi bộ</b>\n"
        "📅 Thứ Năm 12/03/2026, lúc <b>19:30</b>\n"
        "📍 Nhà văn hóa\n"
        "🏛 <b>Chi bộ &lt;Đông&gt;</b> — Đảng bộ xã A &amp; B"
    )
    assert [[(b.label, b.data) for b in row] for row in message.buttons] == [
        [("Nhắc lại sau 1 giờ", "rm:7:snooze")],
        [("Tôi không dự được", "rm:7:absent"), ("Lịch bị hoãn", "rm:7:postpone")],
    ]
    hours_before = render_reminder(K.HOURS_BEFORE, MEETING, "5001", RULES)
    assert hours_before.text.startswith("🔔 <b>Sắp đến giờ sinh hoạt chi bộ</b>\n")
    no_place = render_reminder(K.SNOOZE, MEETING.__class__(7, MEETING.starts_at, "C", "U", None),
                               "5001", RULES)  # fmt: skip
    assert "📍 chưa ghi địa điểm" in no_place.text and no_place.text.startswith("🔔 <b>Nhắc lại")


@pytest.mark.parametrize(
    ("kind", "opening"),
    [
        (K.REPORT_PROMPT, "📝 Buổi sinh hoạt của <b>Chi bộ &lt;Đông&gt;</b> (Đảng bộ xã A &amp; B) "
                          "lúc 19:30 Thứ Năm 12/03/2026 hẳn đã kết thúc."),
        (K.NUDGE_MORNING, "⏰ Đồng chí chưa gửi báo cáo"),
        (K.NUDGE_BEFORE_DEADLINE, "⏰ <b>Sắp hết hạn</b>"),
        (K.OVERDUE, "❗ Báo cáo buổi sinh hoạt"),
    ],
)  # fmt: skip
def test_after_messages_carry_the_deadline_and_a_report_button(
    kind: ReminderKind, opening: str
) -> None:
    message = render_reminder(kind, MEETING, "5001", RULES)
    assert message.text.startswith(opening)
    assert "19:30 Thứ Bảy 14/03/2026" in message.text
    assert [[(b.label, b.data) for b in row] for row in message.buttons] == [
        [("Báo cáo ngay", "rm:7:report")]
    ]


def test_overdue_says_a_late_report_is_still_accepted() -> None:
    assert (
        "vẫn nhận báo cáo (ghi là nộp muộn)"
        in render_reminder(K.OVERDUE, MEETING, "5001", RULES).text
    )


@pytest.mark.parametrize(
    ("minutes", "text"), [(60, "1 giờ"), (90, "1 giờ 30 phút"), (30, "30 phút"), (120, "2 giờ")]
)
def test_the_snooze_label_follows_the_setting(minutes: int, text: str) -> None:
    assert duration_text(timedelta(minutes=minutes)) == text
    rules = ReminderRules(tz=TZ, snooze=timedelta(minutes=minutes))
    label = render_reminder(K.DAY_BEFORE, MEETING, "1", rules).buttons[0][0].label
    assert label == f"Nhắc lại sau {text}"
