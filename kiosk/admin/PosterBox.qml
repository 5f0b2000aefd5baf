// «Áp phích QR ra USB»: one tap opens the choices, one tap on a choice writes the PDF onto
// the stick chosen above; progress, then where it went and how many pages (or why not).
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../qml/components"

ColumnLayout {
    id: box
    objectName: "posterBox"
    readonly property QtObject posters: admin.posters
    property bool open: false
    spacing: theme.gap * 0.5

    Flow {
        id: choiceList
        Layout.fillWidth: true
        spacing: theme.gap * 0.5
        KButton {
            objectName: "posterButton"
            text: qsTr("Áp phích QR ra USB")
            checked: box.open
            enabled: !box.posters.busy
            onClicked: box.open = !box.open
        }
        Repeater {
            model: box.open ? box.posters.choices : []
            KButton {
                objectName: "poster_" + modelData.key
                width: Math.min(implicitWidth, choiceList.width)
                maxWidth: choiceList.width
                text: modelData.label + " · " + modelData.count
                enabled: modelData.count > 0 && !box.posters.busy
                // made first: closing the choices takes this button away
                onClicked: { box.posters.make(modelData.key); box.open = false }
            }
        }
    }
    PanelText {
        objectName: "posterHint"
        Layout.fillWidth: true
        visible: box.open
        color: theme.muted
        font.pixelSize: theme.fontSmall
        text: box.posters.hint
    }
    ProgressBar {
        objectName: "posterProgress"
        Layout.fillWidth: true
        visible: box.posters.busy
        from: 0; to: 1
        value: box.posters.progress
    }
    PanelText {
        objectName: "posterMessage"
        Layout.fillWidth: true
        visible: text !== ""
        color: box.posters.problem ? theme.warm : theme.accent
        text: box.posters.message
    }
    PanelText {
        objectName: "posterNotes"
        Layout.fillWidth: true
        visible: text !== ""
        color: theme.warm
        font.pixelSize: theme.fontSmall
        text: box.posters.notes
    }
}
