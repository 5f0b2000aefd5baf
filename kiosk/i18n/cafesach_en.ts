<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="vi">
<context>
    <name>AdminPanel</name>
    <message>
        <source>Quản lý trạm</source>
        <translation>Station admin</translation>
    </message>
    <message>
        <source>Nạp nội dung</source>
        <translation>Load content</translation>
    </message>
    <message>
        <source>Tủ sách</source>
        <translation>Shelf</translation>
    </message>
    <message>
        <source>Bản tin</source>
        <translation>Bulletins</translation>
    </message>
    <message>
        <source>Thống kê</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Tình trạng</source>
        <translation>Health</translation>
    </message>
    <message>
        <source>Khoá và đóng</source>
        <translation>Lock and close</translation>
    </message>
</context>
<context>
    <name>AttractScreen</name>
    <message>
        <source>Chạm để bắt đầu</source>
        <translation>Touch to start</translation>
    </message>
    <message>
        <source>Café sách 4.0</source>
        <translation>Café sách 4.0</translation>
    </message>
</context>
<context>
    <name>Bars</name>
    <message>
        <source>Chưa có số liệu</source>
        <translation>No data yet</translation>
    </message>
</context>
<context>
    <name>Broadcast</name>
    <message>
        <source>Bản tin</source>
        <translation>News bulletin</translation>
    </message>
    <message>
        <source>Bản tin: %1</source>
        <translation>News bulletin: %1</translation>
    </message>
</context>
<context>
    <name>BrowseScreen</name>
    <message>
        <source>Mới nhất</source>
        <translation>Newest</translation>
    </message>
    <message>
        <source>Phổ biến</source>
        <translation>Popular</translation>
    </message>
    <message>
        <source>Chưa có mục nào ở đây.</source>
        <translation>Nothing here yet.</translation>
    </message>
</context>
<context>
    <name>Collections</name>
    <message>
        <source>Sách điện tử</source>
        <extracomment>Order of the tiles and their accent colours (QML picks icons by `key`). Each colour keeps white text at a contrast of at least 4.5:1 (WCAG AA for the small "N mục" line), so the brighter hues the tiles started with were darkened. Words of two syllables in the home tiles' names. Vietnamese puts a space between syllables, and a tile's name wraps (and is balanced over two lines) at any space: «Mới cập / nhật» broke «cập nhật». Joined by a no-break space on the tile, they stay on one line there (a tile too narrow shrinks the name instead); everywhere else the name keeps its plain spaces.</extracomment>
        <translation>E-books</translation>
    </message>
    <message>
        <source>Infographic</source>
        <translation>Infographics</translation>
    </message>
    <message>
        <source>Bản tin</source>
        <translation>Bulletins</translation>
    </message>
    <message>
        <source>Sổ tay</source>
        <translation>Handbooks</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>Videos</translation>
    </message>
    <message>
        <source>Tài liệu</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>Âm thanh</source>
        <translation>Audio</translation>
    </message>
    <message>
        <source>Mới cập nhật</source>
        <translation>Just added</translation>
    </message>
</context>
<context>
    <name>Content</name>
    <message>
        <source>Chữ ký hợp lệ</source>
        <extracomment>Shown beside each pack; translated when the row is made.</extracomment>
        <translation>Valid signature</translation>
    </message>
    <message>
        <source>Khoá chưa được tin cậy</source>
        <translation>Key not trusted yet</translation>
    </message>
    <message>
        <source>Gói hỏng hoặc bị sửa</source>
        <translation>Pack damaged or altered</translation>
    </message>
    <message>
        <source>Chưa kiểm tra chữ ký</source>
        <translation>Signature not checked</translation>
    </message>
    <message>
        <source>Đã huỷ nhập; thư viện giữ nguyên như trước.</source>
        <translation>Import cancelled; the library is unchanged.</translation>
    </message>
    <message>
        <source> · đã hết hạn</source>
        <translation> · expired</translation>
    </message>
    <message>
        <source>Máy chủ của tỉnh đang bận; thử lại sau %1 (lần %2/%3)…</source>
        <extracomment>The progress line while a sync waits to try again, for each kind of failure (`retries.Retrying.kind`): %1 the wait, %2 the next attempt, %3 how many in all.</extracomment>
        <translation>The province's server is busy; trying again in %1 (attempt %2 of %3)…</translation>
    </message>
    <message>
        <source>Không tìm thấy máy chủ: trạm chưa có mạng, hoặc địa chỉ máy chủ sai; thử lại sau %1 (lần %2/%3)…</source>
        <translation>Cannot find the server: this station is not online, or the server address is wrong; trying again in %1 (attempt %2 of %3)…</translation>
    </message>
    <message>
        <source>Không kết nối được qua proxy của mạng; thử lại sau %1 (lần %2/%3)…</source>
        <translation>Cannot connect through the network's proxy; trying again in %1 (attempt %2 of %3)…</translation>
    </message>
    <message>
        <source>Không kết nối được máy chủ; thử lại sau %1 (lần %2/%3)…</source>
        <translation>Cannot connect to the server; trying again in %1 (attempt %2 of %3)…</translation>
    </message>
    <message>
        <source>Máy chủ chưa trả lời; thử lại sau %1 (lần %2/%3)…</source>
        <translation>The server is not answering; trying again in %1 (attempt %2 of %3)…</translation>
    </message>
    <message>
        <source>Mạng quá chậm, việc tải bị đứng; thử lại sau %1 (lần %2/%3)…</source>
        <translation>The network is too slow and the download stalled; trying again in %1 (attempt %2 of %3)…</translation>
    </message>
    <message>
        <source>Kết nối bị ngắt giữa chừng; tải tiếp phần còn lại sau %1 (lần %2/%3)…</source>
        <translation>The connection dropped; fetching the rest in %1 (attempt %2 of %3)…</translation>
    </message>
    <message>
        <source>Kết nối bị ngắt giữa chừng; tải lại từ đầu sau %1 (lần %2/%3)…</source>
        <translation>The connection dropped; downloading it again from the start in %1 (attempt %2 of %3)…</translation>
    </message>
    <message>
        <source>Dữ liệu bị hỏng trên đường truyền; tải lại sau %1 (lần %2/%3)…</source>
        <translation>The data arrived damaged; downloading it again in %1 (attempt %2 of %3)…</translation>
    </message>
    <message>
        <source>Tệp trên máy chủ vừa thay đổi; tải lại sau %1 (lần %2/%3)…</source>
        <translation>The file changed on the server; downloading it again in %1 (attempt %2 of %3)…</translation>
    </message>
    <message>
        <source>Tỉnh vừa xuất bản phiên bản mới trong lúc đồng bộ; đang đồng bộ lại theo phiên bản mới…</source>
        <translation>The province published a new version during the sync; syncing again with it…</translation>
    </message>
    <message>
        <source>còn trống %1</source>
        <translation>%1 free</translation>
    </message>
    <message>
        <source>Chưa đồng bộ lần nào.</source>
        <extracomment>The first timed sync comes this long after the station starts (ms): the day's content arrives early, and the start itself is not slowed by it. The longest wait between timed syncs (minutes): a week. A longer one would keep a station out of step for no gain, and past about 24 days a QTimer cannot hold it (the panel, and the station with it, failed to start). from the worker: an attempt failed, another follows (`retries.Retrying`) the chosen stick changed or was chosen again: lines about the old one go Every line under «Máy chủ»: each repository's status line, then its warnings. The same lines as ``{text, warning, indent}``: warnings in the warning colour, indented under the status line they belong to, as `cafesach sync --status` has them.</extracomment>
        <translation>Never synced.</translation>
    </message>
    <message>
        <source>USB này không có gói nội dung nào.</source>
        <translation>This USB stick has no content pack.</translation>
    </message>
    <message>
        <source>Đã tháo USB an toàn. Có thể rút USB ra.</source>
        <translation>The USB stick can now be unplugged safely.</translation>
    </message>
    <message>
        <source>Đang kiểm tra và lưu…</source>
        <translation>Checking and saving…</translation>
    </message>
    <message>
        <source>Máy chủ chưa trả lời, đang thử lại…</source>
        <translation>The server is not answering; trying again…</translation>
    </message>
    <message>
        <source>Đang chép dữ liệu… %1 %</source>
        <translation>Copying data… %1 %</translation>
    </message>
    <message>
        <source>Đang kiểm tra và nhập gói…</source>
        <translation>Checking and importing the pack…</translation>
    </message>
    <message>
        <source>Đang tải dữ liệu… %1 %</source>
        <translation>Downloading data… %1 %</translation>
    </message>
    <message>
        <source>Đang đồng bộ với máy chủ…</source>
        <translation>Syncing with the server…</translation>
    </message>
    <message>
        <source>Đang huỷ…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>Không có gì mới: thư viện đã có phiên bản này.</source>
        <translation>Nothing new: the library already has this version.</translation>
    </message>
    <message>
        <source>Xong: thêm %1 mục, cập nhật %2 mục, gỡ %3 mục (phiên bản %4).</source>
        <translation>Done: %1 added, %2 updated, %3 removed (version %4).</translation>
    </message>
    <message>
        <source>USB đã bị rút ra khi đang nạp; thư viện giữ nguyên như trước.</source>
        <translation>The USB stick was pulled out during the import; the library is unchanged.</translation>
    </message>
    <message>
        <source>Kho trên máy chủ được ký bằng khoá chưa được tin cậy. Hãy thêm khoá của nhà xuất bản (tệp .pub trên USB) ở Cài đặt → «Thêm khoá từ USB», rồi đồng bộ lại. Thư viện giữ nguyên như trước.</source>
        <translation>The library on the server is signed by a key not trusted yet. Add the publisher's key (the .pub file on the USB stick) in Settings → «Add key from USB», then sync again. The library is unchanged.</translation>
    </message>
    <message>
        <source>Kho được ký bằng khoá chưa được tin cậy. Hãy thêm khoá của nhà xuất bản (tệp .pub trên USB) ở Cài đặt → «Thêm khoá từ USB», rồi nạp lại. Thư viện giữ nguyên như trước.</source>
        <translation>The pack is signed by a key not trusted yet. Add the publisher's key (the .pub file on the USB stick) in Settings → «Add key from USB», then load it again. The library is unchanged.</translation>
    </message>
    <message>
        <source>Thư viện giữ nguyên như trước.</source>
        <translation>The library is unchanged.</translation>
    </message>
    <message>
        <source>Lỗi không mong đợi; thư viện giữ nguyên như trước.</source>
        <translation>Unexpected error; the library is unchanged.</translation>
    </message>
</context>
<context>
    <name>ContentScreen</name>
    <message>
        <source>Nạp nội dung từ USB</source>
        <translation>Load content from USB</translation>
    </message>
    <message>
        <source>Chưa thấy USB nào. Hãy cắm USB có gói nội dung (.zip).</source>
        <translation>No USB stick found. Plug in a stick with a content pack (.zip).</translation>
    </message>
    <message>
        <source>Tháo USB an toàn</source>
        <translation>Safely remove USB</translation>
    </message>
    <message>
        <source>phiên bản </source>
        <translation>version </translation>
    </message>
    <message>
        <source>Nạp</source>
        <translation>Load</translation>
    </message>
    <message>
        <source>Huỷ</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Máy chủ: </source>
        <translation>Server: </translation>
    </message>
    <message>
        <source>Chưa cấu hình máy chủ (xem Cài đặt).</source>
        <translation>No server set up (see Settings).</translation>
    </message>
    <message>
        <source>Đồng bộ ngay</source>
        <translation>Sync now</translation>
    </message>
</context>
<context>
    <name>DetailScreen</name>
    <message>
        <source>Xem infographic</source>
        <translation>View infographic</translation>
    </message>
    <message>
        <source>Đọc bản tin</source>
        <translation>Read bulletin</translation>
    </message>
    <message>
        <source>Xem video</source>
        <translation>Watch video</translation>
    </message>
    <message>
        <source>Nghe</source>
        <translation>Listen</translation>
    </message>
    <message>
        <source>Đọc ngay</source>
        <translation>Read now</translation>
    </message>
    <message numerus="yes">
        <source>%n trang</source>
        <translation><numerusform>%n page</numerusform><numerusform>%n pages</numerusform></translation>
    </message>
    <message>
        <source>Thời lượng %1</source>
        <translation>Length %1</translation>
    </message>
    <message>
        <source>Ngày phát hành: %1</source>
        <translation>Published: %1</translation>
    </message>
    <message>
        <source>Đọc từ trang %1</source>
        <translation>Read from page %1</translation>
    </message>
    <message>
        <source>Bản tin chưa có nội dung</source>
        <translation>This bulletin has no content yet</translation>
    </message>
</context>
<context>
    <name>Handoff</name>
    <message>
        <source>Chưa có mạng? Quét mã này để vào Wi-Fi của trạm</source>
        <translation>No internet? Scan this code to join the station's Wi-Fi</translation>
    </message>
    <message>
        <source>Mã QR chỉ chứa tên bản tin.</source>
        <extracomment>A bulletin with no text yet: its code holds only what it has (title, maybe summary).</extracomment>
        <translation>The QR code holds only the bulletin's title.</translation>
    </message>
    <message>
        <source>Mã QR chứa tên và phần tóm tắt của bản tin.</source>
        <translation>The QR code holds the bulletin's title and summary.</translation>
    </message>
    <message>
        <source>Quét mã bằng camera điện thoại</source>
        <extracomment>The core's lines (it speaks Vietnamese only), each with the same text for lupdate, so the hand-off card follows the kiosk's language. A test keeps the pairs equal.</extracomment>
        <translation>Scan the code with your phone's camera</translation>
    </message>
    <message>
        <source>Trạm chưa có mạng Wi-Fi: mã QR chỉ chứa nội dung tóm tắt.</source>
        <translation>The station has no Wi-Fi: the QR code holds a summary only.</translation>
    </message>
    <message>
        <source>Trạm chưa có mạng Wi-Fi: mã QR mở bản trên Internet.</source>
        <translation>The station has no Wi-Fi: the QR code opens the online copy.</translation>
    </message>
    <message>
        <source>Mã QR chứa nội dung bản tin.</source>
        <translation>The QR code holds the bulletin's text.</translation>
    </message>
    <message>
        <source>Trạm không chia sẻ tệp qua Wi-Fi: mã QR chỉ chứa nội dung tóm tắt.</source>
        <translation>The station does not share files over Wi-Fi: the QR code holds a summary only.</translation>
    </message>
    <message>
        <source>Nội dung quá dài cho mã QR nên đã được rút gọn.</source>
        <translation>The text was too long for a QR code, so it has been shortened.</translation>
    </message>
</context>
<context>
    <name>Health</name>
    <message>
        <source>Chưa kiểm tra</source>
        <extracomment>At most this many flagged items are listed on the screen (the count says how many in all): a damaged pack could flag hundreds, and the list must stay a list to act on. What the screen shows after each task: the health report and `broken_rows`.</extracomment>
        <translation>Not checked</translation>
    </message>
    <message numerus="yes">
        <source>%n tệp nguyên vẹn (%1)</source>
        <translation><numerusform>%n file intact (%1)</numerusform><numerusform>%n files intact (%1)</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n tệp hỏng/thiếu trên %1</source>
        <translation><numerusform>%n file damaged or missing of %1</numerusform><numerusform>%n files damaged or missing of %1</numerusform></translation>
    </message>
    <message>
        <source>Chưa đồng bộ lần nào</source>
        <translation>Never synced</translation>
    </message>
    <message>
        <source>Dung lượng trống</source>
        <translation>Free space</translation>
    </message>
    <message>
        <source>Thư viện</source>
        <translation>Library</translation>
    </message>
    <message numerus="yes">
        <source>%n mục, %1</source>
        <translation><numerusform>%n item, %1</numerusform><numerusform>%n items, %1</numerusform></translation>
    </message>
    <message>
        <source>Kiểm tra tệp</source>
        <translation>File check</translation>
    </message>
    <message>
        <source>Đồng bộ</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Giọng đọc</source>
        <translation>Voice</translation>
    </message>
    <message>
        <source>Giọng đã chọn (%1) không phải giọng tiếng Việt: bản tin sẽ bị đọc sai. Chọn lại ở Cài đặt › Giọng đọc.</source>
        <translation>The chosen voice (%1) is not a Vietnamese voice: bulletins will be read wrongly. Choose another in Settings › Voice.</translation>
    </message>
    <message>
        <source>Có</source>
        <translation>Found</translation>
    </message>
    <message>
        <source>Báo cáo không có số lượt sử dụng: không đọc được tệp số liệu (stats.db). Chỉ phần tình trạng trạm được ghi.</source>
        <translation>The report has no usage counts: the figures file (stats.db) could not be read. Only the station's health was written.</translation>
    </message>
    <message>
        <source>Không tìm thấy</source>
        <translation>Not found</translation>
    </message>
    <message>
        <source>Phiên bản</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Chưa đủ chỗ để nâng cấp cơ sở dữ liệu cho phiên bản mới (cần %1): trạm đang cho xem thư viện từ bản sao trong bộ nhớ. Khách vẫn xem, tìm, đọc và lấy mã QR được, nhưng trạm không ghi được gì (số lượt sử dụng, cài đặt, lịch phát, nhật ký) cho đến khi đĩa còn trống %2. Có đủ chỗ rồi thì trạm tự nâng cấp và ghi lại như thường vào lúc không có ai dùng, không cần khởi động lại.</source>
        <translation>Too little room to upgrade the catalog for the new version (it needs %1): the station shows the library from a copy in memory. Visitors can still browse, search, read and take QR codes, but the station writes nothing (usage counts, settings, the schedule, the log) until the disk has %2 free. Once it has, the station upgrades the catalog and takes up writing by itself at the next moment nobody is using it; no restart is needed.</translation>
    </message>
    <message>
        <source>Đĩa đã đầy: khách vẫn xem, tìm, đọc và lấy mã QR được, nhưng trạm không ghi được gì (số lượt sử dụng, cài đặt, lịch phát, nhật ký) cho đến khi xoá bớt tệp trên đĩa. Có chỗ trống rồi thì trạm tự ghi lại như thường vào lúc không có ai dùng, không cần khởi động lại.</source>
        <translation>The disk is full: visitors can still browse, search, read and take QR codes, but the station writes nothing (usage counts, settings, the schedule, the log) until some files on the disk are deleted. Once there is room, the station takes up writing by itself at the next moment nobody is using it; no restart is needed.</translation>
    </message>
    <message>
        <source>Thư mục dữ liệu chỉ cho đọc: khách vẫn xem, tìm, đọc và lấy mã QR được, nhưng trạm không ghi được gì (số lượt sử dụng, cài đặt, lịch phát, nhật ký) cho đến khi cho phép ghi. Khi đó trạm tự ghi lại như thường vào lúc không có ai dùng, không cần khởi động lại.</source>
        <translation>The data folder is read-only: visitors can still browse, search, read and take QR codes, but the station writes nothing (usage counts, settings, the schedule, the log) until it is made writable. Then the station takes up writing by itself at the next moment nobody is using it; no restart is needed.</translation>
    </message>
    <message>
        <source>Đĩa đã ghi được trở lại: trạm sẽ tự ghi lại như thường vào lúc không có ai dùng (sau khi đóng trang thủ thư), không cần khởi động lại.</source>
        <translation>The disk can be written again: the station takes up writing by itself at the next moment nobody is using it (once this panel is closed); no restart is needed.</translation>
    </message>
    <message>
        <source>Mọi mục đều mở được.</source>
        <extracomment>Items that failed to open or play: those shut in memory only (`inMemory`), then those flagged `broken`, at most `BROKEN_SHOWN` of these.</extracomment>
        <translation>Every item opens.</translation>
    </message>
    <message numerus="yes">
        <source>%n mục không mở được lần trước nên khách đang không xem được. «Thử lại» để lần sau mở lại.</source>
        <translation><numerusform>%n item would not open last time, so visitors cannot see it. «Try again» opens it afresh next time.</numerusform><numerusform>%n items would not open last time, so visitors cannot see them. «Try again» opens them afresh next time.</numerusform></translation>
    </message>
    <message>
        <source>(Hiện %1 mục đầu.)</source>
        <translation>(Showing the first %1.)</translation>
    </message>
    <message>
        <source>«%1» sẽ được mở lại cho khách tiếp theo.</source>
        <extracomment>One line over the list: how many are flagged, or that none is. The message reports a failure or damaged files: shown in the warning colour, so «USB đã đầy» does not read like «Đã ghi báo cáo».</extracomment>
        <translation>«%1» will be opened afresh for the next visitor.</translation>
    </message>
    <message>
        <source>Đã dừng kiểm tra.</source>
        <translation>Check stopped.</translation>
    </message>
    <message numerus="yes">
        <source>Mọi tệp đều nguyên vẹn (%n tệp).</source>
        <translation><numerusform>Every file is intact (%n file).</numerusform><numerusform>Every file is intact (%n files).</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Có %n tệp hỏng hoặc thiếu. Hãy nạp lại gói nội dung.</source>
        <translation><numerusform>%n file is damaged or missing. Please load the content pack again.</numerusform><numerusform>%n files are damaged or missing. Please load the content pack again.</numerusform></translation>
    </message>
    <message>
        <source>Hãy cắm USB để ghi báo cáo.</source>
        <translation>Plug in a USB stick to write the report.</translation>
    </message>
    <message>
        <source>Đã ghi báo cáo ra USB: %1</source>
        <translation>Report written to USB: %1</translation>
    </message>
</context>
<context>
    <name>HealthScreen</name>
    <message>
        <source>Tình trạng trạm</source>
        <translation>Station health</translation>
    </message>
    <message>
        <source>Kiểm tra toàn vẹn tệp</source>
        <translation>Check file integrity</translation>
    </message>
    <message>
        <source>Ghi báo cáo ra USB</source>
        <translation>Write report to USB</translation>
    </message>
    <message>
        <source>Dừng</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>Mục không mở được</source>
        <translation>Items that would not open</translation>
    </message>
    <message>
        <source>chỉ trong bộ nhớ — chưa ghi được vào đĩa</source>
        <translation>in memory only — not yet written to disk</translation>
    </message>
    <message>
        <source>Thử lại</source>
        <translation>Try again</translation>
    </message>
    <message>
        <source>Lỗi gần đây</source>
        <translation>Recent errors</translation>
    </message>
    <message>
        <source>Không có lỗi nào.</source>
        <translation>No errors.</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Xin chào! Hôm nay bạn muốn đọc gì?</source>
        <translation>Hello! What would you like to read today?</translation>
    </message>
    <message>
        <source>Chạm vào đây để tìm: sách, bản tin, thủ tục…</source>
        <translation>Touch here to search: books, bulletins, forms…</translation>
    </message>
    <message>
        <source>Bộ sưu tập</source>
        <translation>Collections</translation>
    </message>
    <message numerus="yes">
        <source>%n mục</source>
        <translation><numerusform>%n item</numerusform><numerusform>%n items</numerusform></translation>
    </message>
    <message>
        <source>Thư viện giới thiệu</source>
        <translation>Librarian's picks</translation>
    </message>
    <message>
        <source>Mới cập nhật</source>
        <translation>Just added</translation>
    </message>
</context>
<context>
    <name>Kind</name>
    <message>
        <source>Sách điện tử</source>
        <translation>E-book</translation>
    </message>
    <message>
        <source>Infographic</source>
        <translation>Infographic</translation>
    </message>
    <message>
        <source>Bản tin</source>
        <translation>Bulletin</translation>
    </message>
    <message>
        <source>Sổ tay</source>
        <translation>Handbook</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>Video</translation>
    </message>
    <message>
        <source>Tài liệu</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Âm thanh</source>
        <translation>Audio</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>vi</source>
        <translation>en</translation>
    </message>
    <message>
        <source>Lỗi không mong đợi.</source>
        <translation>Unexpected error.</translation>
    </message>
    <message numerus="yes">
        <source>%n giây</source>
        <translation><numerusform>%n second</numerusform><numerusform>%n seconds</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n phút</source>
        <translation><numerusform>%n minute</numerusform><numerusform>%n minutes</numerusform></translation>
    </message>
</context>
<context>
    <name>ListenButton</name>
    <message>
        <source>Nghe</source>
        <translation>Listen</translation>
    </message>
    <message>
        <source>Đang phát bản tin…</source>
        <translation>Bulletin on air…</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Café sách 4.0</source>
        <translation>Café sách 4.0</translation>
    </message>
</context>
<context>
    <name>OnScreenKeyboard</name>
    <message>
        <source>Kiểu gõ</source>
        <translation>Typing</translation>
    </message>
    <message>
        <source>Không dấu</source>
        <translation>No marks</translation>
    </message>
    <message>
        <source>Xoá hết</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>dấu cách</source>
        <translation>space</translation>
    </message>
    <message>
        <source>Tìm</source>
        <translation>Search</translation>
    </message>
</context>
<context>
    <name>OutOfService</name>
    <message>
        <source>Café sách 4.0</source>
        <translation>Café sách 4.0</translation>
    </message>
    <message>
        <source>Trạm đang kiểm tra thư viện</source>
        <translation>This reading station is checking its library</translation>
    </message>
    <message>
        <source>Trạm đọc sách tạm ngừng phục vụ</source>
        <translation>This reading station is out of service</translation>
    </message>
    <message>
        <source>Xin chờ một lát: trạm tự mở lại khi kiểm tra xong.</source>
        <translation>Please wait a moment: the station opens again by itself once the check is done.</translation>
    </message>
    <message>
        <source>Vui lòng báo thủ thư hoặc kỹ thuật viên.</source>
        <translation>Please tell the librarian or a technician.</translation>
    </message>
    <message>
        <source>Lý do (cho kỹ thuật viên): %1</source>
        <translation>Reason (for the technician): %1</translation>
    </message>
    <message>
        <source>Sau một sự cố, trạm kiểm tra thư viện trước khi mở lại; thư viện lớn mất đến vài phút. Đã kiểm tra %1 giây. Đừng tắt máy.</source>
        <translation>After a fault the station checks its library before it opens again; a big library takes up to a few minutes. Checking for %1 s so far. Do not switch it off.</translation>
    </message>
    <message>
        <source>Lần thử đọc cài đặt của trạm gần nhất: %1. Trạm tự thử lại sau mỗi %2 giây.</source>
        <translation>Last try to read the station's settings: %1. The station tries again every %2 seconds.</translation>
    </message>
    <message>
        <source>Lần thử mở thư viện gần nhất: %1. Trạm tự thử lại sau mỗi %2 giây.</source>
        <translation>Last try to open the library: %1. The station tries again every %2 seconds.</translation>
    </message>
</context>
<context>
    <name>PanelKeyboard</name>
    <message>
        <source>Xong</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Kiểu gõ</source>
        <translation>Typing</translation>
    </message>
    <message>
        <source>Xoá hết</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>dấu cách</source>
        <translation>space</translation>
    </message>
</context>
<context>
    <name>Pin</name>
    <message>
        <source>Đã mở khoá.</source>
        <extracomment>The relock time is held to this range (seconds). Shorter, the panel would lock again before the librarian could use it (0 or less: it never opens at all); longer than a day is more than a QTimer holds, and a panel left open that long is not wanted.</extracomment>
        <translation>Unlocked.</translation>
    </message>
    <message>
        <source>Nhập sai quá nhiều lần. Hãy thử lại sau %1.</source>
        <translation>Too many wrong attempts. Try again in %1.</translation>
    </message>
    <message numerus="yes">
        <source>Mã PIN không đúng. Còn %n lần thử trong giờ này.</source>
        <translation><numerusform>Wrong PIN. %n attempt left this hour.</numerusform><numerusform>Wrong PIN. %n attempts left this hour.</numerusform></translation>
    </message>
    <message>
        <source>Chưa có mã PIN. Hãy đặt mã PIN mới.</source>
        <extracomment>the relock time without a touch (tests emit its `timeout` instead of waiting) refreshes the wait after wrong PINs once a second (tests emit its `timeout`) The message reports a wrong PIN or code, or a failure: the prompt shows it in the warning colour, so it is not read as a mere instruction.</extracomment>
        <translation>No PIN yet. Please set a new PIN.</translation>
    </message>
    <message>
        <source>Dữ liệu mã PIN bị hỏng. Kỹ thuật viên hãy đặt lại mã bằng lệnh «cafesach pin set».</source>
        <translation>The PIN data is damaged. A technician must reset it with «cafesach pin set».</translation>
    </message>
    <message>
        <source>Nhập lại mã PIN để xác nhận.</source>
        <translation>Enter the PIN again to confirm.</translation>
    </message>
    <message>
        <source>Hai lần nhập không khớp. Hãy nhập lại.</source>
        <translation>The two entries do not match. Please try again.</translation>
    </message>
    <message>
        <source>Hãy chép lại mã khôi phục này và cất giữ cẩn thận. Mã chỉ hiện một lần.</source>
        <translation>Write down this recovery code and keep it safe. It is shown only once.</translation>
    </message>
    <message>
        <source>Nhập mã khôi phục, hoặc cắm USB có tệp khoá khôi phục.</source>
        <translation>Enter the recovery code, or plug in a USB stick with the recovery key file.</translation>
    </message>
    <message>
        <source>Mã khôi phục đúng. Hãy đặt mã PIN mới.</source>
        <translation>Recovery code accepted. Please set a new PIN.</translation>
    </message>
    <message>
        <source>Mã khôi phục không đúng.</source>
        <translation>Wrong recovery code.</translation>
    </message>
    <message>
        <source>Đã nhận khoá trên USB. Hãy đặt mã PIN mới.</source>
        <translation>Key accepted from the USB stick. Please set a new PIN.</translation>
    </message>
    <message>
        <source>Không thấy tệp khoá khôi phục trên USB nào.</source>
        <translation>No recovery key file found on any USB stick.</translation>
    </message>
    <message>
        <source>Nhập lại mã PIN mới.</source>
        <translation>Enter the new PIN again.</translation>
    </message>
</context>
<context>
    <name>PinPrompt</name>
    <message>
        <source>Đặt mã PIN cho thủ thư</source>
        <translation>Set the librarian PIN</translation>
    </message>
    <message>
        <source>Nhập lại mã PIN</source>
        <translation>Enter the PIN again</translation>
    </message>
    <message>
        <source>Mã khôi phục</source>
        <translation>Recovery code</translation>
    </message>
    <message>
        <source>Khôi phục mã PIN</source>
        <translation>Recover the PIN</translation>
    </message>
    <message>
        <source>Mã PIN mới</source>
        <translation>New PIN</translation>
    </message>
    <message>
        <source>Nhập lại mã PIN mới</source>
        <translation>Enter the new PIN again</translation>
    </message>
    <message>
        <source>Nhập mã PIN</source>
        <translation>Enter the PIN</translation>
    </message>
    <message>
        <source>Tôi đã chép lại mã</source>
        <translation>I have written it down</translation>
    </message>
    <message>
        <source>Xác nhận</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>Dùng USB khoá</source>
        <translation>Use key on USB</translation>
    </message>
    <message>
        <source>Quay lại</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Quên mã PIN?</source>
        <translation>Forgot the PIN?</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>Player</name>
    <message>
        <source>Không đọc được mục này.</source>
        <extracomment>Sentences rendered ahead of the one playing. Readings kept in memory while the speech cache's disk is full take at most this much (about 20 minutes of speech), the oldest played first out. After the cache's disk was found full, new readings go to memory first for this long (no sentence synthesised twice), then the disk is tried again: freed, it is used again. Guess for sentences not rendered yet (ms per character at 150 wpm), for the total only. why readings could not be written to the cache, already logged as a warning the voice reading into a folder in memory while the cache's disk is full (`_read_in_memory`), and until when new readings go there first the same for recorded bulletins' normalised copies, and what is played now items that failed (here, in the reader or the other player) and could not be flagged (a full disk)</extracomment>
        <translation>This item cannot be read aloud.</translation>
    </message>
    <message>
        <source>Trang này không có chữ để đọc.</source>
        <translation>This page has no text to read aloud.</translation>
    </message>
    <message>
        <source>Máy chưa có giọng đọc tiếng Việt.</source>
        <translation>No Vietnamese voice is installed on this station.</translation>
    </message>
    <message>
        <source>Không phát được âm thanh.</source>
        <translation>The audio cannot be played.</translation>
    </message>
    <message>
        <source>Không đọc được văn bản thành tiếng.</source>
        <translation>The text cannot be read aloud.</translation>
    </message>
</context>
<context>
    <name>PlayerControls</name>
    <message>
        <source>−10 giây</source>
        <translation>−10 s</translation>
    </message>
    <message>
        <source>Đang phát bản tin…</source>
        <translation>Bulletin on air…</translation>
    </message>
    <message>
        <source>Đang chuẩn bị…</source>
        <translation>Preparing…</translation>
    </message>
    <message>
        <source>Tạm dừng</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Nghe tiếp</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>+10 giây</source>
        <translation>+10 s</translation>
    </message>
    <message>
        <source>vi_VN</source>
        <comment>locale for numbers</comment>
        <translation>en_GB</translation>
    </message>
</context>
<context>
    <name>PosterBox</name>
    <message>
        <source>Áp phích QR ra USB</source>
        <translation>QR posters to USB</translation>
    </message>
</context>
<context>
    <name>Posters</name>
    <message>
        <source>Tất cả và từng bộ sưu tập: 6 mục mỗi trang. Kệ trang chủ: mỗi mục một trang, mã lớn. Tệp PDF được ghi vào USB đang chọn ở trên.</source>
        <extracomment>the message speaks of the stick chosen then (`_which`, or None for «Hãy cắm USB»): it goes when another is chosen or that one is pulled out ``{key, label, count}``: «Tất cả», «Kệ trang chủ», then each collection with items.</extracomment>
        <translation>Everything and each collection: 6 items a page. Home shelf: one item a page, large codes. The PDF is written onto the USB stick chosen above.</translation>
    </message>
    <message>
        <source>Tất cả</source>
        <extracomment>How each choice is laid out, said under the choices. Where the poster went and how many pages, or the one-line reason it was not written. What the poster left out and why (e.g. the Wi-Fi code), from `PosterResult.notes`.</extracomment>
        <translation>Everything</translation>
    </message>
    <message>
        <source>Kệ trang chủ</source>
        <translation>Home shelf</translation>
    </message>
    <message>
        <source>Hãy cắm USB và chọn nó ở trên để ghi áp phích.</source>
        <translation>Plug in a USB stick and choose it above to write the posters.</translation>
    </message>
    <message>
        <source>USB «%1» chỉ cho đọc: hãy gạt khoá ghi hoặc dùng USB khác.</source>
        <translation>USB stick «%1» is read-only: slide its write lock off or use another stick.</translation>
    </message>
    <message numerus="yes">
        <source>%n trang</source>
        <translation><numerusform>%n page</numerusform><numerusform>%n pages</numerusform></translation>
    </message>
    <message>
        <source>Đã ghi áp phích ra USB: %1 (%2).</source>
        <translation>Posters written to USB: %1 (%2).</translation>
    </message>
</context>
<context>
    <name>PublicUrlQr</name>
    <message>
        <source>Quét mã để đọc trên điện thoại</source>
        <translation>Scan to read on your phone</translation>
    </message>
</context>
<context>
    <name>Reader</name>
    <message>
        <source>Trang này tạm thời chưa hiển thị được. Mời bạn lật sang trang khác.</source>
        <extracomment>Bands drawn around the view: those within this many view heights above and below. Bands kept drawn: those within this many view heights; farther ones are let go. A band that could not be drawn is asked for again this many times by itself (the worker restarts after a crash or a hang) before the visitor is shown it failed, with "Thử lại". The rows of the bands that could not be drawn, next ones joined ({top, rows}): the view says it once over each stretch, not once a band. items that failed and could not be flagged (the catalog read-only on a full disk): the next visitor gets their card at once, as with a flag Why this one page shows no image (it could not be drawn); the others still turn. The page on screen is read as a strip (fitted to the width, scrolled down). The zoom the bands were drawn at (the view scales them by zoom / stripZoom meanwhile). The row (at `stripZoom`) the view starts at after the strip was laid out again at another width, so the visitor keeps the place; -1 when the view stays where it is. The bands of the page's previous layout (another zoom or width), shown under the new ones until those in view are drawn; empty otherwise.</extracomment>
        <translation>This page cannot be shown just now. Please turn to another page.</translation>
    </message>
    <message>
        <source>Video này tạm thời chưa phát được. Mời bạn chọn mục khác.</source>
        <translation>This video cannot be played right now. Please choose another item.</translation>
    </message>
    <message>
        <source>Tài liệu này tạm thời chưa mở được. Mời bạn chọn tài liệu khác.</source>
        <translation>This document cannot be opened right now. Please choose another one.</translation>
    </message>
</context>
<context>
    <name>ReaderScreen</name>
    <message>
        <source>Đang mở trang…</source>
        <translation>Opening the page…</translation>
    </message>
    <message>
        <source>Trang %1</source>
        <translation>Page %1</translation>
    </message>
    <message>
        <source>Trang %1/%2</source>
        <translation>Page %1/%2</translation>
    </message>
    <message>
        <source>Về trang %1</source>
        <translation>Back to page %1</translation>
    </message>
    <message>
        <source>Mục lục</source>
        <translation>Contents</translation>
    </message>
    <message>
        <source>Tìm trong tài liệu này…</source>
        <translation>Search this document…</translation>
    </message>
    <message>
        <source>Có ở trang (chạm để xem):</source>
        <translation>Found on pages (tap to open):</translation>
    </message>
    <message>
        <source>Không thấy trong tài liệu này.</source>
        <translation>Not found in this document.</translation>
    </message>
    <message>
        <source>Tài liệu này chỉ có hình ảnh, không có chữ để tìm.</source>
        <translation>This document is only pictures: it has no words to find.</translation>
    </message>
    <message>
        <source>Bản tin chưa có nội dung</source>
        <translation>This bulletin has no content yet</translation>
    </message>
    <message>
        <source>Chọn tài liệu khác</source>
        <translation>Choose another document</translation>
    </message>
</context>
<context>
    <name>RecordingNote</name>
    <message>
        <source>Bản ghi âm</source>
        <translation>Recording</translation>
    </message>
</context>
<context>
    <name>RetryButton</name>
    <message>
        <source>Thử lại</source>
        <translation>Try again</translation>
    </message>
</context>
<context>
    <name>Schedule</name>
    <message>
        <source>Hằng ngày</source>
        <extracomment>Day names, translated when a row is made.</extracomment>
        <translation>Every day</translation>
    </message>
    <message>
        <source>Thứ Hai – Thứ Sáu</source>
        <translation>Monday – Friday</translation>
    </message>
    <message>
        <source>Thứ Bảy, Chủ nhật</source>
        <translation>Saturday, Sunday</translation>
    </message>
    <message>
        <source>T2</source>
        <translation>Mon</translation>
    </message>
    <message>
        <source>T3</source>
        <translation>Tue</translation>
    </message>
    <message>
        <source>T4</source>
        <translation>Wed</translation>
    </message>
    <message>
        <source>T5</source>
        <translation>Thu</translation>
    </message>
    <message>
        <source>T6</source>
        <translation>Fri</translation>
    </message>
    <message>
        <source>T7</source>
        <translation>Sat</translation>
    </message>
    <message>
        <source>CN</source>
        <translation>Sun</translation>
    </message>
    <message>
        <source>Giờ phát không đọc được</source>
        <extracomment>Why a stored row is damaged (`library.schedule.DamagedSlot.problem`), in plain words.</extracomment>
        <translation>The time cannot be read</translation>
    </message>
    <message>
        <source>Ngày phát không đọc được</source>
        <translation>The days cannot be read</translation>
    </message>
    <message>
        <source>Danh sách bản tin không đọc được</source>
        <translation>The list of bulletins cannot be read</translation>
    </message>
    <message>
        <source>Không rõ đang bật hay tắt</source>
        <translation>Cannot tell whether it is on or off</translation>
    </message>
    <message>
        <source>(bản tin đã bị gỡ)</source>
        <translation>(bulletin removed)</translation>
    </message>
    <message>
        <source>(đang ẩn, sẽ không phát)</source>
        <translation>(hidden, will not play)</translation>
    </message>
    <message>
        <source>(trống, sẽ không phát)</source>
        <translation>(empty, will not play)</translation>
    </message>
    <message>
        <source>(tệp hỏng, sẽ không phát)</source>
        <translation>(damaged file, will not play)</translation>
    </message>
    <message>
        <source>(hỏng, sẽ không phát)</source>
        <translation>(damaged, will not play)</translation>
    </message>
    <message>
        <source>Hãy chọn ít nhất một bản tin.</source>
        <translation>Choose at least one bulletin.</translation>
    </message>
    <message>
        <source>Đã thêm giờ phát %1.</source>
        <translation>Added broadcast time %1.</translation>
    </message>
    <message>
        <source>Đã xoá giờ phát %1.</source>
        <translation>Deleted broadcast time %1.</translation>
    </message>
    <message>
        <source>Đã lưu.</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <source>Đang phát thử…</source>
        <translation>Test playing…</translation>
    </message>
    <message>
        <source>Trạm chưa có bộ phát bản tin, nên không nghe thử được.</source>
        <translation>This station has no bulletin player, so it cannot play a test.</translation>
    </message>
    <message>
        <source>Đã dừng phát thử.</source>
        <translation>Test play stopped.</translation>
    </message>
</context>
<context>
    <name>ScheduleScreen</name>
    <message>
        <source>Lịch phát bản tin</source>
        <translation>Bulletin schedule</translation>
    </message>
    <message>
        <source>Dừng</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>Chưa có giờ phát nào: chọn giờ, ngày và bản tin ở khung «Thêm giờ phát» rồi chạm nút «Thêm giờ phát».</source>
        <translation>No broadcast times yet: choose the time, the days and the bulletins under «Add time», then touch «Add time».</translation>
    </message>
    <message>
        <source>lịch của tỉnh</source>
        <translation>provincial schedule</translation>
    </message>
    <message>
        <source>đang tắt</source>
        <translation>off</translation>
    </message>
    <message>
        <source>Nghe thử</source>
        <translation>Test play</translation>
    </message>
    <message>
        <source>Tắt</source>
        <translation>Turn off</translation>
    </message>
    <message>
        <source>Bật</source>
        <translation>Turn on</translation>
    </message>
    <message>
        <source>Xoá</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Thêm giờ phát</source>
        <translation>Add time</translation>
    </message>
    <message>
        <source>Hằng ngày</source>
        <translation>Every day</translation>
    </message>
    <message>
        <source>T2 – T6</source>
        <translation>Mon – Fri</translation>
    </message>
    <message>
        <source>T7, CN</source>
        <translation>Sat, Sun</translation>
    </message>
    <message>
        <source>Bản tin sẽ phát:</source>
        <translation>Bulletins to play:</translation>
    </message>
</context>
<context>
    <name>SearchScreen</name>
    <message>
        <source>Gõ tên sách, chủ đề… (không dấu cũng được)</source>
        <translation>Type a title or topic… (marks optional)</translation>
    </message>
    <message>
        <source>Kết quả sẽ hiện ngay khi bạn gõ.</source>
        <translation>Results appear as you type.</translation>
    </message>
    <message>
        <source>Hơn %1 kết quả cho “%2”</source>
        <translation>More than %1 results for “%2”</translation>
    </message>
    <message numerus="yes">
        <source>%n kết quả cho “%1”</source>
        <translation><numerusform>%n result for “%1”</numerusform><numerusform>%n results for “%1”</numerusform></translation>
    </message>
    <message>
        <source>Không tìm thấy kết quả cho “%1”</source>
        <translation>Nothing found for “%1”</translation>
    </message>
    <message>
        <source>trang %1</source>
        <translation>page %1</translation>
    </message>
    <message>
        <source>Bạn thử thế này nhé:</source>
        <translation>You could try:</translation>
    </message>
    <message>
        <source>Thư viện hiện chưa có mục nào. Mời bạn quay lại sau.</source>
        <translation>The library has no items yet. Please come back later.</translation>
    </message>
    <message>
        <source>Gõ ít chữ hơn, chỉ một hai từ chính.</source>
        <translation>Fewer words: just one or two key words.</translation>
    </message>
    <message>
        <source>Xem lại chính tả; gõ không dấu cũng được.</source>
        <translation>Check the spelling; typing without marks is fine.</translation>
    </message>
    <message>
        <source>Hoặc xem toàn bộ thư viện theo bộ sưu tập.</source>
        <translation>Or browse the whole library by collection.</translation>
    </message>
    <message>
        <source>Xem toàn bộ thư viện</source>
        <translation>Browse the whole library</translation>
    </message>
    <message>
        <source>Có phải bạn muốn tìm:</source>
        <translation>Did you mean:</translation>
    </message>
    <message>
        <source>Nhiều người đọc</source>
        <translation>Popular reads</translation>
    </message>
    <message>
        <source>Bàn phím</source>
        <translation>Keyboard</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>Tự động</source>
        <extracomment>How a text setting is typed: "vietnamese" (Telex/VNI, for names people read) or "literal". How a choice is shown (the stored value is the key); translated when a row is made. Languages are named in their own language, as language pickers do.</extracomment>
        <translation>Automatic</translation>
    </message>
    <message>
        <source>Nằm ngang</source>
        <translation>Landscape</translation>
    </message>
    <message>
        <source>Đứng</source>
        <translation>Portrait</translation>
    </message>
    <message>
        <source>Giọng Huế</source>
        <translation>Huế voice</translation>
    </message>
    <message>
        <source>Giọng Nam</source>
        <translation>Southern voice</translation>
    </message>
    <message>
        <source>Việt Nam (GMT+7)</source>
        <translation>Vietnam (GMT+7)</translation>
    </message>
    <message>
        <source>Giọng Bắc</source>
        <translation>Northern voice</translation>
    </message>
    <message>
        <source>Tên trạm</source>
        <extracomment>(section, key, label, kind, extra)</extracomment>
        <translation>Station name</translation>
    </message>
    <message>
        <source>Về trang chủ sau (giây không chạm)</source>
        <translation>Back to home after (seconds untouched)</translation>
    </message>
    <message>
        <source>Âm lượng</source>
        <translation>Volume</translation>
    </message>
    <message>
        <source>Giọng đọc</source>
        <translation>Voice</translation>
    </message>
    <message>
        <source>Ngôn ngữ</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Hướng màn hình</source>
        <translation>Screen orientation</translation>
    </message>
    <message>
        <source>Múi giờ</source>
        <translation>Time zone</translation>
    </message>
    <message>
        <source>Chữ lớn mặc định</source>
        <translation>Large text by default</translation>
    </message>
    <message>
        <source>Tương phản cao mặc định</source>
        <translation>High contrast by default</translation>
    </message>
    <message>
        <source>Địa chỉ máy chủ của tỉnh</source>
        <translation>Provincial server address</translation>
    </message>
    <message>
        <source>Tên Wi-Fi của trạm (mã QR)</source>
        <translation>Station Wi-Fi name (QR code)</translation>
    </message>
    <message>
        <source>Mật khẩu Wi-Fi (mã QR)</source>
        <translation>Wi-Fi password (QR code)</translation>
    </message>
    <message>
        <source>Đếm lượt sử dụng (ẩn danh)</source>
        <translation>Count usage (anonymous)</translation>
    </message>
    <message>
        <source>Tự khoá bảng quản trị sau (giây)</source>
        <translation>Lock the panel after (seconds)</translation>
    </message>
    <message>
        <source>Khoá %1</source>
        <extracomment>File names that say nothing about whose key it is (`cafesach keygen` writes publisher.pub).</extracomment>
        <translation>Key %1</translation>
    </message>
    <message>
        <source>Giọng trong tệp cấu hình («%1») không phải giọng tiếng Việt. Hãy chạm chọn một giọng.</source>
        <extracomment>the keys typed into a name setting, composed (one at a time is edited) `message` says a failure («Đĩa đã đầy…», «Giá trị không hợp lệ…»): shown in the warning colour, so that it does not read like «Đã lưu.»</extracomment>
        <translation>The voice in the configuration file («%1») is not a Vietnamese voice. Tap a voice to choose one.</translation>
    </message>
    <message>
        <source>Múi giờ trong tệp cấu hình («%1») không có thật. Trạm đang dùng %2. Hãy chạm chọn một múi giờ.</source>
        <translation>The time zone in the configuration file («%1») does not exist. The station is using %2. Tap a time zone to choose one.</translation>
    </message>
    <message>
        <source>Đã thu hồi</source>
        <translation>Revoked</translation>
    </message>
    <message>
        <source>Tin cậy</source>
        <translation>Trusted</translation>
    </message>
    <message>
        <source>Giá trị không hợp lệ: %1</source>
        <translation>Invalid value: %1</translation>
    </message>
    <message>
        <source>Đã lưu. Có hiệu lực sau khi khởi động lại.</source>
        <translation>Saved. Takes effect after a restart.</translation>
    </message>
    <message>
        <source>Đã lưu.</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <source>Đã tin cậy khoá: %1</source>
        <translation>Key trusted: %1</translation>
    </message>
    <message>
        <source>Chưa thấy USB nào. Hãy cắm USB có tệp khoá (.pub).</source>
        <translation>No USB stick found. Plug in a stick with a key file (.pub).</translation>
    </message>
    <message>
        <source>Không thấy tệp khoá (.pub) ở thư mục gốc của USB. Chưa thêm khoá nào.</source>
        <translation>No key file (.pub) at the top of the USB stick. No key was added.</translation>
    </message>
    <message>
        <source>Đã đặt giờ: %1</source>
        <translation>Clock set: %1</translation>
    </message>
</context>
<context>
    <name>SettingsScreen</name>
    <message>
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Bật</source>
        <translation>On</translation>
    </message>
    <message>
        <source>Tắt</source>
        <translation>Off</translation>
    </message>
    <message>
        <source>Giờ của trạm:</source>
        <translation>Station time:</translation>
    </message>
    <message>
        <source>−1 ngày</source>
        <translation>−1 day</translation>
    </message>
    <message>
        <source>−1 giờ</source>
        <translation>−1 hour</translation>
    </message>
    <message>
        <source>−1 phút</source>
        <translation>−1 min</translation>
    </message>
    <message>
        <source>+1 phút</source>
        <translation>+1 min</translation>
    </message>
    <message>
        <source>+1 giờ</source>
        <translation>+1 hour</translation>
    </message>
    <message>
        <source>+1 ngày</source>
        <translation>+1 day</translation>
    </message>
    <message>
        <source>Khoá tin cậy của nhà xuất bản</source>
        <translation>Trusted publisher keys</translation>
    </message>
    <message>
        <source>Thêm khoá từ USB</source>
        <translation>Add key from USB</translation>
    </message>
    <message>
        <source>Thoát hẳn ứng dụng của trạm? Khách sẽ không dùng được trạm cho đến khi kỹ thuật viên mở lại.</source>
        <translation>Quit the station's application? Visitors cannot use the station until a technician starts it again.</translation>
    </message>
    <message>
        <source>Dành cho kỹ thuật viên</source>
        <translation>For technicians</translation>
    </message>
    <message>
        <source>Thoát chế độ kiosk (kỹ thuật viên)</source>
        <translation>Exit kiosk mode (technicians)</translation>
    </message>
    <message>
        <source>Không thoát</source>
        <translation>Do not quit</translation>
    </message>
    <message>
        <source>Thoát ứng dụng trạm</source>
        <translation>Quit the station's application</translation>
    </message>
</context>
<context>
    <name>Shelf</name>
    <message>
        <source>Tất cả</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Đã ẩn.</source>
        <translation>Hidden.</translation>
    </message>
    <message>
        <source>Đã hiện lại.</source>
        <translation>Shown again.</translation>
    </message>
    <message>
        <source>Đã đưa lên mục nổi bật.</source>
        <translation>Added to featured.</translation>
    </message>
    <message>
        <source>Đã bỏ khỏi mục nổi bật.</source>
        <translation>Removed from featured.</translation>
    </message>
    <message>
        <source>Đã thêm vào vòng chờ.</source>
        <translation>Added to the attract loop.</translation>
    </message>
    <message>
        <source>Đã bỏ khỏi vòng chờ.</source>
        <translation>Removed from the attract loop.</translation>
    </message>
    <message>
        <source>Đã gỡ bản tin xuống.</source>
        <translation>Bulletin taken down.</translation>
    </message>
</context>
<context>
    <name>ShelfScreen</name>
    <message>
        <source>Tủ sách</source>
        <translation>Shelf</translation>
    </message>
    <message>
        <source>Tủ sách chưa có mục nào. Hãy nạp nội dung từ USB ở «Nạp nội dung».</source>
        <translation>The shelf has no items yet. Load content from a USB stick under «Load content».</translation>
    </message>
    <message>
        <source>đang ẩn</source>
        <translation>hidden</translation>
    </message>
    <message>
        <source>Hiện</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Ẩn</source>
        <translation>Hide</translation>
    </message>
    <message>
        <source>Nổi bật</source>
        <translation>Featured</translation>
    </message>
    <message>
        <source>Vòng chờ</source>
        <translation>Attract loop</translation>
    </message>
    <message>
        <source>Gỡ xuống ngay</source>
        <translation>Take down now</translation>
    </message>
</context>
<context>
    <name>Stats</name>
    <message>
        <source>Toàn bộ thời gian</source>
        <translation>All time</translation>
    </message>
    <message>
        <source>Trạm đang TẮT việc đếm lượt sử dụng (admin.stats_enabled = false): các con số dưới đây không cho biết có ai đến hay không. Bật lại ở Cài đặt › «Đếm lượt sử dụng», rồi khởi động lại trạm.</source>
        <translation>Usage counting is OFF on this station (admin.stats_enabled = false): the figures below do not tell whether anyone came. Switch it on in Settings › «Count usage», then restart the station.</translation>
    </message>
    <message>
        <source>Đã bật việc đếm lượt sử dụng. Trạm bắt đầu đếm sau khi khởi động lại; đến lúc đó các con số dưới đây chưa tăng.</source>
        <translation>Usage counting is switched on. The station starts counting after a restart; until then the figures below do not grow.</translation>
    </message>
    <message>
        <source>Đã tắt việc đếm lượt sử dụng. Trạm thôi đếm sau khi khởi động lại.</source>
        <translation>Usage counting is switched off. The station stops counting after a restart.</translation>
    </message>
    <message>
        <source>Hãy cắm USB để xuất số liệu.</source>
        <extracomment>what one bar of the "per day" charts counts: ``day``, ``week`` or ``month`` The CSV export is running: «Xuất CSV ra USB» waits, a bar moves, the figures stay.</extracomment>
        <translation>Plug in a USB stick to export the figures.</translation>
    </message>
    <message numerus="yes">
        <source>Đã ghi %n dòng vào USB: %1</source>
        <translation><numerusform>Wrote %n row to USB: %1</numerusform><numerusform>Wrote %n rows to USB: %1</numerusform></translation>
    </message>
    <message>
        <source>Đang ghi số liệu ra USB…</source>
        <translation>Writing the figures to the USB stick…</translation>
    </message>
</context>
<context>
    <name>StatsScreen</name>
    <message>
        <source>Thống kê</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <source>7 ngày</source>
        <translation>7 days</translation>
    </message>
    <message>
        <source>30 ngày</source>
        <translation>30 days</translation>
    </message>
    <message>
        <source>Tháng này</source>
        <translation>This month</translation>
    </message>
    <message>
        <source>Tất cả</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Xuất CSV ra USB</source>
        <translation>Export CSV to USB</translation>
    </message>
    <message>
        <source>Lượt xem</source>
        <translation>Views</translation>
    </message>
    <message>
        <source>Trang đã đọc</source>
        <translation>Pages read</translation>
    </message>
    <message>
        <source>Lượt nghe</source>
        <translation>Listens</translation>
    </message>
    <message>
        <source>Mã QR đã hiện</source>
        <translation>QR codes shown</translation>
    </message>
    <message>
        <source>Lượt tìm</source>
        <translation>Searches</translation>
    </message>
    <message>
        <source>Tìm không thấy</source>
        <translation>Not found</translation>
    </message>
    <message>
        <source>Lượt xem mỗi tháng</source>
        <translation>Views per month</translation>
    </message>
    <message>
        <source>Lượt xem mỗi tuần (từ thứ Hai)</source>
        <translation>Views per week (from Monday)</translation>
    </message>
    <message>
        <source>Lượt xem mỗi ngày</source>
        <translation>Views per day</translation>
    </message>
    <message>
        <source>Được xem nhiều nhất</source>
        <translation>Most viewed</translation>
    </message>
    <message>
        <source>Theo bộ sưu tập</source>
        <translation>By collection</translation>
    </message>
    <message>
        <source>Lượt nghe mỗi tháng</source>
        <translation>Listens per month</translation>
    </message>
    <message>
        <source>Lượt nghe mỗi tuần (từ thứ Hai)</source>
        <translation>Listens per week (from Monday)</translation>
    </message>
    <message>
        <source>Lượt nghe mỗi ngày</source>
        <translation>Listens per day</translation>
    </message>
    <message>
        <source>Mã QR đã hiện mỗi tháng</source>
        <translation>QR codes shown per month</translation>
    </message>
    <message>
        <source>Mã QR đã hiện mỗi tuần (từ thứ Hai)</source>
        <translation>QR codes shown per week (from Monday)</translation>
    </message>
    <message>
        <source>Mã QR đã hiện mỗi ngày</source>
        <translation>QR codes shown per day</translation>
    </message>
    <message>
        <source>Tìm mà không thấy (từ khoá đã bỏ dấu)</source>
        <translation>Searches with no result (marks removed)</translation>
    </message>
</context>
<context>
    <name>TallPage</name>
    <message>
        <source>Không vẽ được phần này</source>
        <translation>This part could not be drawn</translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <source>Trang chủ</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>Quay lại</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Café sách 4.0</source>
        <translation>Café sách 4.0</translation>
    </message>
    <message>
        <source>Tìm sách, bản tin…</source>
        <translation>Search books, bulletins…</translation>
    </message>
</context>
<context>
    <name>VideoPlayer</name>
    <message>
        <source>Video này tạm thời chưa phát được. Mời bạn chọn mục khác.</source>
        <translation>This video cannot be played right now. Please choose another item.</translation>
    </message>
    <message>
        <source>Chọn mục khác</source>
        <translation>Choose something else</translation>
    </message>
    <message>
        <source>Đang phát bản tin…</source>
        <translation>Bulletin on air…</translation>
    </message>
</context>
</TS>