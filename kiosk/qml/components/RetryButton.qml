// "Thử lại" for parts of a tall poster that could not be drawn: large, the main action
// where it stands, and tapped once (the next draw answers it, not a second tap).
import QtQuick

KButton {
    primary: true
    once: true
    icon: "return"
    text: qsTr("Thử lại")
    fontSize: theme.fontLarge
    implicitHeight: theme.target * 1.2
    onClicked: reader.retryBands()
}
