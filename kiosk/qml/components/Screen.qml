// Base of every screen: shown while `active`, with a short fade.
import QtQuick

FocusScope {
    property bool active: false
    opacity: active ? 1 : 0
    visible: opacity > 0
    enabled: active
    Behavior on opacity { NumberAnimation { duration: 160 } }
}
