// "Nghe": the listen button and bulletin player for the kiosk's "listen" slot.
// Interface (set by the Loader): item (object with itemId, kind, title), compact (bool),
// page (int: 0 = the whole item, n ≥ 1 = page n of a document, spoken words boxed on the page).
// Reads `listenPlayer` (kiosk/audio/player.py) from the context; hides itself when no voice works.
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

    objectName: "listenButton"
    visible: itemId !== "" && !!player && (player.available || recorded)
    implicitWidth: mine || failed ? controls.implicitWidth : listen.implicitWidth
    implicitHeight: column.implicitHeight
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
        PlayerControls {
            id: controls
            objectName: "listenControls"
            visible: root.mine
            player: root.player
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

    // Compact (detail screen): the words light up in a panel along the bottom of the window.
    Rectangle {
        id: panel
        objectName: "listenPanel"
        parent: root.Window.contentItem ? root.Window.contentItem : root
        visible: root.compact && root.mine && root.page === 0 && root.visible
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        height: Math.min(panelText.implicitHeight + 2 * theme.gap, parent.height * 0.35)
        z: 45
        color: theme.surface
        border.color: theme.line
        border.width: theme.lineWidth
        ReadAlongText {
            id: panelText
            anchors { fill: parent; margins: theme.gap }
            player: root.player
        }
        MouseArea { anchors.fill: parent; z: -1 }  // taps on the panel stay on it
    }
}
