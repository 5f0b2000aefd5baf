// Base of every screen: shown while `active`, with a short fade.
import QtQuick

FocusScope {
    property bool active: false
    // The room a band over the window (the bulletin banner) takes from the top of this
    // screen for a while: Main.qml moves the screen's top down by it. Something sized to
    // the screen that is costly to redo (the reader's rendered page) keeps its size.
    property real bandHeight: 0
    opacity: active ? 1 : 0
    visible: opacity > 0
    enabled: active
    Behavior on opacity { NumberAnimation { duration: 160 } }
}
