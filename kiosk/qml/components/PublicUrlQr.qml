// The handoff slot's default: a QR code of the item's public URL (nothing when it has none).
// Slot interface (see docs/kiosk.md): `item` (the detail map), `compact` (bool).
import QtQuick

Column {
    id: root
    property var item: ({})
    property bool compact: false
    spacing: theme.gap * 0.5
    visible: (item.publicUrl || "") !== "" && qr.status === Image.Ready

    Text {
        text: qsTr("Quét mã để đọc trên điện thoại")
        font.family: theme.family
        font.pixelSize: theme.fontBody
        font.weight: Font.DemiBold
        color: theme.ink
        width: parent.width
        wrapMode: Text.WordWrap
    }
    Image {
        id: qr
        objectName: "publicUrlQr"
        width: Math.min(parent.width, 300 * theme.u)
        height: width
        source: (root.item.publicUrl || "") !== "" ? "image://qr/" + encodeURIComponent(root.item.publicUrl) : ""
        sourceSize.width: 480
        smooth: false
        fillMode: Image.PreserveAspectFit
    }
}
