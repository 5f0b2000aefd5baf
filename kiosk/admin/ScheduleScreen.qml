// Bản tin: the station's broadcast times (add, switch off, delete, test play) and the province's.
import QtQuick
import QtQuick.Layouts
import "../qml/components"

Item {
    id: screen
    objectName: "scheduleScreen"
    readonly property QtObject schedule: admin.schedule

    // wide: the timetable | the new slot; narrow (portrait): one above the other
    GridLayout {
        anchors.fill: parent
        columns: screen.width > 1300 * theme.u ? 2 : 1
        columnSpacing: theme.gap * 1.5
        rowSpacing: theme.gap

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: theme.gap * 0.6
            SectionTitle { text: qsTr("Lịch phát bản tin") }
            RowLayout {
                Layout.fillWidth: true
                visible: scheduleMessage.text !== "" || screen.schedule.testPlaying
                spacing: theme.gap * 0.5
                PanelText {
                    id: scheduleMessage
                    objectName: "scheduleMessage"
                    Layout.fillWidth: true
                    color: theme.accent
                    text: screen.schedule.message
                }
                KButton {
                    objectName: "stopTestPlay"
                    visible: screen.schedule.testPlaying
                    text: qsTr("Dừng")
                    tint: theme.warm
                    primary: true
                    onClicked: screen.schedule.stopTestPlay()
                }
            }
            PanelText {
                visible: screen.schedule.slotsModel.count === 0
                text: qsTr("Chưa có giờ phát nào.")
                color: theme.muted
            }
            ListView {
                id: list
                objectName: "slotList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                spacing: theme.gap * 0.4
                model: screen.schedule.slotsModel
                delegate: Rectangle {
                    width: list.width
                    height: row.implicitHeight + theme.gap * 0.6
                    radius: theme.radius
                    color: model.enabled ? theme.surface : theme.surface2
                    border.color: theme.line
                    RowLayout {
                        id: row
                        anchors.fill: parent
                        anchors.margins: theme.gap * 0.3
                        spacing: theme.gap * 0.5
                        PanelText { text: model.time; font.pixelSize: theme.fontLarge; font.weight: Font.Bold }
                        Column {
                            Layout.fillWidth: true
                            PanelText { width: parent.width; text: model.titles; elide: Text.ElideRight; maximumLineCount: 2 }
                            PanelText {
                                width: parent.width
                                font.pixelSize: theme.fontSmall
                                color: theme.muted
                                text: model.daysText + (model.local ? "" : " · " + qsTr("lịch của tỉnh"))
                                      + (model.enabled ? "" : " · " + qsTr("đang tắt"))
                            }
                        }
                        KButton {
                            objectName: "testPlay"
                            visible: model.local
                            text: qsTr("Nghe thử")
                            onClicked: screen.schedule.testPlay(model.slotIndex)
                        }
                        KButton {
                            objectName: "toggleSlot"
                            visible: model.local
                            text: model.enabled ? qsTr("Tắt") : qsTr("Bật")
                            onClicked: screen.schedule.toggleSlot(model.slotIndex)
                        }
                        KButton {
                            objectName: "removeSlot"
                            visible: model.local
                            text: qsTr("Xoá")
                            tint: theme.warm
                            onClicked: screen.schedule.removeSlot(model.slotIndex)
                        }
                    }
                }
            }
        }

        // a new broadcast time
        Rectangle {
            Layout.preferredWidth: 640 * theme.u
            Layout.fillWidth: screen.width <= 1300 * theme.u
            Layout.fillHeight: screen.width > 1300 * theme.u
            Layout.preferredHeight: 900 * theme.u
            radius: theme.radius
            color: theme.surface
            border.color: theme.line
            ColumnLayout {
                anchors.fill: parent
                anchors.margins: theme.gap
                spacing: theme.gap * 0.5
                PanelText { text: qsTr("Thêm giờ phát"); font.weight: Font.Bold }
                Row {
                    spacing: theme.gap * 0.3
                    KButton { objectName: "hourDown"; text: "−"; onClicked: screen.schedule.stepHour(-1) }
                    PanelText {
                        objectName: "newTime"
                        anchors.verticalCenter: parent.verticalCenter
                        text: screen.schedule.newTime
                        font.pixelSize: theme.fontTitle; font.weight: Font.Bold
                    }
                    KButton { objectName: "hourUp"; text: "+"; onClicked: screen.schedule.stepHour(1) }
                    Item { width: theme.gap; height: 1 }
                    KButton { objectName: "minuteDown"; text: "−5'"; onClicked: screen.schedule.stepMinute(-5) }
                    KButton { objectName: "minuteUp"; text: "+5'"; onClicked: screen.schedule.stepMinute(5) }
                }
                Flow {
                    Layout.fillWidth: true
                    spacing: theme.gap * 0.3
                    Repeater {
                        model: [ { key: "daily", label: qsTr("Hằng ngày") },
                                 { key: "weekdays", label: qsTr("T2 – T6") },
                                 { key: "weekends", label: qsTr("T7, CN") } ]
                        KButton {
                            objectName: "days_" + modelData.key
                            text: modelData.label
                            fontSize: theme.fontSmall
                            checked: screen.schedule.newDays === modelData.key
                            onClicked: screen.schedule.setDays(modelData.key)
                        }
                    }
                }
                PanelText { text: qsTr("Bản tin sẽ phát:"); font.pixelSize: theme.fontSmall; color: theme.muted }
                ListView {
                    id: choices
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    spacing: theme.gap * 0.3
                    model: screen.schedule.bulletinsModel
                    delegate: KButton {
                        objectName: "chooseBulletin"
                        width: choices.width
                        maxWidth: choices.width  // a long title ends in "…", its start readable
                        text: model.title
                        fontSize: theme.fontSmall
                        checked: model.chosen
                        onClicked: screen.schedule.toggleBulletin(model.itemId)
                    }
                }
                KButton {
                    objectName: "addSlot"
                    Layout.fillWidth: true
                    primary: true
                    text: qsTr("Thêm giờ phát")
                    onClicked: screen.schedule.addSlot()
                }
            }
        }
    }
}
