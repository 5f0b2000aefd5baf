// The handoff slot's default: a QR code of the item's public URL (nothing when it has none).
// `visit.qrRows` codes it as a URI (`links.web_address`), as `cafesach qr` does: a phone
// takes a code's text for a link only up to its first space.
// Slot interface (see docs/kiosk.md): `item` (the detail map), `compact` (bool).
// Drawn by QrCode from the code's rows, as the phone-handoff part draws its codes.
import QtQuick

Column {
    id: root
    property var item: ({})
    property bool compact: false
    readonly property var rows: (item.publicUrl || "") !== "" ? visit.qrRows(item.publicUrl) : []
    spacing: theme.gap * 0.5
    visible: rows.length > 0

    Text {
        text: qsTr("Quét mã để đọc trên điện thoại")
        font.family: theme.family
        font.pixelSize: theme.fontBody
        font.weight: Font.DemiBold
        color: theme.ink
        width: parent.width
        wrapMode: Text.WordWrap
    }
    QrCode {
        objectName: "publicUrlQr"
        wanted: 300 * theme.u
        room: root.width
        rows: root.rows
    }
}
