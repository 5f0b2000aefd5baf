// The librarian panel: the PIN prompt, then six screens. Drops into the kiosk's "librarian" slot.
// Needs the context property `admin` (kiosk/admin/panel.py AdminController). See docs/librarian.md.
import QtQuick
import QtQuick.Layouts
import "../qml/components"

Rectangle {
    id: panel
    objectName: "adminPanel"
    signal closed()
    color: theme.bg

    Theme { id: theme; window: panel }

    // Locks and closes: «Khoá và đóng», «Đóng» on the PIN pad, the kiosk's idle reset. The
    // controller also closes by itself when nobody touched the panel for the relock time.
    function close() { admin.close() }
    Connections {
        target: admin
        function onCloseRequested() { panel.closed() }
    }
    // Shown: the relock countdown starts now, also while only the PIN pad is up.
    Component.onCompleted: admin.pin.touch()

    // Every touch keeps the session open; the PIN controller relocks after the set idle time.
    MouseArea {
        anchors.fill: parent
        z: 100
        propagateComposedEvents: true
        onPressed: function(mouse) { admin.pin.touch(); mouse.accepted = false }
    }

    PinPrompt {
        id: prompt
        objectName: "pinPrompt"
        anchors.fill: parent
        visible: !admin.pin.unlocked
        controller: admin.pin
        onCancelled: panel.close()
    }

    RowLayout {
        objectName: "panelBody"
        anchors.fill: parent
        visible: admin.pin.unlocked
        spacing: 0

        Rectangle {
            Layout.fillHeight: true
            Layout.preferredWidth: (theme.portrait ? 290 : 360) * theme.u
            color: theme.surface2
            Column {
                anchors.fill: parent
                anchors.margins: theme.gap
                spacing: theme.gap * 0.6
                Text {
                    text: qsTr("Quản lý trạm")
                    font.family: theme.family
                    font.pixelSize: theme.fontLarge
                    font.weight: Font.Bold
                    color: theme.ink
                }
                Repeater {
                    model: [
                        { name: "content", label: qsTr("Nạp nội dung") },
                        { name: "shelf", label: qsTr("Tủ sách") },
                        { name: "schedule", label: qsTr("Bản tin") },
                        { name: "stats", label: qsTr("Thống kê") },
                        { name: "settings", label: qsTr("Cài đặt") },
                        { name: "health", label: qsTr("Tình trạng") }
                    ]
                    delegate: KButton {
                        objectName: "nav_" + modelData.name
                        width: parent.width
                        visible: modelData.name !== "schedule" || admin.hasSchedule
                        text: modelData.label
                        checked: admin.screen === modelData.name
                        onClicked: admin.showScreen(modelData.name)
                    }
                }
                Item { width: 1; height: theme.gap }
                KButton {
                    objectName: "closePanel"
                    width: parent.width
                    text: qsTr("Khoá và đóng")
                    tint: theme.warm
                    primary: true
                    onClicked: panel.close()
                }
            }
        }

        Item {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Loader {
                id: screenLoader
                objectName: "screenLoader"
                anchors.fill: parent
                anchors.margins: theme.margin
                active: admin.pin.unlocked
                source: {
                    switch (admin.screen) {
                    case "content": return "ContentScreen.qml"
                    case "shelf": return "ShelfScreen.qml"
                    case "schedule": return "ScheduleScreen.qml"
                    case "stats": return "StatsScreen.qml"
                    case "settings": return "SettingsScreen.qml"
                    default: return "HealthScreen.qml"
                    }
                }
            }
        }
    }
}
