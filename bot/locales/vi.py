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
        "/cuatoi — các báo cáo đồng chí đã gửi\n"
        "/trogiup — hướng dẫn này"
    ),
    "help.committee": (
        "Các lệnh của Thường trực:\n"
        "/tonghop [mm/yyyy] [đảng bộ] — tổng hợp tháng, kèm biểu đồ\n"
        "/chuanop [mm/yyyy] [đảng bộ] — ai chưa báo cáo, nút nhắc từng người\n"
        "/xuat [mm/yyyy] [đảng bộ] — bảng tính để in, lưu hồ sơ\n"
        "/trogiup — hướng dẫn này\n\n"
        "Mỗi báo cáo chuyển tới có nút «Yêu cầu bổ sung»: bấm, rồi trả lời tin nhắn "
        "của bot bằng nội dung cần bổ sung (gõ /huy để thôi).\n"
        "Ví dụ: /tonghop 03/2026 minh hoa"
    ),
    "help.unknown_command": "Bot chưa hiểu lệnh này.",
    # The command menu Telegram shows (plain text, short)
    "command.baocao": "Báo cáo buổi sinh hoạt đã dự",
    "command.lich": "Lịch sinh hoạt và tình trạng báo cáo",
    "command.cuatoi": "Các báo cáo đồng chí đã gửi",
    "command.huy": "Tạm dừng báo cáo đang làm",
    "command.start": "Liên kết tài khoản, xem chi bộ được phân công",
    "command.trogiup": "Hướng dẫn",
    "command.tonghop": "Tổng hợp tháng, kèm biểu đồ",
    "command.chuanop": "Ai chưa báo cáo, nhắc từng người",
    "command.xuat": "Bảng tính để in, lưu hồ sơ",
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
    "report.ask_date": (
        "Chi bộ họp ngày nào? Gõ ngày, ví dụ 05/09/2026, 5/9, «hôm qua», «hôm kia» hoặc"
        " «thứ 5 tuần trước»."
    ),
    "report.other_cancel": "✖️ Thôi",
    "mine.none": "Đồng chí chưa gửi báo cáo nào trong năm qua.",
    "mine.title": "<b>Báo cáo của đồng chí</b> (mới nhất trước):",
    "mine.line": "• {receipt} · {cell} · {when} · {verdict} · {state}",
    "mine.open": "📄 {receipt}",
    "mine.answer": "{label}: {value}",
    "mine.not_found": "Không tìm thấy báo cáo này.",
    "report.open_draft": "✏️ Báo cáo đang làm dở: {cell}, ngày {when} — gõ /baocao để tiếp tục.",
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
    "report.prefill_noted": "{value} ({note})",
    "report.prefill_previous": "{value} (như lần trước)",
    "report.group_intro": (
        "Nếu đúng cả các ý dưới đây, bấm «{shortcut}»; nếu không, trả lời từng câu:"
    ),
    "report.group_skip_intro": "Không có gì thêm cho các câu dưới đây thì bấm «{shortcut}»:",
    "report.group_item": "• {prompt}",
    "report.attach_button": "📎 Gửi kèm {label}",
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
    "report.answer_for_earlier_question": (
        "Tin «{text}» được gửi khi bot còn ở câu hỏi trước, nên không được ghi cho câu hỏi "
        "này. Xin trả lời câu hỏi hiện tại:"
    ),
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
    "roster.past_meetings": "Buổi sinh hoạt đã diễn ra trong kỳ báo cáo, chờ báo cáo: {count}",
    "summary.cadre_assigned": "Cán bộ được phân công: {name}",
    "summary.attendance": "Dự họp: {present}/{eligible} đảng viên ({percent})",
    "summary.duration": "Thời gian: {start}–{end} ({minutes} phút)",
    "summary.type": "Loại sinh hoạt: {type}",
    "summary.meets": "Đánh giá: ✅ <b>Đạt chất lượng</b>{grade}",
    "summary.below": "Đánh giá: ❌ <b>Chưa đạt chất lượng</b>{grade}",
    "summary.grade": " — {score} điểm, {grade}",
    "summary.failing": "Tiêu chí chưa đạt:",
    "summary.criterion": "• {id} {name}: {earned}/{points} điểm",
    "summary.reason": "    – {reason}",
    "summary.topic": "Chuyên đề: «{topic}»",
    "summary.on_time": "🕑 Nộp đúng hạn",
    "summary.self_rating": "Chi bộ tự xếp loại: {rating}",
    "summary.rating_differs": "Chi bộ tự xếp loại: {rating}\n(khác với đánh giá của bot: {grade})",
    "rubric.below": "{label} {value} < {threshold}",
    "rubric.above": "{label} {value} > {threshold}",
    "rubric.not_assessed": "{label} chưa đánh giá",
    "rubric.failed": "{label}: chưa đạt",
    "summary.situation": "Tình hình cơ sở: «{text}»",
    "summary.remarks": "Nhận xét của cán bộ: «{text}»",
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
    "calendar.plan_moved": "  {cell} ({unit}): {old} → {new} ({old_weekday} → {new_weekday})",
    "calendar.day_off_added": "Đã ghi {date} là ngày nghỉ{note}.",
    "calendar.working_day_added": "Đã ghi {date} là ngày làm việc{note}.",
    "calendar.exception_removed": (
        "Đã bỏ ngày {date} khỏi danh sách ngày nghỉ, ngày làm việc riêng."
    ),
    "calendar.exception_missing": (
        "Ngày {date} không có trong danh sách ngày nghỉ, ngày làm việc riêng."
    ),
    "calendar.days_off_header": (
        "Ngày nghỉ lễ, Tết theo quy định và ngày nghỉ, ngày làm việc riêng năm {year} "
        "(ngoài thứ Bảy, Chủ nhật):"
    ),
    "calendar.public_holiday_line": "{weekday} {date}: nghỉ lễ — {name}",
    "calendar.exception_line": "{weekday} {date}: {kind}{note}",
    "calendar.kind.off": "ngày nghỉ riêng",
    "calendar.kind.working": "ngày làm việc riêng",
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
    "meeting.reason_line": "\nLý do: {reason}",
    "meeting.place_line": "\nĐịa điểm: {place}",
    "meeting.cadre_moved": (
        "📅 Buổi sinh hoạt <b>{cell}</b> ({unit}) mà đồng chí được phân công dự đã chuyển "
        "từ {old} sang <b>{new}</b>."
    ),
    "meeting.cadre_cancelled": (
        "📅 Buổi sinh hoạt <b>{cell}</b> ({unit}) lúc {when} mà đồng chí được phân công dự "
        "đã bị hủy."
    ),
    "meeting.nearest": "Buổi gần nhất của chi bộ này: {weekday} {when}.",
    "meeting.move_into_past": (
        "Không dời được sang {when}: thời điểm đó đã qua. Xin chọn một ngày sắp tới."
    ),
    "meeting.move_needs_force": (
        "{date} là ngày nghỉ ({why}). Nếu vẫn muốn họp ngày này, chạy lại lệnh với --force."
    ),
    "meeting.off.committee": "ngày nghỉ riêng của cấp ủy",
    "meeting.bad_range": "Khoảng ngày không hợp lệ: {start} sau {end}.",
    "meeting.list_empty": "Không có buổi sinh hoạt nào từ {start} đến {end}.",
    "meeting.list_header": "{count} buổi sinh hoạt từ {start} đến {end}:",
    "meeting.column.unit": "Đảng bộ",
    "meeting.column.cell": "Chi bộ",
    "meeting.column.when": "Ngày giờ họp",
    "meeting.column.status": "Trạng thái",
    "meeting.column.cadres": "Cán bộ dự",
    "meeting.column.reports": "Báo cáo",
    "meeting.status.planned": "dự kiến",
    "meeting.status.moved": "đã dời",
    "meeting.status.held": "đã họp",
    "meeting.status.postponed": "hoãn",
    "meeting.status.cancelled": "đã hủy",
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
    "cli.invite_files": (
        "Đã ghi vào {folder}: invites.csv, {count} mã QR (thư mục qr/) và trang in invites.html."
    ),
    "invite_sheet.title": "Mã mời liên kết bot báo cáo sinh hoạt chi bộ",
    "invite_sheet.step_scan": (
        "Mở camera điện thoại, quét mã QR, rồi bấm «Bắt đầu» (Start) trong Telegram."
    ),
    "invite_sheet.step_open": "Mở Telegram, tìm bot của Ban Tổ chức.",
    "invite_sheet.step_code": "Hoặc gõ cho bot: /start {code}",
    "invite_sheet.code": "Mã mời:",
    "invite_sheet.expires": "Dùng một lần, hết hạn lúc {expires}.",
    "status.no_database": (
        "Không có cơ sở dữ liệu ở {path}. Kiểm tra DATABASE_URL, hoặc chạy «python bot.py migrate»."
    ),
    "status.schema_behind": (
        "Cơ sở dữ liệu ở phiên bản {revision}, mới nhất là {head}: chạy «python bot.py migrate»."
    ),
    "status.database": "Cơ sở dữ liệu: {url} (phiên bản {revision})",
    "status.cadres": (
        "Cán bộ đang hoạt động: {active}; đã liên kết Telegram: {telegram}, Zalo: {zalo}"
    ),
    "status.meetings": "Buổi sinh hoạt tháng {month}: {total} ({detail})",
    "status.reports": (
        "Báo cáo còn chờ (buổi họp trong {days} ngày qua): {awaiting}; "
        "đang yêu cầu bổ sung: {returned}"
    ),
    "status.outbox": "Tin chờ gửi: {pending}; gửi lỗi: {failed}; đã gửi: {sent}",
    "status.last_activity": "Hoạt động gần nhất của người dùng: {when}",
    "status.never": "chưa có",
    "status.jobs_header": "Việc sắp tới:",
    "status.job": "  {name}: {when}",
    "status.job.plan": "lập lịch sinh hoạt",
    "status.job.weekly": "tổng hợp tuần",
    "status.job.monthly": "tổng hợp tháng",
    "status.job.message": "tin nhắn kế tiếp trong hàng đợi",
    "backup.not_sqlite": ("Lệnh backup chỉ dùng cho SQLite. Với PostgreSQL, sao lưu bằng pg_dump."),
    "backup.target_exists": "Tệp {path} đã có; xin chọn tên khác để không ghi đè.",
    "backup.failed": "Sao lưu không thành công: {error}. Cơ sở dữ liệu không bị thay đổi.",
    "backup.done": "Đã sao lưu cơ sở dữ liệu vào {path} ({size} MB).",
    # Settings errors: one line, `name` is the setting as in .env
    "settings.invalid": "Cài đặt {name} không hợp lệ: {problem}",
    "settings.invalid_combination": "Cài đặt không hợp lệ: {problem}",
    "settings.problem.int_parsing": "cần một số nguyên",
    "settings.problem.int_type": "cần một số nguyên",
    "settings.problem.float_parsing": "cần một số",
    "settings.problem.bool_parsing": "cần true hoặc false",
    "settings.problem.greater_than_equal": "phải từ {ge} trở lên",
    "settings.problem.less_than_equal": "không được quá {le}",
    "settings.problem.greater_than": "phải lớn hơn {gt}",
    "settings.problem.less_than": "phải nhỏ hơn {lt}",
    "settings.problem.literal_error": "chỉ nhận {expected}",
    "settings.problem.missing": "chưa đặt",
    "settings.problem.string_type": "cần một chuỗi ký tự",
    "settings.problem.timezone": "không có múi giờ «{value}» (ví dụ đúng: Asia/Ho_Chi_Minh)",
    "settings.problem.language": "chỉ nhận vi (tiếng Việt) hoặc en (English), không nhận «{value}»",
    "settings.problem.http_url": "phải bắt đầu bằng http:// hoặc https://",
    "settings.problem.database_url": (
        "phải bắt đầu bằng sqlite+aiosqlite:// hoặc postgresql+asyncpg://"
    ),
    "settings.problem.file_missing": "không có tệp {value}",
    "settings.problem.clock": "giờ «{value}» không hợp lệ, ghi dạng HH:MM (ví dụ 08:00)",
    "settings.problem.quiet_hours": (
        "«{value}» không hợp lệ, ghi dạng HH:MM-HH:MM (ví dụ 21:30-06:30), hai giờ khác nhau, "
        "hoặc để trống"
    ),
    "settings.problem.digest_weekly": (
        "«{value}» không hợp lệ, ghi «mon 07:30» (mon…sun hoặc t2…t7, cn) hoặc off"
    ),
    "settings.problem.digest_monthly": (
        "«{value}» không hợp lệ, ghi «3 07:30» (ngày 1–28) hoặc off"
    ),
    "settings.problem.webhook_secret_alphabet": "chỉ dùng 1–256 ký tự A–Z, a–z, 0–9, _ và -",
    "settings.problem.webhook_needs_secret": "cần đặt WEBHOOK_SECRET khi đã đặt WEBHOOK_URL",
    "settings.problem.zalo_webhook_needs_secret": (
        "cần đặt ZALO_WEBHOOK_SECRET khi đã đặt ZALO_WEBHOOK_URL"
    ),
    # Expected failures of a command (`bot/cli_errors.py`): what happened, what to do
    "cli.bad_questionnaire": "Bộ câu hỏi không hợp lệ: {problem}",
    "cli.error.file_not_found": "Không tìm thấy tệp {path}. Kiểm tra lại đường dẫn.",
    "cli.error.permission": "Không có quyền đọc/ghi {path}. Kiểm tra quyền của tệp, thư mục.",
    "cli.error.not_a_file": "{path} không phải là tệp như lệnh cần. Kiểm tra lại đường dẫn.",
    "cli.error.database_locked": (
        "Cơ sở dữ liệu đang bận (một tiến trình khác giữ khóa ghi quá lâu). "
        "Chờ một lát rồi chạy lại lệnh."
    ),
    "cli.error.database": (
        "Lỗi cơ sở dữ liệu: {detail}. Kiểm tra DATABASE_URL và chỗ trống trên đĩa."
    ),
    "cli.error.invalid_token": (
        "Telegram không nhận TELEGRAM_BOT_TOKEN này. Lấy lại token từ @BotFather rồi sửa .env."
    ),
    "cli.error.network": (
        "Không kết nối được Telegram ({detail}). Kiểm tra mạng, hoặc đặt TELEGRAM_BOT_USERNAME "
        "để lệnh invite không cần hỏi Telegram."
    ),
    # Checking answers to the questionnaire (`bot/questionnaire/`)
    "answer.integer_not_number": "Vui lòng nhập một số nguyên, ví dụ: 25.",
    "answer.integer_negative": "Số không được âm.",
    "answer.integer_decimal": "Vui lòng nhập số nguyên, không có phần thập phân.",
    "answer.integer_range": "Số phải từ {min} đến {max}.",
    "answer.integer_at_least": "Số phải từ {min} trở lên.",
    "answer.integer_at_most": "Số không được lớn hơn {max}.",
    "answer.time_invalid": "Giờ không hợp lệ. Vui lòng ghi dạng 19:30 hoặc 19h30.",
    "answer.date_invalid": "Ngày không hợp lệ. Vui lòng ghi dạng dd/mm/yyyy, ví dụ 05/09/2026.",
    "answer.date_not_in_calendar": (
        "Ngày không hợp lệ: {day:02d}/{month:02d}/{year} không có trong lịch."
    ),
    "answer.date_needs_year": "Vui lòng ghi cả năm, ví dụ 05/09/2026.",
    "answer.date_year_range": "Năm {year} không hợp lệ.",
    "answer.text_empty": "Vui lòng nhập nội dung, không để trống.",
    "answer.text_too_long": (
        "Nội dung dài {length} ký tự, vượt quá giới hạn {limit} ký tự. Vui lòng rút gọn."
    ),
    "answer.option_invalid": "Lựa chọn không hợp lệ cho câu hỏi này.",
    "answer.select_at_least": "Vui lòng chọn ít nhất {min} mục.",
    "answer.select_at_most": "Chỉ được chọn tối đa {max} mục.",
    "answer.photos_too_many": "Chỉ nhận tối đa {max} ảnh. Bấm «Xong» để tiếp tục.",
    "answer.photos_needed": "Vui lòng gửi ít nhất một ảnh.",
    "answer.photos_only": "Câu hỏi này cần gửi ảnh, rồi bấm «Xong».",
    "answer.required_missing": "Câu hỏi này bắt buộc, vui lòng trả lời.",
    "answer.value_invalid": "Câu trả lời đã lưu không hợp lệ, vui lòng trả lời lại.",
    "answer.skipped": "(bỏ qua)",
    "answer.nothing_selected": "(không chọn)",
    "answer.use_buttons": "Vui lòng chọn bằng các nút bên dưới.",
    "answer.foreign_option": "Lựa chọn này không thuộc câu hỏi hiện tại.",
    "answer.nothing_to_finish": "Câu hỏi này không có bước «Xong»; vui lòng trả lời câu hỏi.",
    "answer.cannot_skip": "Câu hỏi này bắt buộc, không thể bỏ qua.",
    "answer.cannot_edit": "Không thể sửa câu hỏi này lúc này.",
    "answer.submit_too_early": "Vui lòng trả lời hết các câu hỏi trước khi gửi báo cáo.",
    "answer.on_review": (
        "Báo cáo đang ở bước xem lại: bấm «Sửa» để sửa một câu trả lời, hoặc «Gửi báo cáo»."
    ),
    "answer.unknown_input": "Không hiểu thao tác này.",
    "answer.no_photos_here": "Câu hỏi này không nhận ảnh.",
    "answer.photo_count": "{count} ảnh",
    # Help of the command line's commands and arguments
    "cli.help.description": "fieldreport-bot: nhắc lịch, nhận báo cáo dự sinh hoạt chi bộ.",
    "cli.help.run": "chạy bot (Telegram nếu có token, nếu không: bản chạy thử)",
    "cli.help.demo": "bản chạy thử trong cửa sổ dòng lệnh",
    "cli.help.demo_script": "tệp kịch bản: mỗi dòng một tin nhắn",
    "cli.help.demo_date": "giả lập ngày hôm nay (YYYY-MM-DD)",
    "cli.help.demo_fast": "một tháng của cán bộ với đồng hồ giả lập",
    "cli.help.migrate": "cập nhật cấu trúc cơ sở dữ liệu",
    "cli.help.import": "nhập danh sách chi bộ và phân công",
    "cli.help.import_path": "tệp .xlsx hoặc thư mục có hai tệp CSV",
    "cli.help.import_dry_run": "chỉ xem trước, không lưu",
    "cli.help.import_allow_foreign": "chấp nhận số điện thoại nước ngoài",
    "cli.help.import_yes": "đồng ý kết thúc hơn một phần ba số phân công đang có hiệu lực",
    "cli.help.invite": "tạo mã mời liên kết tài khoản",
    "cli.help.invite_phone": "số điện thoại của một cán bộ",
    "cli.help.invite_all": "mọi cán bộ đang hoạt động chưa liên kết Telegram",
    "cli.help.invite_messenger": "mã cho Telegram (mặc định) hay Zalo",
    "cli.help.invite_out": "ghi invites.csv, mã QR và trang in invites.html",
    "cli.help.status": "tình trạng: cơ sở dữ liệu, cán bộ, lịch, hàng đợi tin",
    "cli.help.backup": "sao lưu cơ sở dữ liệu SQLite khi bot vẫn chạy",
    "cli.help.backup_file": "tệp sao lưu (chưa có)",
    "cli.help.plan": "lập lịch các buổi sinh hoạt sắp tới theo lịch của chi bộ",
    "cli.help.holidays": "ngày nghỉ, ngày làm việc riêng",
    "cli.help.holidays_add": "thêm một ngày nghỉ (hoặc ngày làm việc)",
    "cli.help.day": "dd/mm/yyyy hoặc YYYY-MM-DD",
    "cli.help.holidays_working": "ngày làm việc (ví dụ thứ Bảy làm bù)",
    "cli.help.holidays_note": "ghi chú, ví dụ tên ngày lễ",
    "cli.help.holidays_remove": "bỏ một ngày đã thêm",
    "cli.help.holidays_list": "ngày nghỉ lễ, Tết và các ngày nghỉ, ngày làm việc riêng của một năm",
    "cli.help.holidays_year": "mặc định: năm nay",
    "cli.help.meeting": "xem, dời hoặc hủy buổi sinh hoạt",
    "cli.help.meeting_list": "danh sách buổi sinh hoạt (mặc định: tháng này)",
    "cli.help.meeting_cell_filter": "chỉ một chi bộ",
    "cli.help.meeting_status": "lọc theo trạng thái (lặp lại được)",
    "cli.help.cell": "tên chi bộ, hoặc «Đảng bộ/Chi bộ» khi trùng tên",
    "cli.help.meeting_move": "dời một buổi sinh hoạt sang ngày khác",
    "cli.help.meeting_date": "ngày họp (theo lịch hoặc đã lùi)",
    "cli.help.meeting_new_date": "ngày họp mới",
    "cli.help.meeting_time": "giờ họp mới (mặc định: giữ giờ cũ)",
    "cli.help.meeting_force": "vẫn dời khi ngày mới là ngày nghỉ, ngày lễ",
    "cli.help.meeting_cancel": "hủy một buổi sinh hoạt",
    "cli.help.meeting_day": "ngày họp",
    "cli.help.meeting_reason": "lý do, gửi kèm thông báo cho Thường trực và cán bộ",
    "cli.help.digest": "tổng hợp một tháng: văn bản, biểu đồ, bảng tính",
    "cli.help.month": "tháng, dạng YYYY-MM",
    "cli.help.as_of": "số liệu tính đến hết ngày này (YYYY-MM-DD); mặc định: bây giờ",
    "cli.help.digest_unit": "chỉ một đảng bộ (tên, có hoặc không dấu)",
    "cli.help.digest_out": "thư mục ghi các tệp",
    "cli.help.export": "xuất bảng tính báo cáo của một tháng",
    "cli.help.export_out": "tệp .xlsx sẽ ghi",
    # argparse's own words (`bot/cli_parser.py`); %-placeholders are argparse's
    "argparse.usage": "cách dùng: ",
    "argparse.positional": "tham số",
    "argparse.options": "tùy chọn",
    "argparse.help": "xem hướng dẫn này rồi thoát",
    "argparse.argument": "tham số %(argument_name)s: %(message)s",
    "argparse.unrecognized": "không hiểu các tham số: %s",
    "argparse.not_allowed_with": "không dùng được cùng với %s",
    "argparse.required": "thiếu tham số bắt buộc: %s",
    "argparse.one_required": "cần một trong các tham số %s",
    "argparse.expected_one": "cần một giá trị",
    "argparse.expected_at_most_one": "chỉ nhận tối đa một giá trị",
    "argparse.expected_at_least_one": "cần ít nhất một giá trị",
    "argparse.ambiguous": "tùy chọn %(option)s không rõ: có thể là %(matches)s",
    "argparse.invalid_value": "giá trị không hợp lệ: %(value)r",
    "argparse.invalid_choice": "lựa chọn không hợp lệ: %(value)r (chọn một trong %(choices)s)",
    "argparse.error": "%(prog)s: lỗi: %(message)s\n",
    "zalo.file_unavailable": (
        "(Tệp đính kèm không gửi được qua Zalo. Xin xem trên Telegram, hoặc nhờ quản trị viên "
        "chạy lệnh python bot.py export.)"
    ),
    "zalo.file_link": "Tải tệp (liên kết có hạn một ngày): {url}",
    "zalo.photos_attached": "(kèm {count} ảnh, xem trên Telegram)",
    "choices.hint": "(Trả lời bằng số, ví dụ: 1)",
    "choices.hint_typed": "(Gõ câu trả lời; hoặc gõ #số để chọn, ví dụ: #1)",
    "choices.invalid": "Không có lựa chọn này. Hãy gõ một trong các số: {numbers}.",
    "choices.stale": (
        "Số bạn gõ thuộc tin nhắn trước, nên bot chưa làm gì. Các lựa chọn hiện tại:\n{lines}"
    ),
    "cli.invite_line_zalo": "{name} ({phone}): mã {code} — nhắn mã này cho bot trên Zalo",
    "cli.invite_summary": "Đã tạo {count} mã mời, dùng được một lần, hết hạn lúc {expires}.",
    "cli.invite_no_username": (
        "Chưa biết tên bot nên chưa có đường link: đặt TELEGRAM_BOT_USERNAME (hoặc "
        "TELEGRAM_BOT_TOKEN) rồi tạo lại, hoặc gửi cán bộ lệnh /start MÃ."
    ),
    "cli.copy_bad_url": (
        "Địa chỉ cơ sở dữ liệu không hợp lệ: «{url}». Phải bắt đầu bằng sqlite+aiosqlite:// "
        "hoặc postgresql+asyncpg://."
    ),
    "cli.copy_same": "Nguồn và đích là cùng một cơ sở dữ liệu ({url}): không sao chép gì.",
    "cli.copy_not_empty": (
        "Cơ sở dữ liệu đích {url} không trống (bảng {table} có {rows} dòng): không sao chép "
        "gì. Hãy sao chép vào một cơ sở dữ liệu mới, chưa có dữ liệu."
    ),
    "cli.copy_mismatch": (
        "Số dòng bảng {table} không khớp (nguồn {source}, đích {target}): đã hủy, cơ sở dữ "
        "liệu đích vẫn trống."
    ),
    "cli.copy_table": "  {table}: {rows} dòng",
    "cli.copy_done": (
        "Đã sao chép {rows} dòng của {tables} bảng từ {source} sang {target}; số dòng từng "
        "bảng khớp."
    ),
    # Roster import: files over a limit are refused before they are read
    "roster.file_too_big": (
        "Tệp «{file}» quá lớn ({size}); chỉ nhận tệp tới {limit}. "
        "Xin tách danh sách thành nhiều tệp."
    ),
    "roster.xlsx_part_too_big": (
        "Tệp «{file}» khi giải nén sẽ chiếm {size}, vượt giới hạn an toàn: tệp bị hỏng hoặc "
        "chứa dữ liệu phình to bất thường. Xin mở bằng Excel, lưu lại rồi nhập lại, "
        "hoặc lưu dạng CSV."
    ),
    "roster.too_many_rows": (
        "Trang «{sheet}» có hơn {limit} dòng dữ liệu; xin tách danh sách thành nhiều tệp."
    ),
    "roster.too_many_cells": (
        "Danh sách có hơn {limit} ô dữ liệu; xin xóa các cột không dùng hoặc tách thành nhiều tệp."
    ),
    "roster.line_too_long": (
        "Tệp «{file}», dòng {row} dài hơn {limit} ký tự: tệp không đúng dạng CSV."
    ),
    "roster.warnings": "Cần xem lại ({count} cảnh báo, vẫn nhập):",
    "roster.confirm_mass_end": (
        "Lần nhập này sẽ kết thúc {ended} trong {open} phân công đang có hiệu lực "
        "(hơn một phần ba), nên chưa thay đổi gì. Nếu đúng là vậy, chạy lại với --yes."
    ),
    # Console demo
    "demo.banner": (
        "=== Bản chạy thử fieldreport-bot (không cần Telegram) ===\n"
        "Đồng chí đóng vai cán bộ {name} (số điện thoại {phone}).\n"
        "Gõ /start để bắt đầu. Khi bot hỏi số điện thoại, gõ số đó (thay cho nút chia sẻ).\n"
        "Chọn nút bằng cách gõ số thứ tự. Gõ /vaitro để đổi vai sang thành viên Thường trực "
        "(và ngược lại). Gõ /thoat để kết thúc."
    ),
    "demo.role_committee": (
        "👥 Bây giờ đồng chí là thành viên <b>nhóm chat Thường trực</b>. Thử /tonghop, "
        "/chuanop, /xuat, /trogiup, hoặc gõ số của nút «Yêu cầu bổ sung» dưới báo cáo vừa "
        "nhận rồi gõ nội dung. Gõ /vaitro để trở lại vai cán bộ."
    ),
    "demo.role_cadre": "🙋 Bây giờ đồng chí lại là cán bộ {name} (chat riêng với bot).",
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
    "digest.title": "📊 <b>TỔNG HỢP SINH HOẠT CHI BỘ</b>",
    "digest.period": "<b>{period}</b>",
    "digest.unit": "Phạm vi: <b>{unit}</b>",
    "digest.as_of": "Số liệu tính đến {time} ngày {day}",
    "digest.legend": "(▲ tăng, ▼ giảm so với {previous})",
    "digest.period_month": "tháng {month}",
    "digest.period_week": "tuần {start} – {end}",
    "digest.period_range": "{start} – {end}",
    "digest.previous.month": "so với tháng trước",
    "digest.previous.week": "so với tuần trước",
    "digest.previous.range": "so với kỳ trước",
    "digest.previous.partial_month": "so với cùng kỳ tháng trước",
    "digest.previous.partial_week": "so với cùng kỳ tuần trước",
    "digest.up": "▲ {delta}",
    "digest.down": "▼ {delta}",
    "digest.same": "không đổi",
    "digest.nothing_expected": "Trong kỳ này không có buổi sinh hoạt nào phải báo cáo.",
    "digest.received": "📨 Đã nhận <b>{received}/{expected}</b> báo cáo ({percent})",
    "digest.timeliness": (
        "    đúng hạn {on_time} · muộn {late} · chưa nộp {missing} (quá hạn {overdue})"
    ),
    "digest.meets": "✅ Đạt chất lượng: <b>{count}</b>",
    "digest.below": "❌ Chưa đạt: <b>{count}</b>",
    "digest.grades": "    xếp loại: {grades}",
    "digest.attendance": "👥 Dự họp bình quân {attendance}",
    "digest.duration": "⏱ Thời lượng bình quân {minutes} phút",
    "digest.not_held": "🚫 Không tổ chức: {cancelled} buổi · hoãn: {postponed} buổi",
    "digest.not_attended": "    cán bộ không dự được: {absent}",
    "digest.criteria": "⚠️ Tiêu chí chưa đạt:",
    "digest.criterion": "    {id} {name}: {count}",
    "digest.review": "✏️ Yêu cầu bổ sung: {returned} chờ · {amended} đã bổ sung",
    "digest.none_missing": "✅ Đã nhận đủ {expected} báo cáo.",
    "digest.missing_title": "<b>Chưa báo cáo ({count})</b>",
    "digest.missing_item": "• {cadre} — {cell}, {date}, {status}",
    "digest.unit_heading": "<b>{unit}</b>",
    "digest.overdue": "quá hạn {days} ngày",
    "digest.not_due": "chưa đến hạn",
    "digest.more_missing": "+{count} nữa — /chuanop",
    "digest.missing_list_title": "📋 <b>CHƯA BÁO CÁO</b> · {period}",
    "digest.streaks_title": "<b>Cần chú ý</b>",
    "digest.streak": "• {cell} ({unit}): chưa đạt {months} tháng liền",
    "digest.more_streaks": "… và {count} chi bộ khác (xem bảng tính).",
    "digest.proposals_title": "<b>Kiến nghị, đề xuất</b>",
    "digest.proposal": "• {cell} ({unit}): «{text}»",
    "digest.more_proposals": "… và {count} kiến nghị khác (xem bảng tính).",
    "chart.title": "Báo cáo sinh hoạt chi bộ theo đảng bộ — {period}",
    "chart.subset": "({shown}/{total} đảng bộ, các đảng bộ kém nhất)",
    "chart.empty": "Chưa có số liệu",
    "chart.meets": "Đạt chất lượng",
    "chart.below": "Chưa đạt",
    "chart.unrated": "Không họp / không dự",
    "chart.missing": "Chưa nộp",
    "chart.axis": "Số báo cáo phải nộp\n(nhãn: đã nộp/phải nộp · tỷ lệ đã nộp)",
    "chart.as_of": "Số liệu tính đến {time} ngày {day}",
    "chart.trend_title": "Xu hướng {months} tháng gần nhất",
    "chart.trend_on_time": "Nộp đúng hạn (% số phải nộp)",
    "chart.trend_meets": "Đạt chất lượng (% số được đánh giá)",
    "chart.trend_axis": "Tỷ lệ",
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
    "sheet.header.attendance": "Tỷ lệ dự họp",
    "sheet.header.duration": "Thời lượng (phút)",
    "sheet.title": "{sheet} — báo cáo dự sinh hoạt chi bộ, {period}",
    "sheet.generated": "Lập lúc {when}",
    "sheet.committee_default": "THƯỜNG TRỰC CẤP ỦY",
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
    "leadership.trend_caption": "📈 Xu hướng 12 tháng đến {period}",
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
