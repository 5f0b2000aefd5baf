// "Bản tin": shown across the top of the window while a scheduled bulletin plays.
// Reads `broadcast` (kiosk/audio/broadcast.py) from the context; installed by kiosk.audio.install.
// White words on the warm colour (≥ 4.5:1); in high contrast a black band with a yellow edge,
// so the spoken word's yellow mark still stands out. The title wraps to two lines at most
// (a long bulletin title in portrait ran off the screen's edge).
import QtQuick
import "../components"

Rectangle {
    id: banner
    property var controller: broadcast
    // The item the banner sits under (the kiosk's top bar), so navigation stays in reach.
    property Item below: null
    readonly property color ink: theme.highContrast ? theme.ink : theme.accentInk
    objectName: "broadcastBanner"
    visible: !!controller && controller.active
    y: below && below.visible ? below.y + below.height : 0
    width: parent ? parent.width : 800
    height: visible ? column.implicitHeight + 2 * theme.gap : 0
    color: theme.highContrast ? "#000000" : theme.warm
    z: 50
    Rectangle {
        visible: theme.highContrast
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        height: 4
        color: theme.warm
    }

    Column {
        id: column
        anchors { left: parent.left; right: parent.right; top: parent.top; margins: theme.gap }
        spacing: theme.gap * 0.5
        Row {
            spacing: theme.gap
            Icon { id: bannerIcon; name: "bulletin"; size: 56 * theme.u
                   color: theme.highContrast ? theme.warm : banner.ink
                   anchors.verticalCenter: parent.verticalCenter }
            WordText {
                objectName: "broadcastTitle"
                width: column.width - bannerIcon.width - parent.spacing
                fullText: banner.controller ? banner.controller.banner : ""
                maxLines: 2
                color: banner.ink
                font.pixelSize: theme.fontTitle
                font.bold: true
                font.family: theme.family
                anchors.verticalCenter: parent.verticalCenter
            }
        }
        ReadAlongText {
            objectName: "broadcastText"
            // A recording has no text to follow: no empty band under the title.
            visible: !!player && player.text !== ""
            width: parent.width
            height: Math.min(implicitHeight, wholeLines(200 * theme.u))
            color: banner.ink
            player: banner.controller ? banner.controller.player : null
        }
    }
    // A broadcast is not for touching: taps on the banner do not reach what is under it.
    MouseArea { anchors.fill: parent }
}
