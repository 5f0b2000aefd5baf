"""Update `cafesach_en.ts` from the kiosk's sources, fill in the English, compile `.qm`.

The kiosk's source strings are Vietnamese (qsTr / QCoreApplication.translate).
After changing strings: add the English here, then run
`python kiosk/i18n/translate_en.py` — it runs `pyside6-lupdate` over every QML
and Python file of the kiosk (`sources()`), fills the .ts and runs
`pyside6-lrelease`. It exits non-zero while a text has no English.

A key of ENGLISH is the Vietnamese source text, or (context, source) where one
word needs a different English in one place (a context is the QML file's name
or the first argument of `QCoreApplication.translate`). A tuple value gives the
singular and plural forms of a `%n` text.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).parent
KIOSK = HERE.parent
TS = HERE / "cafesach_en.ts"

ENGLISH: dict[str | tuple[str, str], str | tuple[str, str]] = {
    "Chạm để bắt đầu": "Touch to start",
    "Mới nhất": "Newest",
    "Phổ biến": "Popular",
    "Chưa có mục nào ở đây.": "Nothing here yet.",
    "Sách điện tử": "E-books",
    "Infographic": "Infographics",
    "Bản tin": "Bulletins",
    "Sổ tay": "Handbooks",
    "Video": "Videos",
    "Tài liệu": "Documents",
    "Âm thanh": "Audio",
    "Mới cập nhật": "Just added",
    ("Kind", "Sách điện tử"): "E-book",
    ("Kind", "Infographic"): "Infographic",
    ("Kind", "Bản tin"): "Bulletin",
    ("Kind", "Sổ tay"): "Handbook",
    ("Kind", "Video"): "Video",
    ("Kind", "Tài liệu"): "Document",
    ("Kind", "Âm thanh"): "Audio",
    "Xem infographic": "View infographic",
    "Đọc bản tin": "Read bulletin",
    "Xem video": "Watch video",
    "Nghe": "Listen",
    "Đọc ngay": "Read now",
    "%n trang": ("%n page", "%n pages"),
    "Thời lượng %1": "Length %1",
    "Tài liệu này chỉ có hình ảnh, không có chữ để tìm.":
        "This document is only pictures: it has no words to find.",
    "Ngày phát hành: %1": "Published: %1",
    "Đọc từ trang %1": "Read from page %1",
    "Xin chào! Hôm nay bạn muốn đọc gì?": "Hello! What would you like to read today?",
    "Chạm vào đây để tìm: sách, bản tin, thủ tục…":
        "Touch here to search: books, bulletins, forms…",
    "Bộ sưu tập": "Collections",
    "%n mục": ("%n item", "%n items"),
    "Thư viện giới thiệu": "Librarian's picks",
    "Không dấu": "No marks",
    "Xoá hết": "Clear",
    "dấu cách": "space",
    "Tìm": "Search",
    "Quét mã để đọc trên điện thoại": "Scan to read on your phone",
    "Thư viện hiện chưa có mục nào. Mời bạn quay lại sau.":
        "The library has no items yet. Please come back later.",
    "Video này tạm thời chưa phát được. Mời bạn chọn mục khác.":
        "This video cannot be played right now. Please choose another item.",
    "Tài liệu này tạm thời chưa mở được. Mời bạn chọn tài liệu khác.":
        "This document cannot be opened right now. Please choose another one.",
    "Đang mở trang…": "Opening the page…",
    "Không vẽ được phần này": "This part could not be drawn",
    "Thử lại": "Try again",
    "(bản tin đã bị gỡ)": "(bulletin removed)",
    "(đang ẩn, sẽ không phát)": "(hidden, will not play)",
    "(trống, sẽ không phát)": "(empty, will not play)",
    "(tệp hỏng, sẽ không phát)": "(damaged file, will not play)",
    "(hỏng, sẽ không phát)": "(damaged, will not play)",
    "Giờ phát không đọc được": "The time cannot be read",
    "Ngày phát không đọc được": "The days cannot be read",
    "Danh sách bản tin không đọc được": "The list of bulletins cannot be read",
    "Không rõ đang bật hay tắt": "Cannot tell whether it is on or off",
    "Trang này tạm thời chưa hiển thị được. Mời bạn lật sang trang khác.":
        "This page cannot be shown just now. Please turn to another page.",
    "Trang %1": "Page %1",
    "Trang %1/%2": "Page %1/%2",
    "Về trang %1": "Back to page %1",
    "Mục lục": "Contents",
    "Tìm trong tài liệu này…": "Search this document…",
    "Có ở trang (chạm để xem):": "Found on pages (tap to open):",
    "Kiểu gõ": "Typing",
    "Bạn thử thế này nhé:": "You could try:",
    "Gõ ít chữ hơn, chỉ một hai từ chính.": "Fewer words: just one or two key words.",
    "Xem lại chính tả; gõ không dấu cũng được.":
        "Check the spelling; typing without marks is fine.",
    "Hoặc xem toàn bộ thư viện theo bộ sưu tập.": "Or browse the whole library by collection.",
    "Xem toàn bộ thư viện": "Browse the whole library",
    "Không thấy trong tài liệu này.": "Not found in this document.",
    "Chọn tài liệu khác": "Choose another document",
    "Chọn mục khác": "Choose something else",
    "Gõ tên sách, chủ đề… (không dấu cũng được)": "Type a title or topic… (marks optional)",
    "Kết quả sẽ hiện ngay khi bạn gõ.": "Results appear as you type.",
    "%n kết quả cho “%1”": ("%n result for “%1”", "%n results for “%1”"),
    "Hơn %1 kết quả cho “%2”": "More than %1 results for “%2”",
    "Không tìm thấy kết quả cho “%1”": "Nothing found for “%1”",
    "trang %1": "page %1",
    "Có phải bạn muốn tìm:": "Did you mean:",
    "Nhiều người đọc": "Popular reads",
    "Bàn phím": "Keyboard",
    "Trang chủ": "Home",
    "Quay lại": "Back",
    "Tìm sách, bản tin…": "Search books, bulletins…",
    "Café sách 4.0": "Café sách 4.0",
    # The marker kiosk.language reads, and the locale numbers are written in.
    ("Language", "vi"): "en",
    "vi_VN": "en_GB",
    # Listening (audio controls, banner, player messages)
    "−10 giây": "−10 s",
    "+10 giây": "+10 s",
    "Đang chuẩn bị…": "Preparing…",
    "Tạm dừng": "Pause",
    "Nghe tiếp": "Resume",
    ("Broadcast", "Bản tin"): "News bulletin",
    "Bản tin: %1": "News bulletin: %1",
    "Không đọc được mục này.": "This item cannot be read aloud.",
    "Trang này không có chữ để đọc.": "This page has no text to read aloud.",
    "Máy chưa có giọng đọc tiếng Việt.": "No Vietnamese voice is installed on this station.",
    "Không phát được âm thanh.": "The audio cannot be played.",
    "Không đọc được văn bản thành tiếng.": "The text cannot be read aloud.",
    # Hand-off card
    "Quét mã bằng camera điện thoại": "Scan the code with your phone's camera",
    "Chưa có mạng? Quét mã này để vào Wi-Fi của trạm":
        "No internet? Scan this code to join the station's Wi-Fi",
    "Trạm chưa có mạng Wi-Fi: mã QR chỉ chứa nội dung tóm tắt.":
        "The station has no Wi-Fi: the QR code holds a summary only.",
    "Trạm chưa có mạng Wi-Fi: mã QR mở bản trên Internet.":
        "The station has no Wi-Fi: the QR code opens the online copy.",
    "Mã QR chứa nội dung bản tin.": "The QR code holds the bulletin's text.",
    "Mã QR chỉ chứa tên bản tin.": "The QR code holds only the bulletin's title.",
    "Mã QR chứa tên và phần tóm tắt của bản tin.":
        "The QR code holds the bulletin's title and summary.",
    "Trạm không chia sẻ tệp qua Wi-Fi: mã QR chỉ chứa nội dung tóm tắt.":
        "The station does not share files over Wi-Fi: the QR code holds a summary only.",
    "Nội dung quá dài cho mã QR nên đã được rút gọn.":
        "The text was too long for a QR code, so it has been shortened.",
    # Librarian panel: frame and PIN
    "Quản lý trạm": "Station admin",
    "Nạp nội dung": "Load content",
    "Tủ sách": "Shelf",
    "Thống kê": "Statistics",
    "Cài đặt": "Settings",
    "Tình trạng": "Health",
    "Khoá và đóng": "Lock and close",
    "Đặt mã PIN cho thủ thư": "Set the librarian PIN",
    "Nhập lại mã PIN": "Enter the PIN again",
    "Mã khôi phục": "Recovery code",
    "Khôi phục mã PIN": "Recover the PIN",
    "Mã PIN mới": "New PIN",
    "Nhập lại mã PIN mới": "Enter the new PIN again",
    "Nhập mã PIN": "Enter the PIN",
    "Tôi đã chép lại mã": "I have written it down",
    "Xác nhận": "Confirm",
    "Dùng USB khoá": "Use key on USB",
    "Quên mã PIN?": "Forgot the PIN?",
    "Đóng": "Close",
    "Đã mở khoá.": "Unlocked.",
    "%n giây": ("%n second", "%n seconds"),
    "%n phút": ("%n minute", "%n minutes"),
    "Nhập sai quá nhiều lần. Hãy thử lại sau %1.": "Too many wrong attempts. Try again in %1.",
    "Mã PIN không đúng. Còn %n lần thử trong giờ này.":
        ("Wrong PIN. %n attempt left this hour.", "Wrong PIN. %n attempts left this hour."),
    "Chưa có mã PIN. Hãy đặt mã PIN mới.": "No PIN yet. Please set a new PIN.",
    "Dữ liệu mã PIN bị hỏng. Kỹ thuật viên hãy đặt lại mã bằng lệnh «cafesach pin set».":
        "The PIN data is damaged. A technician must reset it with «cafesach pin set».",
    "Nhập lại mã PIN để xác nhận.": "Enter the PIN again to confirm.",
    "Hai lần nhập không khớp. Hãy nhập lại.": "The two entries do not match. Please try again.",
    "Hãy chép lại mã khôi phục này và cất giữ cẩn thận. Mã chỉ hiện một lần.":
        "Write down this recovery code and keep it safe. It is shown only once.",
    "Nhập mã khôi phục, hoặc cắm USB có tệp khoá khôi phục.":
        "Enter the recovery code, or plug in a USB stick with the recovery key file.",
    "Mã khôi phục đúng. Hãy đặt mã PIN mới.": "Recovery code accepted. Please set a new PIN.",
    "Mã khôi phục không đúng.": "Wrong recovery code.",
    "Đã nhận khoá trên USB. Hãy đặt mã PIN mới.":
        "Key accepted from the USB stick. Please set a new PIN.",
    "Không thấy tệp khoá khôi phục trên USB nào.": "No recovery key file found on any USB stick.",
    "Nhập lại mã PIN mới.": "Enter the new PIN again.",
    # Librarian panel: content
    "Nạp nội dung từ USB": "Load content from USB",
    "Chưa thấy USB nào. Hãy cắm USB có gói nội dung (.zip).":
        "No USB stick found. Plug in a stick with a content pack (.zip).",
    "Tháo USB an toàn": "Safely remove USB",
    "phiên bản ": "version ",
    "Nạp": "Load",
    "Huỷ": "Cancel",
    "Máy chủ: ": "Server: ",
    "Chưa cấu hình máy chủ (xem Cài đặt).": "No server set up (see Settings).",
    "Đồng bộ ngay": "Sync now",
    "Chữ ký hợp lệ": "Valid signature",
    "Khoá chưa được tin cậy": "Key not trusted yet",
    "Gói hỏng hoặc bị sửa": "Pack damaged or altered",
    "Chưa kiểm tra chữ ký": "Signature not checked",
    " · đã hết hạn": " · expired",
    "còn trống %1": "%1 free",
    "Chưa đồng bộ lần nào.": "Never synced.",
    "USB này không có gói nội dung nào.": "This USB stick has no content pack.",
    "Đã tháo USB an toàn. Có thể rút USB ra.": "The USB stick can now be unplugged safely.",
    "Đang kiểm tra và nhập gói…": "Checking and importing the pack…",
    "Đang đồng bộ với máy chủ…": "Syncing with the server…",
    "Máy chủ chưa trả lời, đang thử lại…": "The server is not answering; trying again…",
    "Máy chủ của tỉnh đang bận; thử lại sau %1 (lần %2/%3)…":
        "The province's server is busy; trying again in %1 (attempt %2 of %3)…",
    "Không tìm thấy máy chủ: trạm chưa có mạng, hoặc địa chỉ máy chủ sai; "
    "thử lại sau %1 (lần %2/%3)…":
        "Cannot find the server: this station is not online, or the server address is "
        "wrong; trying again in %1 (attempt %2 of %3)…",
    "Không kết nối được qua proxy của mạng; thử lại sau %1 (lần %2/%3)…":
        "Cannot connect through the network's proxy; trying again in %1 (attempt %2 of %3)…",
    "Không kết nối được máy chủ; thử lại sau %1 (lần %2/%3)…":
        "Cannot connect to the server; trying again in %1 (attempt %2 of %3)…",
    "Máy chủ chưa trả lời; thử lại sau %1 (lần %2/%3)…":
        "The server is not answering; trying again in %1 (attempt %2 of %3)…",
    "Mạng quá chậm, việc tải bị đứng; thử lại sau %1 (lần %2/%3)…":
        "The network is too slow and the download stalled; trying again in %1 "
        "(attempt %2 of %3)…",
    "Kết nối bị ngắt giữa chừng; tải tiếp phần còn lại sau %1 (lần %2/%3)…":
        "The connection dropped; fetching the rest in %1 (attempt %2 of %3)…",
    "Kết nối bị ngắt giữa chừng; tải lại từ đầu sau %1 (lần %2/%3)…":
        "The connection dropped; downloading it again from the start in %1 "
        "(attempt %2 of %3)…",
    "Dữ liệu bị hỏng trên đường truyền; tải lại sau %1 (lần %2/%3)…":
        "The data arrived damaged; downloading it again in %1 (attempt %2 of %3)…",
    "Tệp trên máy chủ vừa thay đổi; tải lại sau %1 (lần %2/%3)…":
        "The file changed on the server; downloading it again in %1 (attempt %2 of %3)…",
    "Tỉnh vừa xuất bản phiên bản mới trong lúc đồng bộ; đang đồng bộ lại theo phiên bản mới…":
        "The province published a new version during the sync; syncing again with it…",
    "Đang huỷ…": "Cancelling…",
    "Không có gì mới: thư viện đã có phiên bản này.":
        "Nothing new: the library already has this version.",
    "Xong: thêm %1 mục, cập nhật %2 mục, gỡ %3 mục (phiên bản %4).":
        "Done: %1 added, %2 updated, %3 removed (version %4).",
    "Đã huỷ nhập; thư viện giữ nguyên như trước.":
        "Import cancelled; the library is unchanged.",
    "Thư viện giữ nguyên như trước.": "The library is unchanged.",
    "Kho trên máy chủ được ký bằng khoá chưa được tin cậy. Hãy thêm khoá của nhà xuất bản "
    "(tệp .pub trên USB) ở Cài đặt → «Thêm khoá từ USB», rồi đồng bộ lại. Thư viện giữ "
    "nguyên như trước.":
        "The library on the server is signed by a key not trusted yet. Add the publisher's key "
        "(the .pub file on the USB stick) in Settings → «Add key from USB», then sync again. "
        "The library is unchanged.",
    "Kho được ký bằng khoá chưa được tin cậy. Hãy thêm khoá của nhà xuất bản (tệp .pub trên "
    "USB) ở Cài đặt → «Thêm khoá từ USB», rồi nạp lại. Thư viện giữ nguyên như trước.":
        "The pack is signed by a key not trusted yet. Add the publisher's key (the .pub file on "
        "the USB stick) in Settings → «Add key from USB», then load it again. The library is "
        "unchanged.",
    "USB đã bị rút ra khi đang nạp; thư viện giữ nguyên như trước.":
        "The USB stick was pulled out during the import; the library is unchanged.",
    "Lỗi không mong đợi; thư viện giữ nguyên như trước.":
        "Unexpected error; the library is unchanged.",
    # Librarian panel: shelf
    "Tất cả": "All",
    "đang ẩn": "hidden",
    "Hiện": "Show",
    "Ẩn": "Hide",
    "Nổi bật": "Featured",
    "Vòng chờ": "Attract loop",
    "Gỡ xuống ngay": "Take down now",
    "Đã ẩn.": "Hidden.",
    "Đã hiện lại.": "Shown again.",
    "Đã đưa lên mục nổi bật.": "Added to featured.",
    "Đã bỏ khỏi mục nổi bật.": "Removed from featured.",
    "Đã thêm vào vòng chờ.": "Added to the attract loop.",
    "Đã bỏ khỏi vòng chờ.": "Removed from the attract loop.",
    "Đã gỡ bản tin xuống.": "Bulletin taken down.",
    # Librarian panel: bulletin schedule
    "Lịch phát bản tin": "Bulletin schedule",
    ("Chưa có giờ phát nào: chọn giờ, ngày và bản tin ở khung «Thêm\u00a0giờ\u00a0phát» "
     "rồi chạm nút «Thêm\u00a0giờ\u00a0phát»."):
        ("No broadcast times yet: choose the time, the days and the bulletins under "
         "«Add\u00a0time», then touch «Add\u00a0time»."),
    "Tủ sách chưa có mục nào. Hãy nạp nội dung từ USB ở «Nạp nội dung».":
        "The shelf has no items yet. Load content from a USB stick under «Load content».",
    "lịch của tỉnh": "provincial schedule",
    "đang tắt": "off",
    "Nghe thử": "Test play",
    ("ScheduleScreen", "Tắt"): "Turn off",
    ("ScheduleScreen", "Bật"): "Turn on",
    "Bật": "On",
    "Tắt": "Off",
    "Xoá": "Delete",
    "Thêm giờ phát": "Add time",
    "Hằng ngày": "Every day",
    "T2 – T6": "Mon – Fri",
    "T7, CN": "Sat, Sun",
    "Bản tin sẽ phát:": "Bulletins to play:",
    "Thứ Hai – Thứ Sáu": "Monday – Friday",
    "Thứ Bảy, Chủ nhật": "Saturday, Sunday",
    "T2": "Mon",
    "T3": "Tue",
    "T4": "Wed",
    "T5": "Thu",
    "T6": "Fri",
    "T7": "Sat",
    "CN": "Sun",
    "Hãy chọn ít nhất một bản tin.": "Choose at least one bulletin.",
    "Đã thêm giờ phát %1.": "Added broadcast time %1.",
    "Đã xoá giờ phát %1.": "Deleted broadcast time %1.",
    "Đã lưu.": "Saved.",
    "Đang phát thử…": "Test playing…",
    # Librarian panel: statistics
    "7 ngày": "7 days",
    "30 ngày": "30 days",
    "Tháng này": "This month",
    "Xuất CSV ra USB": "Export CSV to USB",
    "Lượt xem": "Views",
    "Trang đã đọc": "Pages read",
    "Lượt nghe": "Listens",
    "Mã QR đã hiện": "QR codes shown",
    "Lượt tìm": "Searches",
    "Tìm không thấy": "Not found",
    "Lượt xem mỗi ngày": "Views per day",
    "Được xem nhiều nhất": "Most viewed",
    "Theo bộ sưu tập": "By collection",
    "Lượt nghe mỗi ngày": "Listens per day",
    "Mã QR đã hiện mỗi ngày": "QR codes shown per day",
    "Tìm mà không thấy (từ khoá đã bỏ dấu)": "Searches with no result (marks removed)",
    "Chưa có số liệu": "No data yet",
    "Toàn bộ thời gian": "All time",
    "Hãy cắm USB để xuất số liệu.": "Plug in a USB stick to export the figures.",
    "Đang ghi số liệu ra USB…": "Writing the figures to the USB stick…",
    "Đã ghi %n dòng vào USB: %1": ("Wrote %n row to USB: %1", "Wrote %n rows to USB: %1"),
    # Librarian panel: settings
    "Giờ của trạm:": "Station time:",
    "−1 ngày": "−1 day",
    "−1 giờ": "−1 hour",
    "−1 phút": "−1 min",
    "+1 phút": "+1 min",
    "+1 giờ": "+1 hour",
    "+1 ngày": "+1 day",
    "Khoá tin cậy của nhà xuất bản": "Trusted publisher keys",
    "Thêm khoá từ USB": "Add key from USB",
    "Thoát chế độ kiosk (kỹ thuật viên)": "Exit kiosk mode (technicians)",
    "Tự động": "Automatic",
    "Nằm ngang": "Landscape",
    "Đứng": "Portrait",
    "Giọng Bắc": "Northern voice",
    "Giọng Huế": "Huế voice",
    "Giọng Nam": "Southern voice",
    "Việt Nam (GMT+7)": "Vietnam (GMT+7)",
    "Tên trạm": "Station name",
    "Về trang chủ sau (giây không chạm)": "Back to home after (seconds untouched)",
    "Âm lượng": "Volume",
    "Giọng đọc": "Voice",
    "Ngôn ngữ": "Language",
    "Hướng màn hình": "Screen orientation",
    "Múi giờ": "Time zone",
    "Chữ lớn mặc định": "Large text by default",
    "Tương phản cao mặc định": "High contrast by default",
    "Địa chỉ máy chủ của tỉnh": "Provincial server address",
    "Tên Wi-Fi của trạm (mã QR)": "Station Wi-Fi name (QR code)",
    "Mật khẩu Wi-Fi (mã QR)": "Wi-Fi password (QR code)",
    "Tự khoá bảng quản trị sau (giây)": "Lock the panel after (seconds)",
    "Đã thu hồi": "Revoked",
    "Tin cậy": "Trusted",
    "Giá trị không hợp lệ: %1": "Invalid value: %1",
    "Đã lưu. Có hiệu lực sau khi khởi động lại.": "Saved. Takes effect after a restart.",
    "Đã tin cậy khoá: %1": "Key trusted: %1",
    "Đã đặt giờ: %1": "Clock set: %1",
    # Librarian panel: health
    "Tình trạng trạm": "Station health",
    "Kiểm tra toàn vẹn tệp": "Check file integrity",
    "Ghi báo cáo ra USB": "Write report to USB",
    "Dừng": "Stop",
    "Lỗi gần đây": "Recent errors",
    "Không có lỗi nào.": "No errors.",
    "Mục không mở được": "Items that would not open",
    "Mọi mục đều mở được.": "Every item opens.",
    "chỉ trong bộ nhớ — chưa ghi được vào đĩa": "in memory only — not yet written to disk",
    "%n mục không mở được lần trước nên khách đang không xem được. "
    "«Thử lại» để lần sau mở lại.": (
        "%n item would not open last time, so visitors cannot see it. "
        "«Try again» opens it afresh next time.",
        "%n items would not open last time, so visitors cannot see them. "
        "«Try again» opens them afresh next time."),
    "(Hiện %1 mục đầu.)": "(Showing the first %1.)",
    "«%1» sẽ được mở lại cho khách tiếp theo.": "«%1» will be opened afresh for the next visitor.",
    "Chưa kiểm tra": "Not checked",
    "%n tệp nguyên vẹn (%1)": ("%n file intact (%1)", "%n files intact (%1)"),
    "%n tệp hỏng/thiếu trên %1":
        ("%n file damaged or missing of %1", "%n files damaged or missing of %1"),
    "%n mục, %1": ("%n item, %1", "%n items, %1"),
    "Chưa đồng bộ lần nào": "Never synced",
    "Dung lượng trống": "Free space",
    "Thư viện": "Library",
    "Kiểm tra tệp": "File check",
    "Đồng bộ": "Sync",
    "Có": "Found",
    "Không tìm thấy": "Not found",
    "Phiên bản": "Version",
    "Lỗi không mong đợi.": "Unexpected error.",
    "Đã dừng kiểm tra.": "Check stopped.",
    "Mọi tệp đều nguyên vẹn (%n tệp).":
        ("Every file is intact (%n file).", "Every file is intact (%n files)."),
    "Có %n tệp hỏng hoặc thiếu. Hãy nạp lại gói nội dung.":
        ("%n file is damaged or missing. Please load the content pack again.",
         "%n files are damaged or missing. Please load the content pack again."),
    "Hãy cắm USB để ghi báo cáo.": "Plug in a USB stick to write the report.",
    "Đã ghi báo cáo ra USB: %1": "Report written to USB: %1",
    "Báo cáo không có số lượt sử dụng: không đọc được tệp số liệu (stats.db). Chỉ phần "
    "tình trạng trạm được ghi.":
        "The report has no usage counts: the figures file (stats.db) could not be read. "
        "Only the station's health was written.",
    # librarian panel: QR posters onto the chosen stick
    "Áp phích QR ra USB": "QR posters to USB",
    ("Posters", "Tất cả"): "Everything",
    ("Posters", "Kệ trang chủ"): "Home shelf",
    "Tất cả và từng bộ sưu tập: 6 mục mỗi trang. Kệ trang chủ: mỗi mục một trang, mã lớn. "
    "Tệp PDF được ghi vào USB đang chọn ở trên.":
        "Everything and each collection: 6 items a page. Home shelf: one item a page, large "
        "codes. The PDF is written onto the USB stick chosen above.",
    "Hãy cắm USB và chọn nó ở trên để ghi áp phích.":
        "Plug in a USB stick and choose it above to write the posters.",
    "USB «%1» chỉ cho đọc: hãy gạt khoá ghi hoặc dùng USB khác.":
        "USB stick «%1» is read-only: slide its write lock off or use another stick.",
    "Đã ghi áp phích ra USB: %1 (%2).": "Posters written to USB: %1 (%2).",
    # librarian panel: progress, test play, keys, exit, charts, keyboard
    "Đang kiểm tra và lưu…": "Checking and saving…",
    "Đang chép dữ liệu… %1 %": "Copying data… %1 %",
    "Đang tải dữ liệu… %1 %": "Downloading data… %1 %",
    "Xong": "Done",
    "Trạm chưa có bộ phát bản tin, nên không nghe thử được.":
        "This station has no bulletin player, so it cannot play a test.",
    "Đã dừng phát thử.": "Test play stopped.",
    "Khoá %1": "Key %1",
    "Chưa thấy USB nào. Hãy cắm USB có tệp khoá (.pub).":
        "No USB stick found. Plug in a stick with a key file (.pub).",
    "Không thấy tệp khoá (.pub) ở thư mục gốc của USB. Chưa thêm khoá nào.":
        "No key file (.pub) at the top of the USB stick. No key was added.",
    "Thoát hẳn ứng dụng của trạm? Khách sẽ không dùng được trạm cho đến khi kỹ thuật viên mở lại.":
        "Quit the station's application? Visitors cannot use the station until a technician "
        "starts it again.",
    "Dành cho kỹ thuật viên": "For technicians",
    "Không thoát": "Do not quit",
    "Thoát ứng dụng trạm": "Quit the station's application",
    "Lượt xem mỗi tháng": "Views per month",
    "Lượt xem mỗi tuần (từ thứ Hai)": "Views per week (from Monday)",
    "Lượt nghe mỗi tháng": "Listens per month",
    "Lượt nghe mỗi tuần (từ thứ Hai)": "Listens per week (from Monday)",
    "Mã QR đã hiện mỗi tháng": "QR codes shown per month",
    "Mã QR đã hiện mỗi tuần (từ thứ Hai)": "QR codes shown per week (from Monday)",
    # the visitors' players while a bulletin is on air
    "Đang phát bản tin…": "Bulletin on air…",
    "Bản tin chưa có nội dung": "This bulletin has no content yet",
    "Bản ghi âm": "Recording",
    "Múi giờ trong tệp cấu hình («%1») không có thật. Trạm đang dùng %2. Hãy chạm chọn "
    "một múi giờ.":
        "The time zone in the configuration file («%1») does not exist. The station is "
        "using %2. Tap a time zone to choose one.",
    "Đếm lượt sử dụng (ẩn danh)": "Count usage (anonymous)",
    "Giọng trong tệp cấu hình («%1») không phải giọng tiếng Việt. Hãy chạm chọn một giọng.":
        "The voice in the configuration file («%1») is not a Vietnamese voice. Tap a voice "
        "to choose one.",
    "Trạm đang TẮT việc đếm lượt sử dụng (admin.stats_enabled = false): các con số dưới "
    "đây không cho biết có ai đến hay không. Bật lại ở Cài đặt › «Đếm lượt sử dụng», rồi "
    "khởi động lại trạm.":
        "Usage counting is OFF on this station (admin.stats_enabled = false): the figures "
        "below do not tell whether anyone came. Switch it on in Settings › «Count usage», "
        "then restart the station.",
    "Đã bật việc đếm lượt sử dụng. Trạm bắt đầu đếm sau khi khởi động lại; đến lúc đó các "
    "con số dưới đây chưa tăng.":
        "Usage counting is switched on. The station starts counting after a restart; until "
        "then the figures below do not grow.",
    "Đã tắt việc đếm lượt sử dụng. Trạm thôi đếm sau khi khởi động lại.":
        "Usage counting is switched off. The station stops counting after a restart.",
    "Giọng đã chọn (%1) không phải giọng tiếng Việt: bản tin sẽ bị đọc sai. Chọn lại ở "
    "Cài đặt › Giọng đọc.":
        "The chosen voice (%1) is not a Vietnamese voice: bulletins will be read wrongly. "
        "Choose another in Settings › Voice.",
    "Chưa đủ chỗ để nâng cấp cơ sở dữ liệu cho phiên bản mới (cần %1): trạm đang cho xem "
    "thư viện từ bản sao trong bộ nhớ. Khách vẫn xem, tìm, đọc và lấy mã QR được, nhưng "
    "trạm không ghi được gì (số lượt sử dụng, cài đặt, lịch phát, nhật ký) cho đến khi đĩa "
    "còn trống %2. Có đủ chỗ rồi thì trạm tự nâng cấp và ghi lại như thường vào lúc không có "
    "ai dùng, không cần khởi động lại.":
        "Too little room to upgrade the catalog for the new version (it needs %1): the "
        "station shows the library from a copy in memory. Visitors can still browse, "
        "search, read and take QR codes, but the station writes nothing (usage counts, "
        "settings, the schedule, the log) until the disk has %2 free. Once it has, the "
        "station upgrades the catalog and takes up writing by itself at the next moment "
        "nobody is using it; no restart is needed.",
    "Đĩa đã đầy: khách vẫn xem, tìm, đọc và lấy mã QR được, nhưng trạm không ghi được gì "
    "(số lượt sử dụng, cài đặt, lịch phát, nhật ký) cho đến khi xoá bớt tệp trên đĩa. Có "
    "chỗ trống rồi thì trạm tự ghi lại như thường vào lúc không có ai dùng, không cần khởi "
    "động lại.":
        "The disk is full: visitors can still browse, search, read and take QR codes, but "
        "the station writes nothing (usage counts, settings, the schedule, the log) until "
        "some files on the disk are deleted. Once there is room, the station takes up "
        "writing by itself at the next moment nobody is using it; no restart is needed.",
    "Thư mục dữ liệu chỉ cho đọc: khách vẫn xem, tìm, đọc và lấy mã QR được, nhưng trạm "
    "không ghi được gì (số lượt sử dụng, cài đặt, lịch phát, nhật ký) cho đến khi cho phép "
    "ghi. Khi đó trạm tự ghi lại như thường vào lúc không có ai dùng, không cần khởi động "
    "lại.":
        "The data folder is read-only: visitors can still browse, search, read and take QR "
        "codes, but the station writes nothing (usage counts, settings, the schedule, the "
        "log) until it is made writable. Then the station takes up writing by itself at the "
        "next moment nobody is using it; no restart is needed.",
    "Đĩa đã ghi được trở lại: trạm sẽ tự ghi lại như thường vào lúc không có ai dùng (sau "
    "khi đóng trang thủ thư), không cần khởi động lại.":
        "The disk can be written again: the station takes up writing by itself at the next "
        "moment nobody is using it (once this panel is closed); no restart is needed.",
    # the window of a station whose catalog cannot be opened (OutOfService.qml)
    "Trạm đọc sách tạm ngừng phục vụ": "This reading station is out of service",
    "Vui lòng báo thủ thư hoặc kỹ thuật viên.": "Please tell the librarian or a technician.",
    "Lý do (cho kỹ thuật viên): %1": "Reason (for the technician): %1",
    "Lần thử mở thư viện gần nhất: %1. Trạm tự thử lại sau mỗi %2 giây.":
        "Last try to open the library: %1. The station tries again every %2 seconds.",
    "Lần thử đọc cài đặt của trạm gần nhất: %1. Trạm tự thử lại sau mỗi %2 giây.":
        "Last try to read the station's settings: %1. The station tries again every %2 "
        "seconds.",
    # the same window while the catalog is checked after a fault
    "Trạm đang kiểm tra thư viện": "This reading station is checking its library",
    "Xin chờ một lát: trạm tự mở lại khi kiểm tra xong.":
        "Please wait a moment: the station opens again by itself once the check is done.",
    "Sau một sự cố, trạm kiểm tra thư viện trước khi mở lại; thư viện lớn mất đến vài phút. "
    "Đã kiểm tra %1 giây. Đừng tắt máy.":
        "After a fault the station checks its library before it opens again; a big library "
        "takes up to a few minutes. Checking for %1 s so far. Do not switch it off.",
}


def sources() -> list[Path]:
    """Every QML and Python file of the kiosk that may hold a text for people."""
    files = [*KIOSK.rglob("*.qml"), *KIOSK.rglob("*.py")]
    return sorted(f for f in files if HERE not in f.parents and "__pycache__" not in f.parts)


def tool(name: str) -> str:
    """A Qt tool of the PySide6 install next to this Python (or on PATH)."""
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.exists() else (shutil.which(name) or name)


def lupdate(ts: Path = TS) -> None:
    """Bring `ts` in step with the sources (new texts added, vanished ones dropped)."""
    root = KIOSK.parent
    subprocess.run([tool("pyside6-lupdate"), *(str(f.relative_to(root)) for f in sources()),
                    "-ts", str(ts), "-source-language", "vi", "-target-language", "en",
                    "-no-obsolete", "-locations", "none", "-silent"],
                   check=True, cwd=root)


def english_for(context: str, source: str) -> str | tuple[str, str] | None:
    return ENGLISH.get((context, source), ENGLISH.get(source))


def fill(ts: Path = TS) -> list[str]:
    """Write the English into the .ts; return source texts that have none."""
    tree = ET.parse(ts)
    missing = []
    for context in tree.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            english = english_for(name, source)
            if translation is None:
                continue
            if english is None:
                missing.append(source)
                continue
            if isinstance(english, tuple) and "%n" in source:
                message.set("numerus", "yes")  # lupdate flags only literal counts in Python
            translation.attrib.pop("type", None)
            for child in list(translation):
                translation.remove(child)
            translation.text = None
            if message.get("numerus") == "yes":
                forms = english if isinstance(english, tuple) else (english, english)
                for form in forms:
                    ET.SubElement(translation, "numerusform").text = form
            else:
                translation.text = english if isinstance(english, str) else english[1]
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return missing


def main() -> int:
    lupdate()
    missing = fill()
    for text in missing:
        print(f"no English for: {text}", file=sys.stderr)
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(TS), "-qm",
                    str(TS.with_suffix(".qm"))], check=True)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
