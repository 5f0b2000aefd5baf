// "Bản tin": shown across the top of the window while a scheduled bulletin plays.
// Reads `broadcast` (kiosk/audio/broadcast.py) from the context; installed by kiosk.audio.install.
import QtQuick
import "../components"

Rectangle {
    id: banner
    property var controller: broadcast
    // The item the banner sits under (the kiosk's top bar), so navigation stays in reach.
    property Item below: null
    objectName: "broadcastBanner"
    visible: !!controller && controller.active
    y: below && below.visible ? below.y + below.height : 0
    width: parent ? parent.width : 800
    height: visible ? column.implicitHeight + 2 * theme.gap : 0
    color: theme.warm
    z: 50

    Column {
        id: column
        anchors { left: parent.left; right: parent.right; top: parent.top; margins: theme.gap }
        spacing: theme.gap * 0.5
        Row {
            spacing: theme.gap
            Icon { name: "bulletin"; size: 56 * theme.u; color: theme.accentInk
                   anchors.verticalCenter: parent.verticalCenter }
            Text {
                objectName: "broadcastTitle"
                text: banner.controller ? banner.controller.banner : ""
                color: theme.accentInk
                font.pixelSize: theme.fontTitle
                font.bold: true
                font.family: theme.family
                anchors.verticalCenter: parent.verticalCenter
            }
        }
        ReadAlongText {
            width: parent.width
            height: Math.min(implicitHeight, 200 * theme.u)
            player: banner.controller ? banner.controller.player : null
        }
    }
    // A broadcast is not for touching: taps on the banner do not reach what is under it.
    MouseArea { anchors.fill: parent }
}
