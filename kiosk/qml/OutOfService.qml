// The station's window when its catalog cannot be opened (kiosk/out_of_service.py): a calm
// word for the visitors, whom to tell, and a small line with the reason for the technician.
// With `checking`, the same window says the station checks its library after a fault and
// opens when that is done, with the seconds it has taken so far.
import QtQuick
import "components"

Window {
    id: window
    objectName: "outOfServiceWindow"
    width: 1920
    height: 1080
    visible: false
    title: typeof stationName === "string" && stationName ? stationName : qsTr("Café sách 4.0")
    color: theme.bg

    // Set by the station before it goes fullscreen: no frame, above other windows.
    property bool kioskMode: false
    flags: kioskMode ? (Qt.Window | Qt.FramelessWindowHint | Qt.WindowStaysOnTopHint) : Qt.Window
    // Set from Python: why the catalog did not open, when it was last tried, how often.
    property string reason: ""
    property string triedAt: ""
    // the settings (config.toml) were what failed, not the catalog: the line says which was tried
    property bool settingsFailed: false
    property int retrySeconds: 60
    // Set from Python: the catalog is being checked (`CatalogCheck`), not out of service.
    property bool checking: false
    property int checkedSeconds: 0
    // The station's own text size and contrast (`station.large_text`, `high_contrast`).
    property bool largeText: false
    property bool highContrast: false

    Theme {
        id: theme
        window: window.contentItem
        family: fontFamily
        largeText: window.largeText
        highContrast: window.highContrast
    }

    Timer {
        interval: 1000
        repeat: true
        running: window.checking && window.visible
        onTriggered: window.checkedSeconds += 1
    }

    Column {
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * theme.margin, 1500 * theme.u)
        spacing: theme.gap * 1.5

        Icon {
            anchors.horizontalCenter: parent.horizontalCenter
            name: "cup"
            color: theme.accent
            size: 140 * theme.u
        }
        Text {
            objectName: "outOfServiceTitle"
            width: parent.width
            text: window.checking ? qsTr("Trạm đang kiểm tra thư viện")
                                  : qsTr("Trạm đọc sách tạm ngừng phục vụ")
            font.family: fontFamily
            // a portrait screen's narrow width would leave «vụ» alone on a second line
            font.pixelSize: theme.portrait ? theme.fontTitle * 1.2 : theme.fontHero
            font.bold: true
            color: theme.ink
            wrapMode: Text.Wrap
            horizontalAlignment: Text.AlignHCenter
        }
        Text {
            objectName: "outOfServiceAsk"
            width: parent.width
            text: window.checking ? qsTr("Xin chờ một lát: trạm tự mở lại khi kiểm tra xong.")
                                  : qsTr("Vui lòng báo thủ thư hoặc kỹ thuật viên.")
            font.family: fontFamily
            font.pixelSize: theme.fontLarge
            color: theme.ink
            wrapMode: Text.Wrap
            horizontalAlignment: Text.AlignHCenter
        }
        Item { width: 1; height: theme.gap }
        Rectangle {
            width: parent.width
            height: details.implicitHeight + 2 * theme.gap
            radius: theme.radius
            color: theme.surface2
            Column {
                id: details
                anchors { left: parent.left; right: parent.right; top: parent.top
                          margins: theme.gap }
                spacing: theme.gap / 2
                Text {
                    objectName: "outOfServiceReason"
                    visible: !window.checking
                    width: parent.width
                    text: qsTr("Lý do (cho kỹ thuật viên): %1").arg(window.reason)
                    font.family: fontFamily
                    font.pixelSize: theme.fontSmall
                    color: theme.muted
                    wrapMode: Text.Wrap
                }
                Text {
                    objectName: "outOfServiceTried"
                    width: parent.width
                    text: window.checking
                          ? qsTr("Sau một sự cố, trạm kiểm tra thư viện trước khi mở lại; thư viện lớn mất đến vài phút. Đã kiểm tra %1 giây. Đừng tắt máy.")
                            .arg(window.checkedSeconds)
                          : (window.settingsFailed
                             ? qsTr("Lần thử đọc cài đặt của trạm gần nhất: %1. Trạm tự thử lại sau mỗi %2 giây.")
                             : qsTr("Lần thử mở thư viện gần nhất: %1. Trạm tự thử lại sau mỗi %2 giây."))
                            .arg(window.triedAt).arg(window.retrySeconds)
                    font.family: fontFamily
                    font.pixelSize: theme.fontSmall
                    color: theme.muted
                    wrapMode: Text.Wrap
                }
            }
        }
    }

    Text {
        anchors { bottom: parent.bottom; horizontalCenter: parent.horizontalCenter
                  bottomMargin: theme.margin }
        text: window.title
        font.family: fontFamily
        font.pixelSize: theme.fontSmall
        color: theme.muted
    }
}
