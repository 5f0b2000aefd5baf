// "Bản tin": shown across the top of the window while a scheduled bulletin plays.
// Reads `broadcast` (kiosk/audio/broadcast.py) from the context; installed by kiosk.audio.install.
// White words on the warm colour (≥ 4.5:1); in high contrast a black band with a yellow edge,
// so the spoken word's yellow mark still stands out.
// The screens give way to it (Main.qml's `band`), so every pixel of its height is taken from
// the page a visitor is reading: it keeps to a short band, the title on one line (cut at a
// word, never off the screen's edge) and the text being read in two lines at body size,
// scrolled by whole lines. In landscape the title sits beside the text (at 1366×768 with large
// text a band of title over text took a third of the window and the page shrank to a third of
// its area); in portrait, too narrow for that, above it (a title of two lines over the text at
// large size took 18 % of the window's height, and the page shrank to 60 % of its area).
import QtQuick
import "../components"

Rectangle {
    id: banner
    property var controller: broadcast
    // The item the banner sits under (the kiosk's top bar), so navigation stays in reach.
    property Item below: null
    readonly property color ink: theme.highContrast ? theme.ink : theme.accentInk
    // Landscape: the title beside the text, in one band as tall as the text's two lines.
    readonly property bool beside: !theme.portrait
    readonly property real pad: theme.gap * 0.5
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
        x: banner.pad * 2
        y: banner.pad + (banner.beside ? (content.height - height) / 2 : 0)
        width: banner.beside && banner.hasText
               ? Math.min(bannerIcon.width + theme.gap + titleMetrics.advanceWidth + 1,
                          (banner.width - 2 * x) * 0.38)
               : banner.width - 2 * x
        height: Math.max(bannerIcon.height, title.height)
        Icon {
            id: bannerIcon
            name: "bulletin"
            size: 44 * theme.ts * theme.u
            color: theme.highContrast ? theme.warm : banner.ink
            anchors.verticalCenter: parent.verticalCenter
        }
        WordText {
            id: title
            objectName: "broadcastTitle"
            x: bannerIcon.width + theme.gap
            width: head.width - x
            fullText: banner.controller ? banner.controller.banner : ""
            // A recording in portrait: the title is all the band holds, it may take two lines.
            maxLines: banner.beside || banner.hasText ? 1 : 2
            color: banner.ink
            font.pixelSize: theme.fontLarge
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
        height: banner.beside ? Math.max(head.height, banner.hasText ? spoken.height : 0)
                              : head.height + (banner.hasText ? spoken.height : 0)
    }

    ReadAlongText {
        id: spoken
        objectName: "broadcastText"
        // A recording has no text to follow: no empty band under the title.
        visible: banner.hasText
        x: banner.beside ? head.x + head.width + theme.gap : content.x
        y: banner.beside ? banner.pad : head.y + head.height
        width: banner.beside ? content.x + content.width - x : content.width
        fontSize: theme.fontBody
        height: Math.min(implicitHeight, linesHeight(2))
        color: banner.ink
        player: banner.controller ? banner.controller.player : null
    }
    // A broadcast is not for touching: taps on the banner do not reach what is under it.
    MouseArea { anchors.fill: parent }
}
