// "Bản tin": shown across the top of the window while a scheduled bulletin plays.
// Reads `broadcast` (kiosk/audio/broadcast.py) from the context; installed by kiosk.audio.install.
// White words on the warm colour (≥ 4.5:1); in high contrast a black band with a yellow edge,
// so the spoken word's yellow mark still stands out.
// The screens give way to it (Main.qml's `band`), so every pixel of its height is taken from
// the page a visitor is reading. In portrait there is height to spare: the title wraps to two
// lines at most (a long title ran off the screen's edge) above the text being read. In
// landscape the room is short (at 1366×768 with large text the band took a third of the
// window and the page shrank to a third of its area): it keeps to one short band, the title
// on one line beside the text, which shows two lines at body size and scrolls by whole lines.
import QtQuick
import "../components"

Rectangle {
    id: banner
    property var controller: broadcast
    // The item the banner sits under (the kiosk's top bar), so navigation stays in reach.
    property Item below: null
    readonly property color ink: theme.highContrast ? theme.ink : theme.accentInk
    // Short room: the band's height comes out of the page's, so it keeps to two lines.
    readonly property bool compact: !theme.portrait
    readonly property real pad: compact ? theme.gap * 0.5 : theme.gap
    readonly property bool hasText: !!spoken.player && spoken.player.text !== ""
    objectName: "broadcastBanner"
    visible: !!controller && controller.active
    y: below && below.visible ? below.y + below.height : 0
    width: parent ? parent.width : 800
    height: visible ? content.height + 2 * pad : 0
    color: theme.highContrast ? "#000000" : theme.warm
    z: 50
    Rectangle {
        visible: theme.highContrast
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        height: 4
        color: theme.warm
    }

    // Icon and title; in portrait a line of its own, in landscape the left part of the band.
    Item {
        id: head
        objectName: "broadcastHead"
        x: banner.pad * (banner.compact ? 2 : 1)
        y: banner.pad + (banner.compact ? (content.height - height) / 2 : 0)
        width: banner.compact && banner.hasText
               ? Math.min(bannerIcon.width + theme.gap + titleMetrics.advanceWidth + 1,
                          (banner.width - 2 * x) * 0.38)
               : banner.width - 2 * x
        height: Math.max(bannerIcon.height, title.height)
        Icon {
            id: bannerIcon
            name: "bulletin"
            size: (banner.compact ? 44 * theme.ts : 56) * theme.u
            color: theme.highContrast ? theme.warm : banner.ink
            anchors.verticalCenter: parent.verticalCenter
        }
        WordText {
            id: title
            objectName: "broadcastTitle"
            x: bannerIcon.width + theme.gap
            width: head.width - x
            fullText: banner.controller ? banner.controller.banner : ""
            maxLines: banner.compact ? 1 : 2
            color: banner.ink
            font.pixelSize: banner.compact ? theme.fontLarge : theme.fontTitle
            font.bold: true
            font.family: theme.family
            anchors.verticalCenter: parent.verticalCenter
        }
        TextMetrics { id: titleMetrics; font: title.font; text: title.fullText }
    }

    // What the bands hold, one above the other (portrait) or side by side (landscape).
    Item {
        id: content
        x: head.x
        y: banner.pad
        width: banner.width - 2 * x
        height: banner.compact ? Math.max(head.height, banner.hasText ? spoken.height : 0)
                               : head.height + (banner.hasText ? banner.pad * 0.5 + spoken.height : 0)
    }

    ReadAlongText {
        id: spoken
        objectName: "broadcastText"
        // A recording has no text to follow: no empty band under the title.
        visible: banner.hasText
        x: banner.compact ? head.x + head.width + theme.gap : content.x
        y: banner.compact ? banner.pad : head.y + head.height + banner.pad * 0.5
        width: banner.compact ? content.x + content.width - x : content.width
        fontSize: banner.compact ? theme.fontBody : theme.fontLarge
        height: Math.min(implicitHeight, banner.compact ? linesHeight(2)
                                                        : wholeLines(200 * theme.u))
        color: banner.ink
        player: banner.controller ? banner.controller.player : null
    }
    // A broadcast is not for touching: taps on the banner do not reach what is under it.
    MouseArea { anchors.fill: parent }
}
