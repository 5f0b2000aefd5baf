<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="vi">
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../qml/screens/AttractScreen.qml" line="86" />
        <source>Chạm để bắt đầu</source>
        <translation>Touch to start</translation>
    </message>
</context>
<context>
    <name>BrowseScreen</name>
    <message>
        <location filename="../qml/screens/BrowseScreen.qml" line="35" />
        <source>Mới nhất</source>
        <translation>Newest</translation>
    </message>
    <message>
        <location filename="../qml/screens/BrowseScreen.qml" line="41" />
        <source>Phổ biến</source>
        <translation>Popular</translation>
    </message>
    <message>
        <location filename="../qml/screens/BrowseScreen.qml" line="98" />
        <source>Chưa có mục nào ở đây.</source>
        <translation>Nothing here yet.</translation>
    </message>
</context>
<context>
    <name>Collections</name>
    <message>
        <location filename="../models/collections.py" line="30" />
        <source>Sách điện tử</source>
        <extracomment>Order of the tiles and their accent colours (QML picks icons by `key`).</extracomment>
        <translation>E-books</translation>
    </message>
    <message>
        <location filename="../models/collections.py" line="31" />
        <source>Infographic</source>
        <translation>Infographics</translation>
    </message>
    <message>
        <location filename="../models/collections.py" line="32" />
        <source>Bản tin</source>
        <translation>Bulletins</translation>
    </message>
    <message>
        <location filename="../models/collections.py" line="33" />
        <source>Sổ tay</source>
        <translation>Handbooks</translation>
    </message>
    <message>
        <location filename="../models/collections.py" line="34" />
        <source>Video</source>
        <translation>Videos</translation>
    </message>
    <message>
        <location filename="../models/collections.py" line="35" />
        <source>Tài liệu</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location filename="../models/collections.py" line="36" />
        <source>Âm thanh</source>
        <translation>Audio</translation>
    </message>
    <message>
        <location filename="../models/collections.py" line="37" />
        <source>Mới cập nhật</source>
        <translation>Just added</translation>
    </message>
</context>
<context>
    <name>DetailScreen</name>
    <message>
        <location filename="../qml/screens/DetailScreen.qml" line="10" />
        <source>Xem infographic</source>
        <translation>View infographic</translation>
    </message>
    <message>
        <location filename="../qml/screens/DetailScreen.qml" line="11" />
        <source>Đọc bản tin</source>
        <translation>Read bulletin</translation>
    </message>
    <message>
        <location filename="../qml/screens/DetailScreen.qml" line="12" />
        <source>Xem video</source>
        <translation>Watch video</translation>
    </message>
    <message>
        <location filename="../qml/screens/DetailScreen.qml" line="13" />
        <source>Nghe</source>
        <translation>Listen</translation>
    </message>
    <message>
        <location filename="../qml/screens/DetailScreen.qml" line="14" />
        <source>Đọc ngay</source>
        <translation>Read now</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/screens/DetailScreen.qml" line="102" />
        <source>%n trang</source>
        <translation><numerusform>%n page</numerusform><numerusform>%n pages</numerusform></translation>
    </message>
    <message>
        <location filename="../qml/screens/DetailScreen.qml" line="103" />
        <source>Ngày phát hành: %1</source>
        <translation>Published: %1</translation>
    </message>
    <message>
        <location filename="../qml/screens/DetailScreen.qml" line="143" />
        <source>Đọc từ trang %1</source>
        <translation>Read from page %1</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <location filename="../qml/screens/HomeScreen.qml" line="43" />
        <source>Xin chào! Hôm nay bạn muốn đọc gì?</source>
        <translation>Hello! What would you like to read today?</translation>
    </message>
    <message>
        <location filename="../qml/screens/HomeScreen.qml" line="64" />
        <source>Chạm vào đây để tìm: sách, bản tin, thủ tục…</source>
        <translation>Touch here to search: books, bulletins, forms…</translation>
    </message>
    <message>
        <location filename="../qml/screens/HomeScreen.qml" line="78" />
        <source>Bộ sưu tập</source>
        <translation>Collections</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/screens/HomeScreen.qml" line="138" />
        <source>%n mục</source>
        <translation><numerusform>%n item</numerusform><numerusform>%n items</numerusform></translation>
    </message>
    <message>
        <location filename="../qml/screens/HomeScreen.qml" line="152" />
        <source>Thư viện giới thiệu</source>
        <translation>Librarian's picks</translation>
    </message>
    <message>
        <location filename="../qml/screens/HomeScreen.qml" line="158" />
        <source>Mới cập nhật</source>
        <translation>Just added</translation>
    </message>
</context>
<context>
    <name>OnScreenKeyboard</name>
    <message>
        <location filename="../qml/components/OnScreenKeyboard.qml" line="88" />
        <source>Không dấu</source>
        <translation>No marks</translation>
    </message>
    <message>
        <location filename="../qml/components/OnScreenKeyboard.qml" line="114" />
        <source>Xoá hết</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../qml/components/OnScreenKeyboard.qml" line="120" />
        <source>dấu cách</source>
        <translation>space</translation>
    </message>
    <message>
        <location filename="../qml/components/OnScreenKeyboard.qml" line="129" />
        <source>Tìm</source>
        <translation>Search</translation>
    </message>
</context>
<context>
    <name>PublicUrlQr</name>
    <message>
        <location filename="../qml/components/PublicUrlQr.qml" line="13" />
        <source>Quét mã để đọc trên điện thoại</source>
        <translation>Scan to read on your phone</translation>
    </message>
</context>
<context>
    <name>Reader</name>
    <message>
        <location filename="../controllers/reader.py" line="513" />
        <source>Tài liệu này tạm thời chưa mở được. Mời bạn chọn tài liệu khác.</source>
        <translation>This document cannot be opened right now. Please choose another one.</translation>
    </message>
</context>
<context>
    <name>ReaderScreen</name>
    <message>
        <location filename="../qml/screens/ReaderScreen.qml" line="113" />
        <source>Đang mở trang…</source>
        <translation>Opening the page…</translation>
    </message>
    <message>
        <location filename="../qml/screens/ReaderScreen.qml" line="212" />
        <source>Trang %1</source>
        <translation>Page %1</translation>
    </message>
    <message>
        <location filename="../qml/screens/ReaderScreen.qml" line="226" />
        <source>Trang %1/%2</source>
        <translation>Page %1/%2</translation>
    </message>
    <message>
        <location filename="../qml/screens/ReaderScreen.qml" line="241" />
        <source>Về trang %1</source>
        <translation>Back to page %1</translation>
    </message>
    <message>
        <location filename="../qml/screens/ReaderScreen.qml" line="279" />
        <source>Mục lục</source>
        <translation>Contents</translation>
    </message>
    <message>
        <location filename="../qml/screens/ReaderScreen.qml" line="340" />
        <source>Tìm trong tài liệu này…</source>
        <translation>Search this document…</translation>
    </message>
    <message>
        <location filename="../qml/screens/ReaderScreen.qml" line="354" />
        <source>Có ở trang: %1</source>
        <translation>Found on pages: %1</translation>
    </message>
    <message>
        <location filename="../qml/screens/ReaderScreen.qml" line="355" />
        <source>Không thấy trong tài liệu này.</source>
        <translation>Not found in this document.</translation>
    </message>
    <message>
        <location filename="../qml/screens/ReaderScreen.qml" line="454" />
        <source>Chọn tài liệu khác</source>
        <translation>Choose another document</translation>
    </message>
</context>
<context>
    <name>SearchScreen</name>
    <message>
        <location filename="../qml/screens/SearchScreen.qml" line="46" />
        <source>Gõ tên sách, chủ đề… (không dấu cũng được)</source>
        <translation>Type a title or topic… (marks optional)</translation>
    </message>
    <message>
        <location filename="../qml/screens/SearchScreen.qml" line="70" />
        <source>Kết quả sẽ hiện ngay khi bạn gõ.</source>
        <translation>Results appear as you type.</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/screens/SearchScreen.qml" line="71" />
        <source>%n kết quả cho “%1”</source>
        <translation><numerusform>%n result for “%1”</numerusform><numerusform>%n results for “%1”</numerusform></translation>
    </message>
    <message>
        <location filename="../qml/screens/SearchScreen.qml" line="72" />
        <source>Không tìm thấy kết quả cho “%1”</source>
        <translation>Nothing found for “%1”</translation>
    </message>
    <message>
        <location filename="../qml/screens/SearchScreen.qml" line="127" />
        <source>trang %1</source>
        <translation>page %1</translation>
    </message>
    <message>
        <location filename="../qml/screens/SearchScreen.qml" line="162" />
        <source>Có phải bạn muốn tìm:</source>
        <translation>Did you mean:</translation>
    </message>
    <message>
        <location filename="../qml/screens/SearchScreen.qml" line="183" />
        <source>Nhiều người đọc</source>
        <translation>Popular reads</translation>
    </message>
    <message>
        <location filename="../qml/screens/SearchScreen.qml" line="194" />
        <source>Bàn phím</source>
        <translation>Keyboard</translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <location filename="../qml/components/TopBar.qml" line="18" />
        <source>Trang chủ</source>
        <translation>Home</translation>
    </message>
    <message>
        <location filename="../qml/components/TopBar.qml" line="25" />
        <source>Quay lại</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../qml/components/TopBar.qml" line="62" />
        <source>Tìm sách, bản tin…</source>
        <translation>Search books, bulletins…</translation>
    </message>
</context>
</TS>