"""English texts (`LANGUAGE=en`): the same keys and placeholders as `vi.py` (a test checks)."""

MESSAGES: dict[str, str] = {
    # Linking an account
    "link.ask_contact": (
        "Hello, comrade! This bot collects reports on Party cell meetings.\n\n"
        "To begin, please press the <b>«{button}»</b> button below. The bot only uses this "
        "number to find you in the list of assigned cadres."
    ),
    "link.share_button": "📱 Share my phone number",
    "link.instructions": (
        "This account is not linked to any cadre yet.\n"
        "• Type /start and press «Share my phone number», or\n"
        "• type <code>/start CODE</code> with the invite code from the organising office."
    ),
    "link.forged_contact": (
        "The bot only accepts your own phone number. "
        "Please press «Share my phone number» instead of sending someone else's contact."
    ),
    "link.unknown_phone": (
        "The phone number {phone} is not in the list of assigned cadres.\n"
        "Please ask the organising office to add it, or get an invite code and type "
        "<code>/start CODE</code>."
    ),
    "link.code_invalid": (
        "This invite code is wrong, already used or expired. "
        "Please ask the organising office for a new one."
    ),
    "link.account_taken": (
        "This account is already linked to another cadre. Please contact the organising office."
    ),
    "link.cadre_has_other_account": (
        "This phone number is already linked to another account. "
        "To move to this account, ask the organising office for a new invite code and type "
        "<code>/start CODE</code>."
    ),
    "link.welcome": "Hello, comrade <b>{name}</b>! Your account is now linked.",
    "link.welcome_back": "Hello, comrade <b>{name}</b>!",
    # What a linked cadre is assigned to
    "roster.assignments_header": "You are assigned to attend the meetings of:",
    "roster.assignment_line": (
        "• <b>{cell}</b> — {unit}\n  Meets {rule}, at {time}{place}.\n"
        "  Next meeting: {next_meeting}"
    ),
    "roster.place_suffix": ", at {place}",
    "roster.next_meeting": "{weekday}, {date}",
    "roster.no_next_meeting": "not yet known",
    "roster.no_assignments": "You are not assigned to any Party cell's meetings at the moment.",
    # Help and fallbacks
    "help.cadre": (
        "Commands:\n"
        "/start — your cells and their next meetings\n"
        "/baocao — report on a meeting you attended (continues a draft if there is one)\n"
        "/huy — pause the report in progress (the draft is kept)\n"
        "/lich — the meeting schedule and what you have reported\n"
        "/trogiup — this help"
    ),
    "help.unknown_command": "The bot does not know this command.",
    # The command menu Telegram shows (plain text, short)
    "command.baocao": "Report on a meeting you attended",
    "command.lich": "Meeting schedule and report status",
    "command.cuatoi": "The reports you have sent",
    "command.huy": "Pause the report in progress",
    "command.start": "Link your account, see your cells",
    "command.trogiup": "Help",
    # Meeting rules in words
    "rule.day": "on day {day} of every month",
    "rule.nth_weekday": "on the {nth} {weekday} of the month",
    "rule.nth.1": "first",
    "rule.nth.2": "second",
    "rule.nth.3": "third",
    "rule.nth.4": "fourth",
    "rule.nth.-1": "last",
    # The report conversation
    "report.choose_meeting": "Which meeting would you like to report on?",
    "report.no_meetings": (
        "No meeting is waiting for your report. "
        "If the cell met on a day outside the schedule, press «Another day»."
    ),
    "report.meeting_button": "{cell} — {date}",
    "report.amend_button": "✏️ Amend report: {cell} — {date}",
    "report.other_date_button": "📅 Another day",
    "report.pick_cell": "Which cell's meeting?",
    "report.ask_date": "On which day did the cell meet? Type the date, e.g. 05/09/2026 or 5/9.",
    "report.date_out_of_window": (
        "Only meetings held in the last {days} days can be reported. Please type the date again."
    ),
    "report.other_date_taken": (
        "According to the schedule, this month's meeting of the cell was cancelled or has been "
        "reported on another day. Please contact the organising office if the schedule changed."
    ),
    "report.postpone_has_reports": (
        "Another cadre has already reported on this meeting, so it cannot be rescheduled "
        "through the bot. Please tell the organising office."
    ),
    "report.already_reported": "You have already reported on this meeting. Type /baocao to see it.",
    "report.meeting_not_reportable": (
        "This meeting is no longer waiting for your report. Type /baocao to see the list."
    ),
    "report.started": "Report on the meeting of <b>{cell}</b> at {when}.",
    "report.resumed": (
        "Continuing the report in progress: <b>{cell}</b>, {when}. Your answers so far are kept."
    ),
    "report.amend_started": (
        "Amending report {receipt}: choose «Edit» to change an answer, then «Send»."
    ),
    "report.amend_closed": "The time to amend this report is over.",
    "report.amend_cannot_postpone": (
        "A report already sent cannot be changed to «postponed». "
        "If the schedule changed, please tell the organising office."
    ),
    "report.question": "<b>Question {number}/{total}.</b> {prompt}",
    "report.help": "<i>{text}</i>",
    "report.hint_integer": "(Type a number, e.g. 25.)",
    "report.hint_time": "(Type a time, e.g. 19:30 or 19h30.)",
    "report.hint_date": "(Type a date, e.g. 05/09/2026.)",
    "report.hint_text": "(Type your answer, at most {limit} characters.)",
    "report.hint_photos": "(Send photos, at most {count}; press «Done» when finished.)",
    "report.hint_multi": "(Tick every item that applies, then press «Done».)",
    "report.current_value": "Current answer: <b>{value}</b>",
    "report.photos_received": "{count} photo(s) received.",
    "report.error": "⚠️ {error}",
    "report.done_button": "✔️ Done ({count} selected)",
    "report.photos_done": "✔️ Done",
    "report.prefill_button": "{value} (from the roster)",
    "report.back_button": "◀️ Back",
    "report.skip_button": "Skip ⏭",
    "report.review_subject": "the report",
    "report.review_title": "<b>Check {title} before sending</b>",
    "report.review_item": "• {prompt}: <b>{value}</b>",
    "report.review_derived": "▫️ {label}: <b>{value}</b>",
    "report.review_hint": "Press «Edit» to change an answer, or «Send report».",
    "report.edit_button": "✏️ Edit",
    "report.submit_button": "📨 Send report",
    "report.edit_menu": "Which answer would you like to change?",
    "report.back_to_review": "◀️ Back to the review",
    "report.use_buttons": "Please choose with the buttons below.",
    "report.unsupported_input": (
        "The bot cannot read this kind of message (sticker, voice note, file…). "
        "Please answer the question below with text or a button."
    ),
    "report.stale_button": "This button is out of date and does nothing. Here is the current step:",
    "report.answer_for_earlier_question": (
        "«{text}» was sent while the bot was still on the previous question, so it was not "
        "recorded for this one. Please answer the current question:"
    ),
    "report.pause_confirm": "Pause the report? Your answers so far are saved.",
    "report.pause_yes": "⏸ Pause",
    "report.pause_no": "Keep answering",
    "report.paused": "Draft saved. When convenient, type /baocao to continue where you left off.",
    "report.nothing_open": "List closed. Type /baocao when you need to report.",
    "report.nothing_to_cancel": "Nothing is in progress.",
    "report.receipt": (
        "✅ Report sent to the standing committee. Receipt number: <b>{receipt}</b>.\n"
        "Until the deadline you can amend it with /baocao."
    ),
    "report.amend_receipt": "✅ Report <b>{receipt}</b> updated (revision {revision}).",
    "report.receipt_late": (
        "✅ Report sent to the standing committee. Receipt number: <b>{receipt}</b>.\n"
        "⏰ The report is recorded as late."
    ),
    "report.postponed_saved": (
        "✅ Recorded: the meeting is postponed to {when}. The standing committee has been told; "
        "the bot will remind you of the new date."
    ),
    "report.photos_caption": "Photos of report {receipt}",
    # Report summaries for the committee chat
    "summary.title": "📋 <b>PARTY CELL MEETING REPORT</b> · no. {receipt}",
    "summary.amended_title": "✏️ <b>Report updated</b> · no. {receipt} (revision {revision})",
    "summary.postponed_title": "📅 <b>PARTY CELL MEETING POSTPONED</b>",
    "summary.cell": "<b>{cell}</b> — {unit}",
    "summary.meeting": "Meeting: {when}",
    "summary.cadre": "Attending cadre: {name}",
    "summary.attendance": "Attendance: {present}/{eligible} members ({percent})",
    "summary.duration": "Time: {start}–{end} ({minutes} minutes)",
    "summary.type": "Meeting type: {type}",
    "summary.meets": "Verdict: ✅ <b>Meets the standard</b>{grade}",
    "summary.below": "Verdict: ❌ <b>Below the standard</b>{grade}",
    "summary.grade": " — {score} points, {grade}",
    "summary.failing": "Criteria not met:",
    "summary.remarks": "Cadre's remarks: «{text}»",
    "summary.proposals": "Proposals: «{text}»",
    "summary.photos": "Photos: {count} (sent below)",
    "summary.cancelled": "❌ The meeting was <b>not held</b>. Reason: «{reason}»",
    "summary.absent": "⚠️ The cadre <b>could not attend</b>. Reason: «{reason}»",
    "summary.postponed": "Postponed to: <b>{when}</b>",
    "summary.late": "⏰ <b>Late</b> (deadline: {deadline})",
    "summary.changes": "Changes:",
    "summary.change": "• {prompt}: {old} → {new}",
    "summary.no_changes": "• (no answer changed)",
    "summary.absent_value": "(none)",
    # Weekday names, Monday first
    "weekday.0": "Monday",
    "weekday.1": "Tuesday",
    "weekday.2": "Wednesday",
    "weekday.3": "Thursday",
    "weekday.4": "Friday",
    "weekday.5": "Saturday",
    "weekday.6": "Sunday",
    # Calendar
    "calendar.plan_done": ("Meetings planned until {until}: {added} added, {updated} updated."),
    "calendar.plan_moved": "  {cell} ({unit}): {old} → {new} ({old_weekday} → {new_weekday})",
    "calendar.day_off_added": "Recorded {date} as a day off{note}.",
    "calendar.working_day_added": "Recorded {date} as a working day{note}.",
    "calendar.exception_removed": (
        "Removed {date} from the committee's own days off and working days."
    ),
    "calendar.exception_missing": (
        "{date} is not among the committee's own days off and working days."
    ),
    "calendar.days_off_header": (
        "Public holidays (Tết included) and the committee's own days off and working days "
        "in {year} (besides Saturdays and Sundays):"
    ),
    "calendar.public_holiday_line": "{weekday} {date}: public holiday — {name}",
    "calendar.exception_line": "{weekday} {date}: {kind}{note}",
    "calendar.kind.off": "committee's day off",
    "calendar.kind.working": "committee's working day",
    "calendar.note_suffix": " ({note})",
    "calendar.no_exceptions": "The committee has no days off or working days of its own yet.",
    "calendar.bad_date": "Invalid date: «{value}». Write dd/mm/yyyy or YYYY-MM-DD.",
    "calendar.cell_not_found": (
        "No cell named «{cell}». Write the cell's name, or «Unit/Cell» when two share a name."
    ),
    "calendar.cell_ambiguous": "Several cells are named «{cell}»; please write one of:",
    "calendar.cell_choice": "  {unit}/{cell}",
    "calendar.no_meeting": (
        "{cell} ({unit}) has no meeting on {date}. (Meetings are planned only {days} days ahead.)"
    ),
    "calendar.meeting_has_report": (
        "The meeting of {cell} ({unit}) on {date} already has a report, so it cannot be moved "
        "or cancelled."
    ),
    "calendar.meeting_already_cancelled": (
        "The meeting of {cell} ({unit}) on {date} was already cancelled; nothing changed."
    ),
    "calendar.moved": "Moved the meeting of {cell} ({unit}) from {old} to {new}.",
    "calendar.cancelled": "Cancelled the meeting of {cell} ({unit}) at {when}.",
    "calendar.committee_told": "The standing committee's chat will be told.",
    "calendar.no_committee_chat": (
        "COMMITTEE_CHAT_ID is not set, so the standing committee's chat is not told."
    ),
    "calendar.notice_moved": "📅 The meeting of <b>{cell}</b> ({unit}) moves from {old} to {new}.",
    "meeting.reason_line": "\nReason: {reason}",
    "meeting.place_line": "\nPlace: {place}",
    "meeting.cadre_moved": (
        "📅 The meeting of <b>{cell}</b> ({unit}) that you are assigned to attend has moved "
        "from {old} to <b>{new}</b>."
    ),
    "meeting.cadre_cancelled": (
        "📅 The meeting of <b>{cell}</b> ({unit}) at {when} that you are assigned to attend "
        "has been cancelled."
    ),
    "meeting.nearest": "This cell's nearest meeting: {weekday} {when}.",
    "meeting.move_into_past": (
        "Cannot move the meeting to {when}: that time has passed. Please choose a coming day."
    ),
    "meeting.move_needs_force": (
        "{date} is a day off ({why}). To hold the meeting that day anyway, run the command "
        "again with --force."
    ),
    "meeting.off.committee": "the committee's own day off",
    "meeting.bad_range": "Invalid range: {start} is after {end}.",
    "meeting.list_empty": "No meetings from {start} to {end}.",
    "meeting.list_header": "{count} meeting(s) from {start} to {end}:",
    "meeting.column.unit": "Unit",
    "meeting.column.cell": "Cell",
    "meeting.column.when": "Date and time",
    "meeting.column.status": "Status",
    "meeting.column.cadres": "Cadres",
    "meeting.column.reports": "Reports",
    "meeting.status.planned": "planned",
    "meeting.status.moved": "moved",
    "meeting.status.held": "held",
    "meeting.status.postponed": "postponed",
    "meeting.status.cancelled": "cancelled",
    "calendar.notice_cancelled": (
        "📅 The meeting of <b>{cell}</b> ({unit}) at {when} has been cancelled."
    ),
    # Calendar: /lich
    "schedule.header": "📅 <b>Party cell meetings</b> from {start} to {end}:",
    "schedule.line": "• {weekday} {date}, {time} — <b>{cell}</b> ({unit}){place}\n  {status}",
    "schedule.empty": "No Party cell meetings from {start} to {end}.",
    "schedule.status.upcoming": "⏳ upcoming",
    "schedule.status.upcoming_changed": "⏳ upcoming (schedule changed)",
    "schedule.status.not_reported": "❗ not reported",
    "schedule.status.cancelled": "✖️ cancelled",
    "schedule.status.postponed": "↪️ moved",
    "schedule.outcome.held": "✅ reported",
    "schedule.outcome.postponed": "✅ reported as postponed",
    "schedule.outcome.cancelled": "✅ reported as not held",
    "schedule.outcome.absent": "✅ reported as unable to attend",
    # Reminders
    "reminder.remind_day_before": "🔔 <b>Party cell meeting reminder</b>\n{details}",
    "reminder.remind_hours_before": "🔔 <b>The Party cell meeting is coming up</b>\n{details}",
    "reminder.remind_snooze": "🔔 <b>Reminder again: Party cell meeting</b>\n{details}",
    "reminder.details": (
        "📅 {weekday} {date}, at <b>{time}</b>\n📍 {place}\n🏛 <b>{cell}</b> — {unit}"
    ),
    "reminder.no_place": "place not recorded",
    "reminder.report_prompt": (
        "📝 The meeting of <b>{cell}</b> ({unit}) at {when} should be over by now.\n"
        "Please report before <b>{deadline}</b>."
    ),
    "reminder.nudge_morning": (
        "⏰ You have not yet reported on the meeting of <b>{cell}</b> ({unit}) at {when}.\n"
        "Deadline: <b>{deadline}</b>."
    ),
    "reminder.nudge_before_deadline": (
        "⏰ <b>The deadline is near</b> for your report on the meeting of <b>{cell}</b> "
        "({unit}) at {when}.\nDeadline: <b>{deadline}</b>."
    ),
    "reminder.overdue": (
        "❗ Your report on the meeting of <b>{cell}</b> ({unit}) at {when} is overdue "
        "({deadline}).\nThe bot still accepts it (recorded as late); please send it soon."
    ),
    "reminder.button.snooze": "Remind me in {duration}",
    "reminder.button.absent": "I cannot attend",
    "reminder.button.postpone": "Meeting postponed",
    "reminder.button.report": "Report now",
    "reminder.minutes": "{minutes} minutes",
    "reminder.hours": "{hours} hours",
    "reminder.hours_minutes": "{hours} hours {minutes} minutes",
    "reminder.snoozed": "The bot will remind you at {time}.",
    "reminder.snoozed_on": "The bot will remind you at {time} on {date}.",
    "reminder.snooze_too_late": (
        "The meeting starts at {time}, before the reminder would, so the bot will not remind "
        "you again."
    ),
    "reminder.not_needed": "This meeting has been reported, cancelled or rescheduled.",
    "reminder.refused": "This button is not for you.",
    # Operational notices to admins
    "admin.cannot_reach": (
        "⚠️ Could not send a message to comrade {name} ({error}). "
        "They may have blocked the bot; please contact them directly."
    ),
    "admin.update_parked": (
        "⚠️ A message sent to the bot (chat {chat}) could not be handled after several tries "
        "and was set aside: {error}. Later messages are handled as usual."
    ),
    # Command line (admins)
    "cli.migrated": "The database is at the newest version ({revision}).",
    "cli.invite_unknown_phone": "No active cadre has the phone number {phone}.",
    "cli.invite_line": "{name} ({phone}): code {code} — {link}",
    "cli.invite_files": (
        "Written to {folder}: invites.csv, {count} QR codes (folder qr/) and the printable "
        "page invites.html."
    ),
    "invite_sheet.title": "Invite codes for the Party cell meeting report bot",
    "invite_sheet.step_scan": (
        "Open your phone's camera, scan the QR code, then press «Start» in Telegram."
    ),
    "invite_sheet.step_open": "Open Telegram and find the organising office's bot.",
    "invite_sheet.step_code": "Or send the bot: /start {code}",
    "invite_sheet.code": "Invite code:",
    "invite_sheet.expires": "Works once, expires at {expires}.",
    "status.no_database": (
        "No database at {path}. Check DATABASE_URL, or run «python bot.py migrate»."
    ),
    "status.schema_behind": (
        "The database is at version {revision}, the newest is {head}: run «python bot.py migrate»."
    ),
    "status.database": "Database: {url} (version {revision})",
    "status.cadres": "Active cadres: {active}; linked on Telegram: {telegram}, Zalo: {zalo}",
    "status.meetings": "Meetings in {month}: {total} ({detail})",
    "status.reports": (
        "Reports awaited (meetings of the last {days} days): {awaiting}; "
        "returned for amendment: {returned}"
    ),
    "status.outbox": "Messages pending: {pending}; failed: {failed}; sent: {sent}",
    "status.last_activity": "Last activity of a user: {when}",
    "status.never": "none yet",
    "status.jobs_header": "Next scheduled jobs:",
    "status.job": "  {name}: {when}",
    "status.job.plan": "plan meetings",
    "status.job.weekly": "weekly digest",
    "status.job.monthly": "monthly digest",
    "status.job.message": "next queued message",
    "backup.not_sqlite": "backup works on SQLite only. For PostgreSQL, back up with pg_dump.",
    "backup.target_exists": "{path} already exists; choose another name so nothing is overwritten.",
    "backup.failed": "The backup failed: {error}. The database was not changed.",
    "backup.done": "Database backed up to {path} ({size} MB).",
    # Settings errors: one line, `name` is the setting as in .env
    "settings.invalid": "Invalid setting {name}: {problem}",
    "settings.invalid_combination": "Invalid settings: {problem}",
    "settings.problem.int_parsing": "expected a whole number",
    "settings.problem.int_type": "expected a whole number",
    "settings.problem.float_parsing": "expected a number",
    "settings.problem.bool_parsing": "expected true or false",
    "settings.problem.greater_than_equal": "must be {ge} or more",
    "settings.problem.less_than_equal": "must be {le} or less",
    "settings.problem.greater_than": "must be more than {gt}",
    "settings.problem.less_than": "must be less than {lt}",
    "settings.problem.literal_error": "expected {expected}",
    "settings.problem.missing": "not set",
    "settings.problem.string_type": "expected text",
    "settings.problem.timezone": "unknown time zone «{value}» (e.g. Asia/Ho_Chi_Minh)",
    "settings.problem.language": "expected vi (Vietnamese) or en (English), not «{value}»",
    "settings.problem.http_url": "must start with http:// or https://",
    "settings.problem.database_url": (
        "must start with sqlite+aiosqlite:// or postgresql+asyncpg://"
    ),
    "settings.problem.file_missing": "file not found: {value}",
    "settings.problem.clock": "invalid time «{value}», write HH:MM (e.g. 08:00)",
    "settings.problem.quiet_hours": (
        "invalid «{value}», write HH:MM-HH:MM (e.g. 21:30-06:30) with two different times, "
        "or leave it empty"
    ),
    "settings.problem.digest_weekly": (
        "invalid «{value}», write «mon 07:30» (mon…sun or t2…t7, cn) or off"
    ),
    "settings.problem.digest_monthly": "invalid «{value}», write «3 07:30» (day 1–28) or off",
    "settings.problem.webhook_secret_alphabet": "use 1-256 characters from A-Z, a-z, 0-9, _ and -",
    "settings.problem.webhook_needs_secret": "WEBHOOK_SECRET is required when WEBHOOK_URL is set",
    "settings.problem.zalo_webhook_needs_secret": (
        "ZALO_WEBHOOK_SECRET is required when ZALO_WEBHOOK_URL is set"
    ),
    # Expected failures of a command (`bot/cli_errors.py`): what happened, what to do
    "cli.bad_questionnaire": "Invalid questionnaire: {problem}",
    "cli.error.file_not_found": "File not found: {path}. Check the path.",
    "cli.error.permission": "No permission to read or write {path}. Check its permissions.",
    "cli.error.not_a_file": "{path} is not the kind of file the command needs. Check the path.",
    "cli.error.database_locked": (
        "The database is busy (another process held the write lock too long). "
        "Wait a moment and run the command again."
    ),
    "cli.error.database": "Database error: {detail}. Check DATABASE_URL and the free disk space.",
    "cli.error.invalid_token": (
        "Telegram refuses this TELEGRAM_BOT_TOKEN. Get the token again from @BotFather and "
        "fix .env."
    ),
    "cli.error.network": (
        "Cannot reach Telegram ({detail}). Check the network, or set TELEGRAM_BOT_USERNAME so "
        "that invite does not need to ask Telegram."
    ),
    # Checking answers to the questionnaire (`bot/questionnaire/`)
    "answer.integer_not_number": "Please type a whole number, e.g. 25.",
    "answer.integer_negative": "The number cannot be negative.",
    "answer.integer_decimal": "Please type a whole number, without decimals.",
    "answer.integer_range": "The number must be from {min} to {max}.",
    "answer.integer_at_least": "The number must be {min} or more.",
    "answer.integer_at_most": "The number cannot be more than {max}.",
    "answer.time_invalid": "Invalid time. Please write it as 19:30 or 19h30.",
    "answer.date_invalid": "Invalid date. Please write dd/mm/yyyy, e.g. 05/09/2026.",
    "answer.date_not_in_calendar": (
        "Invalid date: {day:02d}/{month:02d}/{year} is not in the calendar."
    ),
    "answer.date_needs_year": "Please write the year too, e.g. 05/09/2026.",
    "answer.date_year_range": "The year {year} is not valid.",
    "answer.text_empty": "Please type something; it cannot be empty.",
    "answer.text_too_long": (
        "The text is {length} characters long, over the limit of {limit}. Please shorten it."
    ),
    "answer.option_invalid": "This choice is not valid for this question.",
    "answer.select_at_least": "Please choose at least {min} item(s).",
    "answer.select_at_most": "Choose at most {max} item(s).",
    "answer.photos_too_many": "At most {max} photos are accepted. Press «Done» to go on.",
    "answer.photos_needed": "Please send at least one photo.",
    "answer.photos_only": "This question needs photos, then «Done».",
    "answer.required_missing": "This question is required; please answer it.",
    "answer.value_invalid": "The saved answer is not valid; please answer again.",
    "answer.skipped": "(skipped)",
    "answer.nothing_selected": "(nothing chosen)",
    "answer.use_buttons": "Please choose with the buttons below.",
    "answer.foreign_option": "This choice does not belong to the current question.",
    "answer.nothing_to_finish": "This question has no «Done» step; please answer the question.",
    "answer.cannot_skip": "This question is required and cannot be skipped.",
    "answer.cannot_edit": "This question cannot be edited now.",
    "answer.submit_too_early": "Please answer every question before sending the report.",
    "answer.on_review": (
        "The report is at the review step: press «Edit» to change an answer, or «Send report»."
    ),
    "answer.unknown_input": "This action is not understood.",
    "answer.no_photos_here": "This question does not take photos.",
    "answer.photo_count": "{count} photo(s)",
    # Help of the command line's commands and arguments
    "cli.help.description": "fieldreport-bot: reminders of and reports on Party cell meetings.",
    "cli.help.run": "run the bot (Telegram with a token, otherwise the demo)",
    "cli.help.demo": "the demo in the terminal",
    "cli.help.demo_script": "script file: one message per line",
    "cli.help.demo_date": "pretend today is this day (YYYY-MM-DD)",
    "cli.help.demo_fast": "a cadre's month on a simulated clock",
    "cli.help.migrate": "bring the database schema up to date",
    "cli.help.import": "import the cells and assignments",
    "cli.help.import_path": "an .xlsx file or a folder with two CSV files",
    "cli.help.import_dry_run": "only show what would change, save nothing",
    "cli.help.import_allow_foreign": "accept phone numbers outside Vietnam",
    "cli.help.import_yes": "confirm an import that ends over a third of the running assignments",
    "cli.help.invite": "create invite codes to link accounts",
    "cli.help.invite_phone": "one cadre's phone number",
    "cli.help.invite_all": "every active cadre not yet linked on Telegram",
    "cli.help.invite_messenger": "codes for Telegram (the default) or Zalo",
    "cli.help.invite_out": "write invites.csv, QR codes and the printable invites.html",
    "cli.help.status": "state: database, cadres, meetings, message queue",
    "cli.help.backup": "back up the SQLite database while the bot runs",
    "cli.help.backup_file": "the backup file (must not exist yet)",
    "cli.help.plan": "plan the coming meetings from the cells' rules",
    "cli.help.holidays": "the committee's own days off and working days",
    "cli.help.holidays_add": "add a day off (or a working day)",
    "cli.help.day": "dd/mm/yyyy or YYYY-MM-DD",
    "cli.help.holidays_working": "a working day (e.g. a make-up Saturday)",
    "cli.help.holidays_note": "a note, e.g. the holiday's name",
    "cli.help.holidays_remove": "remove a day added before",
    "cli.help.holidays_list": "a year's public holidays, Tết and the committee's own days",
    "cli.help.holidays_year": "default: this year",
    "cli.help.meeting": "list, move or cancel meetings",
    "cli.help.meeting_list": "list the meetings (default: this month)",
    "cli.help.meeting_cell_filter": "one cell only",
    "cli.help.meeting_status": "only this status (repeatable)",
    "cli.help.cell": "the cell's name, or «Unit/Cell» when two share a name",
    "cli.help.meeting_move": "move a meeting to another day",
    "cli.help.meeting_date": "the meeting's day (as planned or as shifted)",
    "cli.help.meeting_new_date": "the new day",
    "cli.help.meeting_time": "the new time (default: the same time)",
    "cli.help.meeting_force": "move even onto a day off or a holiday",
    "cli.help.meeting_cancel": "cancel a meeting",
    "cli.help.meeting_day": "the meeting's day",
    "cli.help.meeting_reason": "the reason, sent with the notice to the committee and the cadres",
    "cli.help.digest": "a month's digest: text, chart, spreadsheet",
    "cli.help.month": "the month, YYYY-MM",
    "cli.help.as_of": "figures as at the end of this day (YYYY-MM-DD); default: now",
    "cli.help.digest_unit": "one unit only (name, with or without accents)",
    "cli.help.digest_out": "the folder to write the files into",
    "cli.help.export": "export a month's report spreadsheet",
    "cli.help.export_out": "the .xlsx file to write",
    # argparse's own words (`bot/cli_parser.py`); %-placeholders are argparse's
    "argparse.usage": "usage: ",
    "argparse.positional": "positional arguments",
    "argparse.options": "options",
    "argparse.help": "show this help message and exit",
    "argparse.argument": "argument %(argument_name)s: %(message)s",
    "argparse.unrecognized": "unrecognized arguments: %s",
    "argparse.not_allowed_with": "not allowed with argument %s",
    "argparse.required": "the following arguments are required: %s",
    "argparse.one_required": "one of the arguments %s is required",
    "argparse.expected_one": "expected one argument",
    "argparse.expected_at_most_one": "expected at most one argument",
    "argparse.expected_at_least_one": "expected at least one argument",
    "argparse.ambiguous": "ambiguous option: %(option)s could match %(matches)s",
    "argparse.invalid_value": "invalid value: %(value)r",
    "argparse.invalid_choice": "invalid choice: %(value)r (choose from %(choices)s)",
    "argparse.error": "%(prog)s: error: %(message)s\n",
    "cli.invite_summary": "Created {count} invite code(s), each works once, expiring at {expires}.",
    "cli.invite_no_username": (
        "The bot's username is unknown, so there is no link: set TELEGRAM_BOT_USERNAME (or "
        "TELEGRAM_BOT_TOKEN) and create the codes again, or send the cadres /start CODE."
    ),
    # Console demo
    "demo.banner": (
        "=== fieldreport-bot demo (no Telegram needed) ===\n"
        "You play the cadre {name} (phone {phone}).\n"
        "Type /start to begin. When the bot asks for the phone number, type it (instead of "
        "the share button).\n"
        "Pick a button by typing its number. Type /thoat to quit."
    ),
    "demo.share_hint": "(demo: type the phone number to play the «{button}» button)",
    "demo.bye": "Goodbye!",
    "demo.committee_header": "──── 📨 The standing committee's chat receives ────",
    "demo.committee_photos": "(with {count} photo(s))",
    "demo.to_cadre": "{when} — the bot sends comrade {name}:",
    "demo.month_banner": (
        "=== A month of comrade {name}, on a simulated clock (30-minute steps) ===\n"
        "Reminders before the meeting, the report prompt, a report, nudges, overdue, "
        "a late report."
    ),
    # Leadership: digests, on-demand commands, exports, review of reports
    "digest.title": "📊 <b>PARTY CELL MEETINGS DIGEST</b>",
    "digest.unit": "Scope: <b>{unit}</b>",
    "digest.as_of": "Figures as of {time} on {day}",
    "digest.legend": "(▲▼: compared with {previous})",
    "digest.period_month": "month {month}",
    "digest.period_week": "week {start} – {end}",
    "digest.period_range": "{start} – {end}",
    "digest.up": "▲{delta}",
    "digest.down": "▼{delta}",
    "digest.same": "=",
    "digest.received": "📨 Received <b>{received}/{expected}</b> reports ({percent})",
    "digest.timeliness": (
        "    on time {on_time} · late {late} · missing {missing} (overdue {overdue})"
    ),
    "digest.grades": "    grades: {grades}",
    "digest.attendance": "👥 Average attendance {attendance}",
    "digest.not_held": "🚫 Not held: {cancelled} · postponed: {postponed}",
    "digest.criteria": "⚠️ Criteria not met:",
    "digest.review": "✏️ Amendments requested: {returned} pending · {amended} amended",
    "digest.none_missing": "✅ All {expected} reports received.",
    "digest.missing_title": "<b>Not reported ({count})</b>",
    "digest.missing_item": "{cell} — {cadre}, {date} ({status})",
    "digest.unit_heading": "<b>{unit}</b>",
    "digest.overdue": "{days} days overdue",
    "digest.not_due": "not yet due",
    "digest.more_missing": "… and {count} more: type /chuanop to see them all.",
    "digest.missing_list_title": "📋 <b>NOT REPORTED</b> · {period}",
    "digest.streaks_title": "<b>Needs attention</b>",
    "digest.streak": "• {cell} ({unit}): below the standard {months} months running",
    "digest.more_streaks": "… and {count} more cells (see the spreadsheet).",
    "digest.proposals_title": "<b>Proposals</b>",
    "digest.proposal": "• {cell} ({unit}): «{text}»",
    "digest.more_proposals": "… and {count} more proposals (see the spreadsheet).",
    "chart.title": "Party cell meetings by unit — {period}",
    "chart.subset": "({shown}/{total} units with the most reports below standard or missing)",
    "chart.empty": "No figures yet",
    "chart.meets": "Meets the standard",
    "chart.below": "Below",
    "chart.missing": "Not reported",
    "chart.axis": "Reports",
    "sheet.summary": "Summary",
    "sheet.details": "Details",
    "sheet.missing": "Not reported",
    "sheet.header.stt": "No.",
    "sheet.header.unit": "Unit",
    "sheet.header.cell": "Cell",
    "sheet.header.members": "Members",
    "sheet.header.meeting_date": "Meeting date",
    "sheet.header.rating": "Rating",
    "sheet.header.notes": "Notes",
    "sheet.header.receipt": "Report no.",
    "sheet.header.cadre": "Attending cadre",
    "sheet.header.submitted_at": "Submitted at",
    "sheet.header.late": "Late",
    "sheet.header.state": "State",
    "sheet.header.revision": "Revision",
    "sheet.header.verdict": "Verdict",
    "sheet.header.score": "Score",
    "sheet.header.grade": "Grade",
    "sheet.header.phone": "Phone",
    "sheet.header.deadline": "Deadline",
    "sheet.header.days_overdue": "Days overdue",
    "sheet.meets": "Meets",
    "sheet.below": "Below",
    "sheet.yes": "Yes",
    "sheet.no": "No",
    "sheet.state.submitted": "Submitted",
    "sheet.state.returned": "Amendment requested",
    "sheet.state.amended": "Amended",
    "sheet.note.cancelled": "Not held (cancelled)",
    "sheet.note.postponed": "Postponed",
    "sheet.note.unassigned": "No cadre assigned",
    "sheet.note.missing": "Not reported ({status})",
    "sheet.note.not_held": "Not held: {reason}",
    "sheet.note.absent": "Cadre could not attend: {reason}",
    "leadership.refused": (
        "This command is for the standing committee and the organising office only. "
        "Type /trogiup to see the commands for cadres."
    ),
    "leadership.bad_month": "Invalid month: «{value}». Write mm/yyyy, e.g. 03/2026.",
    "leadership.unit_not_found": "No unit «{unit}». The units: {units}.",
    "leadership.unit_ambiguous": "Several units match «{unit}»: {units}. Please be more precise.",
    "leadership.chart_caption": "📊 Chart of Party cell meetings · {period}",
    "leadership.sheet_caption": "📎 Report spreadsheet · {period}",
    "leadership.nudge_button": "🔔 Remind: {name}",
    "leadership.nudge_more": "(Remind buttons are shown for the first {shown}/{total} cadres.)",
    "leadership.nudge": (
        "⏰ <b>The standing committee reminds you</b> to report on your Party cell meetings:\n"
        "{items}\nPress a button below or type /baocao to report."
    ),
    "leadership.nudge_item": "• {cell} ({unit}), {date} — {status}",
    "leadership.nudge_report_button": "📝 {cell} — {date}",
    "leadership.nudge_sent": "🔔 Reminded comrade {name}.",
    "leadership.nudge_repeated": "Comrade {name} was reminded just now.",
    "leadership.nudge_nothing": "Comrade {name} has no reports left to send.",
    "leadership.nudge_unlinked": (
        "Comrade {name} has not linked Telegram, so the bot cannot remind them; "
        "please contact them directly ({phone})."
    ),
    "leadership.console_attachment": "(attachment: {name})",
    "cli.bad_month": "Invalid month: «{value}». Write YYYY-MM, e.g. 2026-03.",
    "cli.digest_written": "Written: {files}",
    "cli.export_written": "Spreadsheet written: {file}",
    "review.button": "Request amendment",
    "review.someone": "Comrade",
    "review.ask": (
        "✍️ {mention}, please write what report <b>{receipt}</b> ({cell}, {date}) should add "
        "by <b>replying to this message</b>. Type /huy to drop the request."
    ),
    "review.not_found": "Report not found.",
    "review.cancelled": "Dropped the amendment request for report {receipt}.",
    "review.nothing_to_cancel": "No amendment request is waiting for its text.",
    "review.too_long": "The text is longer than {limit} characters; please reply more briefly.",
    "review.to_cadre": (
        "📝 The standing committee asks you to amend report <b>{receipt}</b> ({cell}, {date}): "
        "«{comment}»\nPress the button below to reopen the report, edit it and send it again."
    ),
    "review.amend_button": "✏️ Amend the report",
    "review.sent": "✅ Amendment request for report {receipt} sent to comrade {name}.",
    "review.unlinked": (
        "⚠️ Report {receipt} is now «amendment requested», but comrade {name} has not linked "
        "Telegram and has not been told; please contact them directly ({phone})."
    ),
    "cli.copy_bad_url": (
        "Not a valid database address: «{url}». It must start with sqlite+aiosqlite:// or "
        "postgresql+asyncpg://."
    ),
    "cli.copy_done": (
        "Copied {rows} rows of {tables} tables from {source} to {target}; every table's row "
        "count matches."
    ),
    "cli.copy_mismatch": (
        "Table {table}'s row count does not match (source {source}, target {target}): "
        "cancelled, the target database is still empty."
    ),
    "cli.copy_not_empty": (
        "The target database {url} is not empty (table {table} has {rows} rows): nothing was "
        "copied. Copy into a new, empty database."
    ),
    "cli.copy_same": "Source and target are the same database ({url}): nothing to copy.",
    "cli.copy_table": "  {table}: {rows} rows",
    "roster.confirm_mass_end": (
        "This import would end {ended} of the {open} assignments in force (more than a "
        "third), so nothing was changed. If that is right, run it again with --yes."
    ),
    "roster.file_too_big": (
        "File «{file}» is too large ({size}); files up to {limit} are accepted. "
        "Please split the roster into several files."
    ),
    "roster.line_too_long": (
        "File «{file}», line {row} is longer than {limit} characters: not a proper CSV file."
    ),
    "roster.too_many_cells": (
        "The roster has more than {limit} cells of data; delete unused columns or split it "
        "into several files."
    ),
    "roster.too_many_rows": (
        "Sheet «{sheet}» has more than {limit} rows of data; please split the roster into "
        "several files."
    ),
    "roster.warnings": "Please check ({count} warnings; imported anyway):",
    "roster.xlsx_part_too_big": (
        "File «{file}» would take {size} once unpacked, beyond the safe limit: the file is "
        "damaged or abnormally inflated. Open it in Excel, save it again and re-import, or "
        "save it as CSV."
    ),
    "mine.answer": "{label}: {value}",
    "mine.line": "• {receipt} · {cell} · {when} · {verdict} · {state}",
    "mine.none": "You have not sent any report in the past year.",
    "mine.not_found": "This report was not found.",
    "mine.open": "📄 {receipt}",
    "mine.title": "<b>Your reports</b> (newest first):",
    "report.attach_button": "📎 Attach {label}",
    "report.group_intro": (
        "If all of the points below hold, press «{shortcut}»; otherwise answer each:"
    ),
    "report.group_item": "• {prompt}",
    "report.group_skip_intro": "Nothing to add for the questions below? Press «{shortcut}»:",
    "report.open_draft": "✏️ Report in progress: {cell}, {when} — type /baocao to continue.",
    "report.other_cancel": "✖️ Cancel",
    "report.prefill_noted": "{value} ({note})",
    "report.prefill_previous": "{value} (as last time)",
    "roster.past_meetings": (
        "Meetings already held in the reporting window, awaiting a report: {count}"
    ),
    "rubric.above": "{label} {value} > {threshold}",
    "rubric.below": "{label} {value} < {threshold}",
    "rubric.failed": "{label}: not met",
    "rubric.not_assessed": "{label} not assessed",
    "summary.cadre_assigned": "Assigned cadre: {name}",
    "summary.criterion": "• {id} {name}: {earned}/{points} points",
    "summary.rating_differs": "Cell's own rating: {rating} (differs from the bot's: {grade})",
    "summary.self_rating": "Cell's own rating: {rating}",
    "summary.situation": "Situation at the grassroots: «{text}»",
    "chart.as_of": "Figures as of {time} on {day}",
    "chart.trend_axis": "Rate",
    "chart.trend_meets": "Meets standard (% of those rated)",
    "chart.trend_on_time": "Reported on time (% of those due)",
    "chart.trend_title": "Trend over the last {months} months",
    "chart.unrated": "Not held / not attended",
    "command.chuanop": "Who has not reported, remind each",
    "command.tonghop": "The month's summary, with a chart",
    "command.xuat": "Spreadsheet to print and file",
    "demo.role_cadre": "🙋 You are the cadre {name} again (private chat with the bot).",
    "demo.role_committee": (
        "👥 You are now a member of the <b>committee's group chat</b>. Try /tonghop, /chuanop, "
        "/xuat, /trogiup, or type the number of the «Request more» button under the report just "
        "received, then the text. Type /vaitro to be the cadre again."
    ),
    "digest.below": "❌ Below standard: <b>{count}</b>",
    "digest.criterion": "    {id} {name}: {count}",
    "digest.duration": "⏱ Average length {minutes} minutes",
    "digest.meets": "✅ Meets standard: <b>{count}</b>",
    "digest.not_attended": "    cadres who could not attend: {absent}",
    "digest.nothing_expected": "No meeting in this period had to be reported.",
    "digest.period": "<b>{period}</b>",
    "digest.previous.month": "compared with last month",
    "digest.previous.partial_month": "compared with the same days last month",
    "digest.previous.partial_week": "compared with the same days last week",
    "digest.previous.range": "compared with the previous period",
    "digest.previous.week": "compared with last week",
    "help.committee": (
        "The committee's commands:\n"
        "/tonghop [mm/yyyy] [unit] — the month's summary, with a chart\n"
        "/chuanop [mm/yyyy] [unit] — who has not reported, a reminder button for each\n"
        "/xuat [mm/yyyy] [unit] — spreadsheet to print and file\n"
        "/trogiup — this help\n\n"
        "Each forwarded report has a «Request more» button: press it, then reply to the bot's "
        "message with what is needed (type /huy to drop it).\n"
        "Example: /tonghop 03/2026 minh hoa"
    ),
    "leadership.trend_caption": "📈 12-month trend up to {period}",
    "sheet.committee_default": "STANDING COMMITTEE",
    "sheet.generated": "Made at {when}",
    "sheet.header.attendance": "Attendance rate",
    "sheet.header.duration": "Length (minutes)",
    "sheet.title": "{sheet} — reports on Party-cell meetings, {period}",
    "summary.on_time": "🕑 Reported on time",
    "summary.reason": "    – {reason}",
    "summary.topic": "Theme: «{topic}»",
    "choices.hint": "(Reply with a number, e.g. 1)",
    "choices.hint_typed": "(Type your answer; or type #number to choose, e.g. #1)",
    "choices.invalid": "There is no such choice. Type one of the numbers: {numbers}.",
    "choices.stale": (
        "The number you typed belongs to an earlier message, so nothing was done. "
        "The current choices:\n{lines}"
    ),
    "cli.invite_line_zalo": "{name} ({phone}): code {code} — send this code to the bot on Zalo",
    "link.instructions_code": (
        "This account is not linked to any cadre.\n"
        "Please send the bot the invite code (10 characters) from the organising office, "
        "e.g. <code>AB3DE5FG7H</code>."
    ),
    "zalo.file_link": "Download the file (link valid for one day): {url}",
    "zalo.file_unavailable": (
        "(The attachment cannot be sent over Zalo. Please see it on Telegram, or ask an "
        "admin to run python bot.py export.)"
    ),
    "zalo.photos_attached": "(with {count} photos, see them on Telegram)",
}
