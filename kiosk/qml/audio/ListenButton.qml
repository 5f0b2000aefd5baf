// "Nghe": the listen button and bulletin player for the kiosk's "listen" slot.
// Interface (set by the Loader): item (object with itemId, kind, title), compact (bool),
// page (int: 0 = the whole item, n ≥ 1 = page n of a document, spoken words boxed on the page).
// Reads `listenPlayer` (kiosk/audio/player.py) from the context; hides itself when no voice works.
// `coveredHeight`: how much of the window's bottom the compact read-along panel covers.
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
    // Bindings guard `player`: at shutdown the context's objects go before this item.
    readonly property bool mine: !!player && player.active && player.title !== "" && root.ownsPlayer
    readonly property bool failed: !!player && root.ownsPlayer && player.state === "error"
    property bool ownsPlayer: false

    // Compact (detail screen) while reading: the controls and the read-along text sit together
    // in a panel along the bottom of the window, so pause and stop are never under the text.
    readonly property bool panelShown: root.compact && root.mine && root.page === 0 && root.visible
    // How much of the window's bottom the panel covers: the detail screen keeps its content
    // (the read button, the QR code) clear of it.
    readonly property real coveredHeight: panelShown ? panel.height + panel.anchors.bottomMargin : 0

    objectName: "listenButton"
    visible: itemId !== "" && !!player && (player.available || recorded)
    implicitWidth: panelShown ? 0 : mine || failed ? controls.implicitWidth : listen.implicitWidth
    implicitHeight: panelShown ? 0 : column.implicitHeight
    width: implicitWidth
    height: implicitHeight

    function start() {
        root.ownsPlayer = true
        if (root.page > 0) player.playPage(root.itemId, root.page)
        else player.playItem(root.itemId)
    }
    onItemIdChanged: ownsPlayer = false
    onPageChanged: if (ownsPlayer && player.active) start()
    Connections {
        target: root.player
        function onChanged() {
            if (root.player && !root.player.active && root.player.state !== "error") root.ownsPlayer = false
        }
    }

    Column {
        id: column
        visible: !root.panelShown
        spacing: theme.gap * 0.5
        KButton {
            id: listen
            objectName: "listenStart"
            visible: !root.mine
            icon: "headphones"
            text: qsTr("Nghe")
            primary: !root.compact
            fontSize: theme.fontLarge
            onClicked: root.start()
        }
        Item {
            id: inlineSlot
            visible: root.mine
            width: controls.implicitWidth
            height: controls.implicitHeight
        }
        Text {
            objectName: "listenError"
            visible: root.failed
            text: root.failed ? root.player.error : ""
            color: theme.warm
            font.pixelSize: theme.fontSmall
            font.family: theme.family
        }
        ReadAlongText {
            objectName: "listenReadAlong"
            visible: root.mine && !root.compact && root.page === 0
            player: root.player
            width: Math.max(controls.implicitWidth, 900 * theme.u)
            height: Math.min(implicitHeight, 420 * theme.u)
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
    }

    Rectangle {
        id: panel
        objectName: "listenPanel"
        parent: root.Window.contentItem ? root.Window.contentItem : root
        visible: root.panelShown
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom
                  leftMargin: theme.margin; rightMargin: theme.margin; bottomMargin: theme.gap }
        // The controls always; the text takes what is left of about two fifths of the window.
        height: panelSlot.height + theme.gap * 0.8 + panelText.height + 2 * theme.gap
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
            height: Math.min(implicitHeight,
                             Math.max(panel.parent.height * 0.4 - panelSlot.height - theme.gap * 2.8,
                                      theme.fontLarge * 1.3 * 2))
            player: root.player
        }
    }
}
