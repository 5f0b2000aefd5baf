// "Nghe": the listen button and bulletin player for the kiosk's "listen" slot.
// Interface (set by the Loader): item (object with itemId, kind, title), compact (bool),
// page (int: 0 = the whole item, n ≥ 1 = page n of a document, spoken words boxed on the page).
// Reads `listenPlayer` (kiosk/audio/player.py) from the context; hides itself when no voice works
// and when the item has nothing to read (`item.hasText === false`, e.g. an empty bulletin).
// `coveredHeight`: how much of the window's bottom the compact read-along panel covers.
// `readAlong` (default: not compact): the read-along text under the controls; a screen that
// shows the text itself sets it false and shows `highlight(text)` while `mine`.
import QtQuick
import "../components"

Item {
    id: root
    property var item: ({})
    property bool compact: false
    property int page: 0
    property var player: listenPlayer
    readonly property string itemId: item && item.itemId !== undefined ? item.itemId : ""
    // A recording plays even without a voice (bulletins may come as MP3/OGG/WAV).
    readonly property bool recorded: item !== undefined && item !== null && (item.kind === "audio"
        || (item.mediaType !== undefined && String(item.mediaType).indexOf("audio/") === 0))
    // Nothing to read (an empty bulletin, a video, a scanned document): no "Nghe" at all.
    readonly property bool readable: recorded || !item || item.hasText === undefined || !!item.hasText
    property bool readAlong: !compact
    // The controls go with the reading itself: this button shows them while the player reads
    // this item and page, whoever started it (the player's own stop-then-start between two
    // readings cannot take them away). Bindings guard `player`: at shutdown the context's
    // objects go before this item.
    readonly property bool current: !!player && itemId !== "" && player.readingItem === itemId
                                    && player.readingPage === root.page
    readonly property bool mine: current && player.active
    readonly property bool failed: current && player.state === "error"
    // A scheduled bulletin is on air: nothing of the visitor's may sound meanwhile.
    readonly property bool held: !!player && player.held

    // Compact (detail screen) while reading: the controls and the read-along text sit together
    // in a panel along the bottom of the window, so pause and stop are never under the text.
    // (`enabled` is false as soon as its screen is no longer the active one, while `visible`
    // waits for the screen's fade: the panel lives on the window and must go at once.)
    readonly property bool panelShown: root.compact && root.mine && root.page === 0 && root.visible
                                       && root.enabled
    // How much of the window's bottom the panel covers: the detail screen keeps its content
    // (the read button, the QR code) clear of it.
    readonly property real coveredHeight: panelShown ? panel.height + panel.anchors.bottomMargin : 0

    objectName: "listenButton"
    visible: itemId !== "" && !!player && readable && (player.available || recorded)
    implicitWidth: panelShown ? 0 : mine || failed ? controls.implicitWidth : listen.implicitWidth
    implicitHeight: panelShown ? 0 : column.implicitHeight
    width: implicitWidth
    height: implicitHeight

    // Page turns and leaving the screen are the player's business (kiosk/audio FollowVisitor).
    function start() {
        if (root.page > 0) player.playPage(root.itemId, root.page)
        else player.playItem(root.itemId)
    }
    // `text` (a part of what is read, e.g. a bulletin's body) with the spoken word marked.
    function highlight(text) {
        return root.player ? root.player.highlightedPart(text, root.player.wordStart, root.player.wordEnd)
                           : text
    }

    Column {
        id: column
        visible: !root.panelShown
        spacing: theme.gap * 0.5
        KButton {
            id: listen
            objectName: "listenStart"
            visible: !root.mine
            // While a bulletin is on air the button says why it does nothing: off, but at
            // full strength (a faded reason would be hard to read), plain instead of coloured.
            enabled: !root.held
            opacity: 1
            icon: root.held ? "bulletin" : "headphones"
            text: root.held ? qsTr("Đang phát bản tin…") : qsTr("Nghe")
            // A recording's "Nghe" is its item's only action: coloured like the read buttons.
            primary: (!root.compact || root.recorded) && !root.held
            fontSize: theme.fontLarge
            onClicked: root.start()
        }
        Item {
            id: inlineSlot
            visible: root.mine
            width: controls.implicitWidth
            height: controls.implicitHeight
        }
        // Why nothing plays: as large as the player's other words, in the warning colour,
        // wrapped within the controls' width rather than running off the row.
        Text {
            objectName: "listenError"
            visible: root.failed
            width: root.implicitWidth
            text: root.failed ? root.player.error : ""
            color: theme.warm
            wrapMode: Text.WordWrap
            font.pixelSize: theme.fontBody
            font.weight: Font.DemiBold
            font.family: theme.family
        }
        ReadAlongText {
            objectName: "listenReadAlong"
            visible: root.mine && root.readAlong && root.page === 0
            player: root.player
            width: Math.max(controls.implicitWidth, 900 * theme.u)
            height: Math.min(implicitHeight, wholeLines(420 * theme.u))
        }
    }

    // One set of controls: in the row beside "Đọc" or, while the panel shows, at its top.
    PlayerControls {
        id: controls
        objectName: "listenControls"
        parent: root.panelShown ? panelSlot : inlineSlot
        x: 0
        y: 0
        visible: root.mine
        player: root.player
        room: root.panelShown ? panel.width - 2 * theme.gap : 0
    }

    Rectangle {
        id: panel
        objectName: "listenPanel"
        parent: root.Window.contentItem ? root.Window.contentItem : root
        visible: root.panelShown
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom
                  leftMargin: theme.margin; rightMargin: theme.margin; bottomMargin: theme.gap }
        // The controls always; the text takes what is left of about two fifths of the window.
        height: panelSlot.height + (panelText.visible ? theme.gap * 0.8 + panelText.height : 0)
                + 2 * theme.gap
        z: 45
        radius: theme.radius
        color: theme.surface
        border.color: theme.highContrast ? theme.line : theme.accent
        border.width: theme.highContrast ? theme.lineWidth : 2
        MouseArea { anchors.fill: parent }  // taps on the panel stay on it (first: under the rest)
        Item {
            id: panelSlot
            x: theme.gap
            y: theme.gap
            width: controls.implicitWidth
            height: controls.implicitHeight
        }
        ReadAlongText {
            id: panelText
            objectName: "listenPanelText"
            anchors { left: parent.left; right: parent.right; top: panelSlot.bottom
                      leftMargin: theme.gap; rightMargin: theme.gap; topMargin: theme.gap * 0.8 }
            // A recording has no text to follow: the panel is the controls alone, not an
            // empty white box over the screen.
            visible: !!root.player && root.player.text !== ""
            height: !visible ? 0
                    : Math.min(implicitHeight,
                               wholeLines(Math.max(panel.parent.height * 0.4 - panelSlot.height - theme.gap * 2.8,
                                                   theme.fontLarge * 1.3 * 2)))
            player: root.player
        }
    }
}
