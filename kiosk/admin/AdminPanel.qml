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

    // the station's large-text and high-contrast modes, as on the visitors' screens
    Theme {
        id: theme
        objectName: "panelTheme"
        window: panel
        largeText: admin.largeText
        highContrast: admin.highContrast
    }

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
            id: sidebar
            objectName: "panelNav"
            Layout.fillHeight: true
            // wide enough for its longest button label (English in large text: «Lock and
            // close» ran past its button's ends), up to 40 % of the panel; the title wraps
            Layout.preferredWidth: Math.max((theme.portrait ? 290 : 360) * theme.u,
                                            Math.min(panel.width * 0.4, nav.widest + 2 * theme.gap))
            color: theme.surface2
            // the labels' own widths, measured apart from the buttons (which are as wide as
            // the column, and end a label in "…" past the 40 %)
            Item {
                visible: false
                Repeater {
                    id: labelWidths
                    model: sidebar.screenLabels.concat([sidebar.closeLabel])
                    Text {
                        text: modelData
                        font.family: theme.family
                        font.pixelSize: theme.fontBody
                        font.weight: Font.DemiBold
                    }
                }
            }
            readonly property var screenLabels: [qsTr("Nạp nội dung"), qsTr("Tủ sách"), qsTr("Bản tin"),
                                                 qsTr("Thống kê"), qsTr("Cài đặt"), qsTr("Tình trạng")]
            readonly property string closeLabel: qsTr("Khoá và đóng")
            Column {
                id: nav
                readonly property real widest: {
                    var w = 0
                    for (var i = 0; i < labelWidths.count; i++) {
                        var t = labelWidths.itemAt(i)
                        if (t) w = Math.max(w, t.implicitWidth)
                    }
                    return w + 2 * theme.gap  // a button's padding either side
                }
                anchors.fill: parent
                anchors.margins: theme.gap
                spacing: theme.gap * 0.6
                Text {
                    objectName: "panelTitle"
                    width: parent.width
                    wrapMode: Text.WordWrap
                    text: qsTr("Quản lý trạm")
                    font.family: theme.family
                    font.pixelSize: theme.fontLarge
                    font.weight: Font.Bold
                    color: theme.ink
                }
                Repeater {
                    model: [
                        { name: "content", label: sidebar.screenLabels[0] },
                        { name: "shelf", label: sidebar.screenLabels[1] },
                        { name: "schedule", label: sidebar.screenLabels[2] },
                        { name: "stats", label: sidebar.screenLabels[3] },
                        { name: "settings", label: sidebar.screenLabels[4] },
                        { name: "health", label: sidebar.screenLabels[5] }
                    ]
                    delegate: KButton {
                        objectName: "nav_" + modelData.name
                        width: parent.width
                        maxWidth: parent.width
                        visible: modelData.name !== "schedule" || admin.hasSchedule
                        text: modelData.label
                        checked: admin.screen === modelData.name
                        onClicked: admin.showScreen(modelData.name)
                    }
                }
                Item { width: 1; height: theme.gap }
                KButton {
                    id: closeButton
                    objectName: "closePanel"
                    width: parent.width
                    maxWidth: parent.width
                    text: sidebar.closeLabel
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
