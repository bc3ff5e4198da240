"""Vietnamese texts. HTML is allowed; `{placeholders}` are filled with escaped values."""

MESSAGES: dict[str, str] = {
    # Linking an account
    "link.ask_contact": (
        "Xin chào đồng chí! Đây là bot nhận báo cáo dự sinh hoạt chi bộ.\n\n"
        "Để bắt đầu, xin bấm nút <b>«{button}»</b> bên dưới. Bot chỉ dùng số này "
        "để nhận ra đồng chí trong danh sách cán bộ được phân công."
    ),
    "link.share_button": "📱 Chia sẻ số điện thoại",
    "link.instructions": (
        "Tài khoản này chưa được liên kết với cán bộ nào.\n"
        "• Gõ /start rồi bấm nút «Chia sẻ số điện thoại», hoặc\n"
        "• gõ <code>/start MÃ</code> với mã mời do Ban Tổ chức gửi."
    ),
    "link.instructions_code": (
        "Tài khoản này chưa được liên kết với cán bộ nào.\n"
        "Xin gửi cho bot mã mời (10 ký tự) do Ban Tổ chức cấp, ví dụ: <code>AB3DE5FG7H</code>."
    ),
    "link.forged_contact": (
        "Bot chỉ nhận số điện thoại của chính đồng chí. "
        "Xin bấm nút «Chia sẻ số điện thoại» thay vì gửi danh bạ của người khác."
    ),
    "link.unknown_phone": (
        "Số điện thoại {phone} chưa có trong danh sách cán bộ được phân công.\n"
        "Xin liên hệ Ban Tổ chức để được bổ sung, hoặc nhận mã mời rồi gõ "
        "<code>/start MÃ</code>."
    ),
    "link.code_invalid": (
        "Mã mời không đúng, đã được dùng hoặc đã hết hạn. Xin liên hệ Ban Tổ chức để nhận mã mới."
    ),
    "link.account_taken": (
        "Tài khoản này đã được liên kết với một cán bộ khác. Xin liên hệ Ban Tổ chức."
    ),
    "link.cadre_has_other_account": (
        "Số điện thoại này đã được liên kết với một tài khoản khác. "
        "Để chuyển sang tài khoản này, xin liên hệ Ban Tổ chức nhận mã mời mới rồi gõ "
        "<code>/start MÃ</code>."
    ),
    "link.welcome": "Xin chào đồng chí <b>{name}</b>! Tài khoản đã được liên kết thành công.",
    "link.welcome_back": "Xin chào đồng chí <b>{name}</b>!",
    # What a linked cadre is assigned to
    "roster.assignments_header": "Đồng chí được phân công dự sinh hoạt tại:",
    "roster.assignment_line": (
        "• <b>{cell}</b> — {unit}\n  Họp {rule}, lúc {time}{place}.\n  Buổi tới: {next_meeting}"
    ),
    "roster.place_suffix": ", tại {place}",
    "roster.next_meeting": "{weekday}, {date}",
    "roster.no_next_meeting": "chưa xác định",
    "roster.no_assignments": "Hiện đồng chí chưa được phân công dự sinh hoạt chi bộ nào.",
    # Help and fallbacks
    "help.cadre": (
        "Các lệnh:\n"
        "/start — xem các chi bộ được phân công và buổi họp tới\n"
        "/baocao — báo cáo buổi sinh hoạt đã dự (làm tiếp bản nháp nếu có)\n"
        "/huy — tạm dừng báo cáo đang làm (vẫn giữ nháp)\n"
        "/lich — lịch sinh hoạt chi bộ và tình trạng báo cáo\n"
        "/trogiup — hướng dẫn này"
    ),
    "help.unknown_command": "Bot chưa hiểu lệnh này.",
    # The command menu Telegram shows (plain text, short)
    "command.baocao": "Báo cáo buổi sinh hoạt đã dự",
    "command.lich": "Lịch sinh hoạt và tình trạng báo cáo",
    "command.huy": "Tạm dừng báo cáo đang làm",
    "command.start": "Liên kết tài khoản, xem chi bộ được phân công",
    "command.trogiup": "Hướng dẫn",
    # Meeting rules in words
    "rule.day": "ngày {day} hằng tháng",
    "rule.nth_weekday": "{weekday} {nth} của tháng",
    "rule.nth.1": "đầu tiên",
    "rule.nth.2": "thứ hai",
    "rule.nth.3": "thứ ba",
    "rule.nth.4": "thứ tư",
    "rule.nth.-1": "cuối cùng",
    # The report conversation
    "report.choose_meeting": "Đồng chí muốn báo cáo buổi sinh hoạt nào?",
    "report.no_meetings": (
        "Hiện không có buổi sinh hoạt nào đang chờ báo cáo. "
        "Nếu chi bộ họp vào ngày khác lịch, bấm «Ngày khác»."
    ),
    "report.meeting_button": "{cell} — {date}",
    "report.amend_button": "✏️ Sửa báo cáo: {cell} — {date}",
    "report.other_date_button": "📅 Ngày khác",
    "report.pick_cell": "Buổi sinh hoạt của chi bộ nào?",
    "report.ask_date": "Chi bộ họp ngày nào? Gõ ngày, ví dụ 05/09/2026 hoặc 5/9.",
    "report.date_out_of_window": (
        "Chỉ báo cáo được buổi sinh hoạt đã diễn ra trong {days} ngày gần đây. Xin gõ lại ngày."
    ),
    "report.other_date_taken": (
        "Theo lịch, buổi sinh hoạt tháng này của chi bộ đã bị hủy hoặc đã được báo cáo vào ngày "
        "khác. Xin liên hệ Ban Tổ chức nếu lịch có thay đổi."
    ),
    "report.postpone_has_reports": (
        "Buổi sinh hoạt này đã có cán bộ khác báo cáo nên không thể dời lịch qua bot. "
        "Xin báo Ban Tổ chức."
    ),
    "report.already_reported": "Buổi sinh hoạt này đồng chí đã báo cáo rồi. Gõ /baocao để xem.",
    "report.meeting_not_reportable": (
        "Buổi sinh hoạt này không còn chờ báo cáo của đồng chí. Gõ /baocao để xem danh sách."
    ),
    "report.started": "Báo cáo buổi sinh hoạt <b>{cell}</b> lúc {when}.",
    "report.resumed": (
        "Tiếp tục báo cáo đang làm dở: <b>{cell}</b>, ngày {when}. "
        "Các câu đã trả lời vẫn được giữ nguyên."
    ),
    "report.amend_started": "Sửa báo cáo số {receipt}: chọn «Sửa» để đổi câu trả lời, rồi «Gửi».",
    "report.amend_closed": "Đã quá hạn sửa báo cáo này.",
    "report.amend_cannot_postpone": (
        "Báo cáo đã gửi không thể đổi thành «hoãn». Nếu lịch thay đổi, xin báo Ban Tổ chức."
    ),
    "report.question": "<b>Câu {number}/{total}.</b> {prompt}",
    "report.help": "<i>{text}</i>",
    "report.hint_integer": "(Gõ một số, ví dụ 25.)",
    "report.hint_time": "(Gõ giờ, ví dụ 19:30 hoặc 19h30.)",
    "report.hint_date": "(Gõ ngày, ví dụ 05/09/2026.)",
    "report.hint_text": "(Gõ nội dung, tối đa {limit} ký tự.)",
    "report.hint_photos": "(Gửi ảnh, tối đa {count} ảnh; bấm «Xong» khi đã gửi đủ.)",
    "report.hint_multi": "(Chọn tất cả các mục đúng, rồi bấm «Xong».)",
    "report.current_value": "Câu trả lời hiện tại: <b>{value}</b>",
    "report.photos_received": "Đã nhận {count} ảnh.",
    "report.error": "⚠️ {error}",
    "report.done_button": "✔️ Xong ({count} mục đã chọn)",
    "report.photos_done": "✔️ Xong",
    "report.prefill_button": "{value} (theo danh sách)",
    "report.back_button": "◀️ Quay lại",
    "report.skip_button": "Bỏ qua ⏭",
    "report.review_subject": "báo cáo",
    "report.review_title": "<b>Xem lại {title} trước khi gửi</b>",
    "report.review_item": "• {prompt}: <b>{value}</b>",
    "report.review_derived": "▫️ {label}: <b>{value}</b>",
    "report.review_hint": "Bấm «Sửa» để đổi một câu trả lời, hoặc «Gửi báo cáo».",
    "report.edit_button": "✏️ Sửa",
    "report.submit_button": "📨 Gửi báo cáo",
    "report.edit_menu": "Đồng chí muốn sửa câu nào?",
    "report.back_to_review": "◀️ Về màn hình xem lại",
    "report.use_buttons": "Xin chọn bằng các nút bên dưới.",
    "report.unsupported_input": (
        "Bot chưa đọc được loại tin nhắn này (nhãn dán, tin thoại, tệp…). "
        "Xin trả lời câu hỏi dưới đây bằng chữ hoặc bằng nút."
    ),
    "report.stale_button": "Nút này đã cũ, không còn tác dụng. Đây là bước hiện tại:",
    "report.pause_confirm": "Tạm dừng báo cáo? Các câu đã trả lời được lưu lại.",
    "report.pause_yes": "⏸ Tạm dừng",
    "report.pause_no": "Tiếp tục trả lời",
    "report.paused": "Đã lưu nháp. Khi nào tiện, gõ /baocao để làm tiếp từ câu đang dở.",
    "report.nothing_open": "Đã đóng danh sách. Gõ /baocao khi cần báo cáo.",
    "report.nothing_to_cancel": "Hiện không có việc gì đang làm dở.",
    "report.receipt": (
        "✅ Đã gửi báo cáo tới Thường trực. Số biên nhận: <b>{receipt}</b>.\n"
        "Trong thời hạn báo cáo, đồng chí có thể sửa bằng lệnh /baocao."
    ),
    "report.amend_receipt": "✅ Đã cập nhật báo cáo <b>{receipt}</b> (lần {revision}).",
    "report.receipt_late": (
        "✅ Đã gửi báo cáo tới Thường trực. Số biên nhận: <b>{receipt}</b>.\n"
        "⏰ Báo cáo được ghi nhận là nộp muộn."
    ),
    "report.postponed_saved": (
        "✅ Đã ghi nhận buổi sinh hoạt hoãn sang {when}. Thường trực đã được báo; "
        "bot sẽ nhắc lịch mới."
    ),
    "report.photos_caption": "Ảnh kèm báo cáo số {receipt}",
    # Report summaries for the committee chat
    "summary.title": "📋 <b>BÁO CÁO DỰ SINH HOẠT CHI BỘ</b> · số {receipt}",
    "summary.amended_title": "✏️ <b>Báo cáo đã được cập nhật</b> · số {receipt} (lần {revision})",
    "summary.postponed_title": "📅 <b>BUỔI SINH HOẠT CHI BỘ ĐƯỢC HOÃN</b>",
    "summary.cell": "<b>{cell}</b> — {unit}",
    "summary.meeting": "Ngày họp: {when}",
    "summary.cadre": "Cán bộ dự: {name}",
    "summary.attendance": "Dự họp: {present}/{eligible} đảng viên ({percent})",
    "summary.duration": "Thời gian: {start}–{end} ({minutes} phút)",
    "summary.type": "Loại sinh hoạt: {type}",
    "summary.meets": "Đánh giá: ✅ <b>Đạt chất lượng</b>{grade}",
    "summary.below": "Đánh giá: ❌ <b>Chưa đạt chất lượng</b>{grade}",
    "summary.grade": " — {score} điểm, {grade}",
    "summary.failing": "Tiêu chí chưa đạt: {criteria}",
    "summary.remarks": "Ý kiến của cán bộ: «{text}»",
    "summary.proposals": "Kiến nghị, đề xuất: «{text}»",
    "summary.photos": "Ảnh: {count} ảnh (gửi kèm bên dưới)",
    "summary.cancelled": "❌ Buổi sinh hoạt <b>không tổ chức</b>. Lý do: «{reason}»",
    "summary.absent": "⚠️ Cán bộ <b>không dự được</b>. Lý do: «{reason}»",
    "summary.postponed": "Hoãn sang: <b>{when}</b>",
    "summary.late": "⏰ <b>Nộp muộn</b> (hạn: {deadline})",
    "summary.changes": "Thay đổi:",
    "summary.change": "• {prompt}: {old} → {new}",
    "summary.no_changes": "• (không có câu trả lời nào thay đổi)",
    "summary.absent_value": "(chưa có)",
    # Weekday names, Monday first
    "weekday.0": "Thứ Hai",
    "weekday.1": "Thứ Ba",
    "weekday.2": "Thứ Tư",
    "weekday.3": "Thứ Năm",
    "weekday.4": "Thứ Sáu",
    "weekday.5": "Thứ Bảy",
    "weekday.6": "Chủ nhật",
    # Calendar
    "calendar.plan_done": (
        "Đã lập lịch sinh hoạt đến {until}: thêm {added} buổi, cập nhật {updated} buổi."
    ),
    "calendar.day_off_added": "Đã ghi {date} là ngày nghỉ{note}.",
    "calendar.working_day_added": "Đã ghi {date} là ngày làm việc{note}.",
    "calendar.exception_removed": (
        "Đã bỏ ngày {date} khỏi danh sách ngày nghỉ, ngày làm việc riêng."
    ),
    "calendar.exception_missing": (
        "Ngày {date} không có trong danh sách ngày nghỉ, ngày làm việc riêng."
    ),
    "calendar.exceptions_header": (
        "Ngày nghỉ, ngày làm việc riêng (ngoài nghỉ lễ, Tết theo quy định và thứ Bảy, Chủ nhật):"
    ),
    "calendar.exception_line": "{weekday} {date}: {kind}{note}",
    "calendar.kind.off": "nghỉ",
    "calendar.kind.working": "làm việc",
    "calendar.note_suffix": " ({note})",
    "calendar.no_exceptions": "Chưa có ngày nghỉ hay ngày làm việc riêng nào.",
    "calendar.bad_date": "Ngày không hợp lệ: «{value}». Ghi dạng dd/mm/yyyy hoặc YYYY-MM-DD.",
    "calendar.cell_not_found": (
        "Không tìm thấy chi bộ «{cell}». Ghi tên chi bộ, hoặc «Đảng bộ/Chi bộ» khi trùng tên."
    ),
    "calendar.cell_ambiguous": "Có nhiều chi bộ tên «{cell}»; xin ghi rõ một trong các tên:",
    "calendar.cell_choice": "  {unit}/{cell}",
    "calendar.no_meeting": (
        "{cell} ({unit}) không có buổi sinh hoạt nào ngày {date}. "
        "(Lịch chỉ được lập trước {days} ngày.)"
    ),
    "calendar.meeting_has_report": (
        "Buổi sinh hoạt ngày {date} của {cell} ({unit}) đã có báo cáo nên không dời, hủy được."
    ),
    "calendar.meeting_already_cancelled": (
        "Buổi sinh hoạt ngày {date} của {cell} ({unit}) đã bị hủy trước đó; không có gì thay đổi."
    ),
    "calendar.moved": "Đã dời buổi sinh hoạt của {cell} ({unit}) từ {old} sang {new}.",
    "calendar.cancelled": "Đã hủy buổi sinh hoạt của {cell} ({unit}) lúc {when}.",
    "calendar.committee_told": "Nhóm Thường trực sẽ nhận được thông báo.",
    "calendar.no_committee_chat": "Chưa đặt COMMITTEE_CHAT_ID nên không báo nhóm Thường trực.",
    "calendar.notice_moved": "📅 Lịch sinh hoạt <b>{cell}</b> ({unit}) chuyển từ {old} sang {new}.",
    "calendar.notice_cancelled": "📅 Buổi sinh hoạt <b>{cell}</b> ({unit}) lúc {when} đã bị hủy.",
    # Calendar: /lich
    "schedule.header": "📅 <b>Lịch sinh hoạt chi bộ</b> từ {start} đến {end}:",
    "schedule.line": "• {weekday} {date}, {time} — <b>{cell}</b> ({unit}){place}\n  {status}",
    "schedule.empty": "Không có buổi sinh hoạt chi bộ nào từ {start} đến {end}.",
    "schedule.status.upcoming": "⏳ sắp tới",
    "schedule.status.upcoming_changed": "⏳ sắp tới (lịch đã thay đổi)",
    "schedule.status.not_reported": "❗ chưa báo cáo",
    "schedule.status.cancelled": "✖️ đã hủy",
    "schedule.status.postponed": "↪️ đã dời",
    "schedule.outcome.held": "✅ đã báo cáo",
    "schedule.outcome.postponed": "✅ đã báo hoãn",
    "schedule.outcome.cancelled": "✅ đã báo không tổ chức",
    "schedule.outcome.absent": "✅ đã báo không dự được",
    # Reminders
    "reminder.remind_day_before": "🔔 <b>Nhắc lịch sinh hoạt chi bộ</b>\n{details}",
    "reminder.remind_hours_before": "🔔 <b>Sắp đến giờ sinh hoạt chi bộ</b>\n{details}",
    "reminder.remind_snooze": "🔔 <b>Nhắc lại: lịch sinh hoạt chi bộ</b>\n{details}",
    "reminder.details": (
        "📅 {weekday} {date}, lúc <b>{time}</b>\n📍 {place}\n🏛 <b>{cell}</b> — {unit}"
    ),
    "reminder.no_place": "chưa ghi địa điểm",
    "reminder.report_prompt": (
        "📝 Buổi sinh hoạt của <b>{cell}</b> ({unit}) lúc {when} hẳn đã kết thúc.\n"
        "Xin đồng chí báo cáo trước <b>{deadline}</b>."
    ),
    "reminder.nudge_morning": (
        "⏰ Đồng chí chưa gửi báo cáo buổi sinh hoạt của <b>{cell}</b> ({unit}) lúc {when}.\n"
        "Hạn nộp: <b>{deadline}</b>."
    ),
    "reminder.nudge_before_deadline": (
        "⏰ <b>Sắp hết hạn</b> báo cáo buổi sinh hoạt của <b>{cell}</b> ({unit}) lúc {when}.\n"
        "Hạn nộp: <b>{deadline}</b>."
    ),
    "reminder.overdue": (
        "❗ Báo cáo buổi sinh hoạt của <b>{cell}</b> ({unit}) lúc {when} đã quá hạn "
        "({deadline}).\nBot vẫn nhận báo cáo (ghi là nộp muộn); xin đồng chí gửi sớm."
    ),
    "reminder.button.snooze": "Nhắc lại sau {duration}",
    "reminder.button.absent": "Tôi không dự được",
    "reminder.button.postpone": "Lịch bị hoãn",
    "reminder.button.report": "Báo cáo ngay",
    "reminder.minutes": "{minutes} phút",
    "reminder.hours": "{hours} giờ",
    "reminder.hours_minutes": "{hours} giờ {minutes} phút",
    "reminder.snoozed": "Bot sẽ nhắc lại lúc {time}.",
    "reminder.snoozed_on": "Bot sẽ nhắc lại lúc {time} ngày {date}.",
    "reminder.snooze_too_late": (
        "Buổi sinh hoạt bắt đầu lúc {time}, trước giờ nhắc lại, nên bot không nhắc lại nữa."
    ),
    "reminder.not_needed": "Buổi sinh hoạt này đã được báo cáo, đã hủy hoặc đã đổi lịch.",
    "reminder.refused": "Nút này không dành cho đồng chí.",
    # Operational notices to admins
    "admin.cannot_reach": (
        "⚠️ Không gửi được tin nhắn cho đồng chí {name} ({error}). "
        "Có thể đồng chí đã chặn bot; xin liên hệ trực tiếp."
    ),
    "admin.update_parked": (
        "⚠️ Một tin nhắn gửi tới bot (cuộc trò chuyện {chat}) không xử lý được sau nhiều lần "
        "thử và đã được để riêng: {error}. Các tin nhắn sau vẫn được xử lý bình thường."
    ),
    # Command line (admins)
    "cli.migrated": "Cơ sở dữ liệu đã ở phiên bản mới nhất ({revision}).",
    "cli.invite_unknown_phone": "Không có cán bộ đang hoạt động nào có số điện thoại {phone}.",
    "cli.invite_line": "{name} ({phone}): mã {code} — {link}",
    "zalo.file_unavailable": (
        "(Tệp đính kèm không gửi được qua Zalo. Xin xem trên Telegram, hoặc nhờ quản trị viên "
        "chạy lệnh python bot.py export.)"
    ),
    "zalo.file_link": "Tải tệp (liên kết dùng một lần, có hạn): {url}",
    "zalo.photos_attached": "(kèm {count} ảnh, xem trên Telegram)",
    "choices.hint": "(Trả lời bằng số, ví dụ: 1)",
    "choices.hint_typed": "(Gõ câu trả lời; hoặc gõ #số để chọn, ví dụ: #1)",
    "choices.invalid": "Không có lựa chọn này. Hãy gõ một trong các số: {numbers}.",
    "choices.stale": (
        "Số bạn gõ thuộc tin nhắn trước, nên bot chưa làm gì. Các lựa chọn hiện tại:\n{lines}"
    ),
    "cli.invite_line_zalo": "{name} ({phone}): mã {code} — nhắn mã này cho bot trên Zalo",
    "cli.invite_csv": "Đã ghi danh sách mã vào {path}.",
    "cli.csv_name": "Họ và tên",
    "cli.csv_phone": "Điện thoại",
    "cli.csv_code": "Mã mời",
    "cli.invite_summary": "Đã tạo {count} mã mời, dùng được một lần, hết hạn lúc {expires}.",
    "cli.invite_no_username": (
        "Chưa biết tên bot nên chưa có đường link: đặt TELEGRAM_BOT_USERNAME (hoặc "
        "TELEGRAM_BOT_TOKEN) rồi tạo lại, hoặc gửi cán bộ lệnh /start MÃ."
    ),
    # Console demo
    "demo.banner": (
        "=== Bản chạy thử fieldreport-bot (không cần Telegram) ===\n"
        "Đồng chí đóng vai cán bộ {name} (số điện thoại {phone}).\n"
        "Gõ /start để bắt đầu. Khi bot hỏi số điện thoại, gõ số đó (thay cho nút chia sẻ).\n"
        "Chọn nút bằng cách gõ số thứ tự. Gõ /thoat để kết thúc."
    ),
    "demo.share_hint": "(chạy thử: gõ số điện thoại để mô phỏng nút «{button}»)",
    "demo.bye": "Tạm biệt!",
    "demo.committee_header": "──── 📨 Nhóm chat Thường trực nhận được ────",
    "demo.committee_photos": "(kèm {count} ảnh)",
    "demo.to_cadre": "{when} — bot gửi đồng chí {name}:",
    "demo.month_banner": (
        "=== Một tháng của đồng chí {name}, đồng hồ giả lập (mỗi bước 30 phút) ===\n"
        "Nhắc lịch trước buổi họp, lời nhắc báo cáo, báo cáo, nhắc hạn, quá hạn, báo cáo muộn."
    ),
    # Leadership: digests, on-demand commands, exports, review of reports
    "digest.title": "📊 <b>TỔNG HỢP SINH HOẠT CHI BỘ</b> · {period}",
    "digest.unit": "Phạm vi: <b>{unit}</b>",
    "digest.as_of": "Số liệu đến {when}",
    "digest.legend": "(▲▼: so với {previous})",
    "digest.period_month": "tháng {month}",
    "digest.period_week": "tuần {start} – {end}",
    "digest.period_range": "{start} – {end}",
    "digest.up": "▲{delta}",
    "digest.down": "▼{delta}",
    "digest.same": "=",
    "digest.received": "📨 Báo cáo đã nhận: <b>{received}/{expected}</b> ({percent}){change}",
    "digest.timeliness": (
        "    đúng hạn {on_time} · nộp muộn {late} · chưa nộp {missing} (quá hạn {overdue})"
    ),
    "digest.verdicts": (
        "✅ Đạt chất lượng: <b>{meets}</b>{meets_change} · "
        "❌ chưa đạt: <b>{below}</b>{below_change}"
    ),
    "digest.grades": "    xếp loại: {grades}",
    "digest.attendance": (
        "👥 Dự họp bình quân {attendance}{change} · thời lượng bình quân {minutes} phút"
    ),
    "digest.not_held": (
        "🚫 Không tổ chức: {cancelled} buổi · hoãn: {postponed} buổi · "
        "cán bộ không dự được: {absent}"
    ),
    "digest.criteria": "⚠️ Tiêu chí chưa đạt: {criteria}",
    "digest.review": "✏️ Yêu cầu bổ sung: {returned} đang chờ · {amended} đã bổ sung",
    "digest.none_missing": "✅ Tất cả báo cáo đã được nộp.",
    "digest.missing_title": "<b>Chưa báo cáo ({count})</b>",
    "digest.missing_unit": "• <b>{unit}</b>: {items}",
    "digest.missing_item": "{cell} — {cadre}, {date} ({status})",
    "digest.unit_heading": "<b>{unit}</b>",
    "digest.overdue": "quá hạn {days} ngày",
    "digest.not_due": "chưa đến hạn",
    "digest.more_missing": "… và {count} báo cáo khác: gõ /chuanop để xem đủ.",
    "digest.missing_list_title": "📋 <b>CHƯA BÁO CÁO</b> · {period} (đến {when})",
    "digest.streaks_title": "<b>Cần chú ý</b>",
    "digest.streak": "• {cell} ({unit}): chưa đạt {months} tháng liền",
    "digest.more_streaks": "… và {count} chi bộ khác (xem bảng tính).",
    "digest.proposals_title": "<b>Kiến nghị, đề xuất</b>",
    "digest.proposal": "• {cell} ({unit}): «{text}»",
    "digest.more_proposals": "… và {count} kiến nghị khác (xem bảng tính).",
    "chart.title": "Kết quả sinh hoạt chi bộ theo đảng bộ — {period}",
    "chart.subset": "({shown}/{total} đảng bộ có nhiều báo cáo chưa đạt, chưa nộp nhất)",
    "chart.empty": "Chưa có số liệu",
    "chart.meets": "Đạt chất lượng",
    "chart.below": "Chưa đạt",
    "chart.missing": "Chưa báo cáo",
    "chart.axis": "Số báo cáo",
    "sheet.summary": "Tổng hợp",
    "sheet.details": "Chi tiết",
    "sheet.missing": "Chưa báo cáo",
    "sheet.header.stt": "STT",
    "sheet.header.unit": "Đảng bộ",
    "sheet.header.cell": "Chi bộ",
    "sheet.header.members": "Số đảng viên",
    "sheet.header.meeting_date": "Ngày họp",
    "sheet.header.rating": "Xếp loại",
    "sheet.header.notes": "Ghi chú",
    "sheet.header.receipt": "Số báo cáo",
    "sheet.header.cadre": "Cán bộ dự",
    "sheet.header.submitted_at": "Thời điểm nộp",
    "sheet.header.late": "Nộp muộn",
    "sheet.header.state": "Trạng thái",
    "sheet.header.revision": "Lần gửi",
    "sheet.header.verdict": "Đánh giá",
    "sheet.header.score": "Điểm",
    "sheet.header.grade": "Xếp loại theo điểm",
    "sheet.header.failing": "Tiêu chí chưa đạt",
    "sheet.header.phone": "Điện thoại",
    "sheet.header.deadline": "Hạn báo cáo",
    "sheet.header.days_overdue": "Số ngày quá hạn",
    "sheet.meets": "Đạt",
    "sheet.below": "Chưa đạt",
    "sheet.yes": "Có",
    "sheet.no": "Không",
    "sheet.state.submitted": "Đã gửi",
    "sheet.state.returned": "Yêu cầu bổ sung",
    "sheet.state.amended": "Đã bổ sung",
    "sheet.note.cancelled": "Không tổ chức (lịch đã hủy)",
    "sheet.note.postponed": "Hoãn",
    "sheet.note.unassigned": "Chưa phân công cán bộ dự",
    "sheet.note.missing": "Chưa báo cáo ({status})",
    "sheet.note.not_held": "Không tổ chức: {reason}",
    "sheet.note.absent": "Cán bộ không dự được: {reason}",
    "leadership.refused": (
        "Lệnh này chỉ dành cho Thường trực và Ban Tổ chức. "
        "Đồng chí gõ /trogiup để xem các lệnh dành cho cán bộ."
    ),
    "leadership.bad_month": "Tháng không hợp lệ: «{value}». Ghi dạng mm/yyyy, ví dụ 03/2026.",
    "leadership.unit_not_found": "Không tìm thấy đảng bộ «{unit}». Các đảng bộ: {units}.",
    "leadership.unit_ambiguous": "Có nhiều đảng bộ khớp «{unit}»: {units}. Xin ghi rõ hơn.",
    "leadership.chart_caption": "📊 Biểu đồ kết quả sinh hoạt chi bộ · {period}",
    "leadership.sheet_caption": "📎 Bảng tổng hợp báo cáo · {period}",
    "leadership.nudge_button": "🔔 Nhắc: {name}",
    "leadership.nudge_more": "(Nút nhắc chỉ hiện cho {shown}/{total} cán bộ đầu danh sách.)",
    "leadership.nudge": (
        "⏰ <b>Thường trực nhắc</b> đồng chí gửi báo cáo dự sinh hoạt chi bộ:\n{items}\n"
        "Bấm nút bên dưới hoặc gõ /baocao để báo cáo."
    ),
    "leadership.nudge_item": "• {cell} ({unit}), ngày {date} — {status}",
    "leadership.nudge_report_button": "📝 {cell} — {date}",
    "leadership.nudge_sent": "🔔 Đã nhắc đồng chí {name}.",
    "leadership.nudge_repeated": "Vừa nhắc đồng chí {name} rồi.",
    "leadership.nudge_nothing": "Đồng chí {name} không còn báo cáo nào chưa nộp.",
    "leadership.nudge_unlinked": (
        "Đồng chí {name} chưa liên kết Telegram nên bot không nhắc được; "
        "xin liên hệ trực tiếp ({phone})."
    ),
    "leadership.console_attachment": "(tệp đính kèm: {name})",
    "cli.bad_month": "Tháng không hợp lệ: «{value}». Ghi dạng YYYY-MM, ví dụ 2026-03.",
    "cli.digest_written": "Đã ghi: {files}",
    "cli.export_written": "Đã ghi bảng tính: {file}",
    "review.button": "Yêu cầu bổ sung",
    "review.someone": "Đồng chí",
    "review.ask": (
        "✍️ {mention}, xin ghi nội dung yêu cầu bổ sung báo cáo số <b>{receipt}</b> "
        "({cell}, ngày {date}) bằng cách <b>trả lời tin nhắn này</b>. Gõ /huy để thôi."
    ),
    "review.not_found": "Không tìm thấy báo cáo này.",
    "review.cancelled": "Đã thôi yêu cầu bổ sung báo cáo số {receipt}.",
    "review.nothing_to_cancel": "Không có yêu cầu bổ sung nào đang chờ nội dung.",
    "review.too_long": "Nội dung dài quá {limit} ký tự; xin trả lời lại ngắn gọn hơn.",
    "review.to_cadre": (
        "📝 Thường trực yêu cầu bổ sung báo cáo số <b>{receipt}</b> ({cell}, ngày {date}): "
        "«{comment}»\nBấm nút bên dưới để mở lại báo cáo, sửa rồi gửi lại."
    ),
    "review.amend_button": "✏️ Bổ sung báo cáo",
    "review.sent": "✅ Đã gửi yêu cầu bổ sung báo cáo số {receipt} tới đồng chí {name}.",
    "review.unlinked": (
        "⚠️ Báo cáo số {receipt} đã chuyển sang «yêu cầu bổ sung», nhưng đồng chí {name} "
        "chưa liên kết Telegram nên chưa nhận được; xin liên hệ trực tiếp ({phone})."
    ),
}
