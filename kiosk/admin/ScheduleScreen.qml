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
            // an empty schedule says where a time is added, not only that there is none (the
            // button's name kept whole on one line: no-break spaces)
            PanelText {
                objectName: "scheduleEmpty"
                Layout.fillWidth: true
                visible: screen.schedule.slotsModel.count === 0
                text: qsTr("Chưa có giờ phát nào: chọn giờ, ngày và bản tin ở khung «Thêm giờ phát» rồi chạm nút «Thêm giờ phát».")
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
                    border.width: theme.lineWidth  // 3 px in high contrast, as the visitors' cards
                    border.color: theme.line
                    // wide: time | bulletins | buttons; otherwise the buttons go on a line of
                    // their own under the bulletins, which then have the row's width: the
                    // librarian reads which bulletins play, not «Bản tin thời sự…»
                    GridLayout {
                        id: row
                        readonly property bool wide: list.width > 1200 * theme.u
                        anchors.fill: parent
                        anchors.margins: theme.gap * 0.3
                        anchors.leftMargin: theme.gap * 0.6
                        anchors.rightMargin: theme.gap * 0.5
                        columns: wide ? 3 : 2
                        columnSpacing: theme.gap * 0.5
                        rowSpacing: theme.gap * 0.3
                        PanelText {
                            Layout.row: 0; Layout.column: 0
                            Layout.alignment: row.wide ? Qt.AlignVCenter : Qt.AlignTop
                            text: model.time; font.pixelSize: theme.fontLarge; font.weight: Font.Bold
                        }
                        Column {
                            Layout.row: 0; Layout.column: 1
                            Layout.fillWidth: true
                            // cut at a whole syllable, never «bán hàn…»
                            WordText { objectName: "slotTitles"; width: parent.width
                                       fullText: model.titles; maxLines: 2
                                       font.family: theme.family; font.pixelSize: theme.fontBody
                                       color: theme.ink }
                            PanelText {
                                width: parent.width
                                font.pixelSize: theme.fontSmall
                                color: theme.muted
                                visible: !model.damaged
                                text: model.daysText + (model.local ? "" : " · " + qsTr("lịch của tỉnh"))
                                      + (model.enabled ? "" : " · " + qsTr("đang tắt"))
                            }
                            // a row the catalog holds damaged: why it stays silent, plainly
                            PanelText {
                                objectName: "slotDamage"
                                width: parent.width
                                visible: model.damaged !== ""
                                font.pixelSize: theme.fontSmall
                                font.weight: Font.Bold
                                color: theme.warm
                                wrapMode: Text.Wrap
                                text: model.damaged + (model.local ? "" : " · " + qsTr("lịch của tỉnh"))
                            }
                        }
                        Row {
                            Layout.row: row.wide ? 0 : 1
                            Layout.column: row.wide ? 2 : 1
                            Layout.alignment: row.wide ? Qt.AlignVCenter : Qt.AlignLeft
                            visible: model.local && !model.damaged
                            spacing: theme.gap * 0.5
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
        }

        // a new broadcast time
        Rectangle {
            objectName: "addSlotBox"
            Layout.preferredWidth: 640 * theme.u
            Layout.fillWidth: screen.width <= 1300 * theme.u
            Layout.fillHeight: screen.width > 1300 * theme.u
            Layout.preferredHeight: 900 * theme.u
            radius: theme.radius
            color: theme.surface
            border.width: theme.lineWidth  // 3 px in high contrast, as the visitors' cards
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
                    // A button like the others, but its title wraps to a second line:
                    // bulletins differ at their end («… ngày 12/3», «… ngày 13/3»), which
                    // one line cut to «…»; past two lines it ends in «…», its start readable.
                    delegate: Rectangle {
                        id: choice
                        objectName: "chooseBulletin"
                        readonly property bool checked: model.chosen
                        width: choices.width
                        height: Math.max(theme.target, choiceLines.implicitHeight + theme.gap * 0.9)
                        radius: height / 2
                        color: checked ? theme.accent : theme.surface
                        border.width: theme.lineWidth
                        border.color: checked ? theme.accent : theme.line
                        scale: choiceArea.pressed ? 0.95 : 1
                        Behavior on scale { NumberAnimation { duration: 90 } }
                        // an empty bulletin says so on a line of its own, so a long
                        // title's «…» never eats the note
                        Column {
                            id: choiceLines
                            anchors { left: parent.left; right: parent.right
                                      verticalCenter: parent.verticalCenter
                                      leftMargin: theme.gap; rightMargin: theme.gap }
                            // cut at a whole syllable, never «bán hàn…»
                            WordText {
                                id: choiceText
                                objectName: "chooseBulletinText"
                                width: parent.width
                                horizontalAlignment: Text.AlignHCenter
                                fullText: model.title
                                font.family: theme.family
                                font.pixelSize: theme.fontSmall
                                font.weight: Font.DemiBold
                                maxLines: 2
                                color: choice.checked ? theme.accentInk : theme.ink
                            }
                            PanelText {
                                objectName: "chooseBulletinNote"
                                width: parent.width
                                visible: text !== ""
                                horizontalAlignment: Text.AlignHCenter
                                text: model.note
                                font.pixelSize: theme.fontSmall
                                color: choice.checked ? theme.accentInk : theme.muted
                            }
                        }
                        MouseArea {
                            id: choiceArea
                            anchors.fill: parent
                            onClicked: screen.schedule.toggleBulletin(model.itemId)
                            // a second tap counts, as on every panel button
                            onDoubleClicked: screen.schedule.toggleBulletin(model.itemId)
                        }
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
