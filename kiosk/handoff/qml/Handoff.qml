// The detail screen's handoff slot: the item's QR code, the one line saying what
// to do, a note when the code fell back (no network / shortened text), and —
// when the code is the station's own link — the code that joins its Wi-Fi.
// Slot interface: `item` (the detail map, uses item.itemId), `compact` (bool).
// Needs the context property `handoff` (kiosk.handoff.HandoffModel) and `theme`.
import QtQuick
import "../../qml/components"

Item {
    id: root
    property var item: ({})
    property bool compact: false
    // `handoff` may already be gone while the window closes: show nothing then.
    readonly property var code: (handoff && item && item.itemId) ? handoff.code(item.itemId) : ({})
    readonly property var wifi: (handoff && code.kind === "handoff_url") ? handoff.wifiCode() : ({})
    readonly property bool hasWifi: wifi.rows !== undefined
    readonly property real qrSize: Math.min(width * (compact ? 0.8 : 0.5), 340 * theme.u)

    visible: code.rows !== undefined
    implicitWidth: 640 * theme.u
    implicitHeight: layout.implicitHeight
    width: parent ? parent.width : implicitWidth
    height: implicitHeight

    Flow {
        id: layout
        width: root.width
        spacing: theme.gap

        QrCode {
            id: qr
            objectName: "handoffQr"
            rows: root.code.rows || []
            wanted: root.qrSize  // raised to minCell px a module where the screen is small
            room: root.width
        }

        Column {
            width: root.compact ? root.width : root.width - qr.width - theme.gap
            spacing: theme.gap * 0.5

            Text {
                objectName: "handoffHint"
                text: root.code.hint || ""
                width: parent.width
                wrapMode: Text.WordWrap
                font.family: theme.family
                font.pixelSize: theme.fontLarge
                font.weight: Font.DemiBold
                color: theme.ink
            }
            Text {
                objectName: "handoffNote"
                visible: text !== ""
                text: root.code.note || ""
                width: parent.width
                wrapMode: Text.WordWrap
                font.family: theme.family
                font.pixelSize: theme.fontBody
                color: theme.warm
            }
            Flow {
                // The Wi-Fi code and its line side by side while the line gets a
                // readable width; else the line wraps below the code.
                id: wifiRow
                visible: root.hasWifi
                width: parent.width
                spacing: theme.gap * 0.5
                readonly property bool sideBySide:
                    width - wifiQr.width - spacing >= 200 * theme.u
                QrCode {
                    id: wifiQr
                    objectName: "wifiQr"
                    rows: root.wifi.rows || []
                    wanted: Math.max(root.qrSize * 0.55, 150 * theme.u)
                    room: wifiRow.width
                }
                Text {
                    objectName: "wifiHint"
                    text: (root.wifi.hint || "") + (root.wifi.ssid ? " “" + root.wifi.ssid + "”" : "")
                    width: wifiRow.sideBySide ? wifiRow.width - wifiQr.width - wifiRow.spacing
                                              : wifiRow.width
                    height: wifiRow.sideBySide ? Math.max(wifiQr.height, contentHeight)
                                               : contentHeight
                    verticalAlignment: Text.AlignVCenter
                    wrapMode: Text.WordWrap
                    font.family: theme.family
                    font.pixelSize: theme.fontSmall
                    color: theme.muted
                }
            }
        }
    }
}
