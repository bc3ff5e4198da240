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
        "/lich — lịch sinh hoạt chi bộ và tình trạng báo cáo\n"
        "/trogiup — hướng dẫn này"
    ),
    "help.unknown_command": "Bot chưa hiểu lệnh này.",
    # Meeting rules in words
    "rule.day": "ngày {day} hằng tháng",
    "rule.nth_weekday": "{weekday} {nth} của tháng",
    "rule.nth.1": "đầu tiên",
    "rule.nth.2": "thứ hai",
    "rule.nth.3": "thứ ba",
    "rule.nth.4": "thứ tư",
    "rule.nth.-1": "cuối cùng",
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
    # Operational notices to admins
    "admin.cannot_reach": (
        "⚠️ Không gửi được tin nhắn cho đồng chí {name} ({error}). "
        "Có thể đồng chí đã chặn bot; xin liên hệ trực tiếp."
    ),
    "admin.error": "⚠️ Bot gặp lỗi khi xử lý một tin nhắn: {error}. Chi tiết trong nhật ký.",
    # Command line (admins)
    "cli.migrated": "Cơ sở dữ liệu đã ở phiên bản mới nhất ({revision}).",
    "cli.invite_unknown_phone": "Không có cán bộ đang hoạt động nào có số điện thoại {phone}.",
    "cli.invite_line": "{name} ({phone}): mã {code} — {link}",
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
}
