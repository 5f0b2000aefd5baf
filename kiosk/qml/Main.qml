// The station's window: top bar, the screens, slots for other parts, the hidden librarian corner.
import QtQuick
import QtQuick.Controls.Basic
import "components"
import "screens"

ApplicationWindow {
    id: window
    objectName: "window"
    width: 1920
    height: 1080
    visible: false
    // `station.name`: the task bar and the window list say which station it is
    title: typeof stationName === "string" && stationName ? stationName : qsTr("Café sách 4.0")
    color: theme.bg
    font.family: fontFamily

    property bool librarianOpen: false
    // Set by the station before it goes fullscreen: no frame, above other windows.
    property bool kioskMode: false
    flags: kioskMode ? (Qt.Window | Qt.FramelessWindowHint | Qt.WindowStaysOnTopHint) : Qt.Window

    Theme {
        id: theme
        window: window.contentItem
        largeText: display.largeText
        highContrast: display.highContrast
        family: fontFamily
    }

    TopBar {
        id: topBar
        objectName: "topBar"
        anchors { left: parent.left; right: parent.right; top: parent.top }
        visible: nav.screen !== "attract"
        z: 5
    }

    // A band another part lays across the window right under the top bar while it has
    // something to say: kiosk/audio's bulletin banner sets itself here. The screens give way
    // to it (they sit below it while it shows and take the room back when it hides), so it
    // never covers the first lines of what a visitor is reading.
    property Item band: null
    readonly property real bandHeight: band && band.visible ? band.height : 0

    Item {
        id: screens
        objectName: "screens"
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom
                  top: topBar.visible ? topBar.bottom : parent.top; topMargin: window.bandHeight }

        HomeScreen { objectName: "homeScreen"; anchors.fill: parent; active: nav.screen === "home"
                     belowFoldReady: window.preload
                     bandHeight: window.bandHeight }
        LazyScreen { name: "browse"; source: "screens/BrowseScreen.qml" }
        LazyScreen { name: "search"; source: "screens/SearchScreen.qml" }
        LazyScreen { name: "detail"; source: "screens/DetailScreen.qml" }
        LazyScreen { name: "reader"; source: "screens/ReaderScreen.qml" }
    }

    // Only home is built before the first frame; the other screens are built right after
    // it, in the background (or at once, when a visitor is quicker than that). KioskApp
    // sets `preload` on the GUI thread once the first frame is swapped.
    property bool preload: false

    component LazyScreen: Loader {
        property string name
        objectName: name + "Loader"
        anchors.fill: parent
        active: window.preload || nav.screen === name
        asynchronous: nav.screen !== name
        onLoaded: {
            item.objectName = name + "Screen"
            item.active = Qt.binding(function() { return nav.screen === name })
            item.bandHeight = Qt.binding(function() { return window.bandHeight })
        }
    }

    LazyScreen {
        name: "attract"
        source: "screens/AttractScreen.qml"
        parent: window.contentItem
        z: 20
    }
    // Set by KioskApp for a double tap's time after a tap changed the screen (or left the
    // attract loop): the rest of that double tap ends here. From a touchscreen its second
    // tap reached the new screen and acted there: a tile's double tap opened a card of the
    // collection, a result's or the read button's opened the reader or zoomed its page.
    property bool tapShield: false
    MouseArea {
        objectName: "tapShield"
        parent: window.contentItem
        anchors.fill: parent
        z: 21
        enabled: window.tapShield
    }

    // Hidden gesture (kiosk/controllers/slots.py, CornerHold): holding the bottom-left corner
    // for `slots.librarianHoldMs` asks for the PIN; touches there still reach what lies under it.
    Connections {
        target: slots
        function onLibrarianRequested() { window.librarianOpen = true }
    }
    // The idle reset gives the screen back to visitors: a PIN pad or panel left open (a
    // visitor who held the corner by accident, a librarian called away) closes with it.
    // A component with a close() function closes itself (the panel locks first).
    function closeLibrarian() {
        var panel = librarianSlot.item
        if (panel && typeof panel.close === "function")
            panel.close()
        window.librarianOpen = false
    }
    Connections {
        target: volume
        function onStopAll() { if (window.librarianOpen) window.closeLibrarian() }
    }
    // The window's root item: other parts lay window-wide layers there, above everything in
    // this ApplicationWindow's content (the bulletin banner of kiosk/audio, z 50, which takes
    // every tap on it). The librarian slot sits in the same stack, above them: the librarian's
    // «Nghe thử» plays under that banner and the panel must stay usable meanwhile.
    readonly property Item rootLayer: {
        var item = window.contentItem
        while (item.parent)
            item = item.parent
        return item
    }
    Loader {
        id: librarianSlot
        objectName: "librarianSlot"
        parent: window.rootLayer
        anchors.fill: parent
        z: 60
        active: window.librarianOpen && slots.librarian.toString() !== ""
        source: slots.librarian
        onLoaded: if (item.closed) item.closed.connect(function() { window.librarianOpen = false })
    }
}
