// Cài đặt: one row per setting (number, switch, choice, text), trusted keys, exit kiosk mode.
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../qml/components"

Item {
    id: screen
    objectName: "settingsScreen"
    readonly property QtObject settings: admin.settings

    // The text field being typed into with the panel's keyboard (null: the keyboard is away).
    property Item editing: null
    property int editingRow: -1
    // A name people read is typed with Telex/VNI: the text it held before this edit stays as
    // it is (`kept`: an earlier «Mississippi» must not turn into «Misisippi»), the keys typed
    // now go to the composer (`settings.nameTyping`), and the field shows both together.
    property bool composing: false
    property string kept: ""
    readonly property QtObject composer: screen.settings.nameTyping
    function edit(field, row) {
        screen.editing = field
        screen.editingRow = row
        screen.composing = field.typing === "vietnamese"
        screen.kept = field.text
        screen.composer.clear()
        field.forceActiveFocus()
        field.cursorPosition = field.text.length
        Qt.callLater(function() { list.positionViewAtIndex(row, ListView.Contain) })
    }
    function showComposed() {
        var f = screen.editing
        if (!f) return
        f.text = screen.kept + screen.composer.text
        f.cursorPosition = f.text.length
    }
    function finishEditing() {
        var field = screen.editing
        screen.editing = null
        screen.editingRow = -1
        screen.composing = false
        if (field) field.focus = false  // editingFinished saves it
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: theme.gap * 0.6

        SectionTitle { text: qsTr("Cài đặt") }
        PanelText {
            objectName: "settingsMessage"
            Layout.fillWidth: true
            visible: text !== ""
            wrapMode: Text.Wrap  // an English reason names the whole path of config.toml
            color: screen.settings.problem ? theme.warm : theme.accent
            text: screen.settings.message
        }

        ListView {
            id: list
            objectName: "settingsList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            cacheBuffer: 4000  // a dozen rows: keep them all made, the text fields keep their edits
            spacing: theme.gap * 0.3
            model: screen.settings.settingsModel
            // The clock, the trusted keys and the technician's exit come after the settings
            // and scroll with them: kept fixed under the list, they left it three rows of
            // a landscape 1366×768 screen.
            footer: Column {
                width: list.width
                topPadding: theme.gap * 0.6
                spacing: theme.gap * 0.6
                visible: screen.editing === null
                height: visible ? implicitHeight : 0
                // the machine's clock (an offline station has nobody else to set it)
                Flow {
                    width: parent.width
                    spacing: theme.gap * 0.3
                    PanelText { height: theme.target; verticalAlignment: Text.AlignVCenter
                                text: qsTr("Giờ của trạm:"); color: theme.muted }
                    PanelText {
                        objectName: "clockText"
                        height: theme.target
                        verticalAlignment: Text.AlignVCenter
                        text: screen.settings.clockText
                        font.weight: Font.Bold
                    }
                    Repeater {
                        model: [ { m: -1440, t: qsTr("−1 ngày") }, { m: -60, t: qsTr("−1 giờ") },
                                 { m: -1, t: qsTr("−1 phút") }, { m: 1, t: qsTr("+1 phút") },
                                 { m: 60, t: qsTr("+1 giờ") }, { m: 1440, t: qsTr("+1 ngày") } ]
                        KButton {
                            objectName: "clock_" + modelData.m
                            text: modelData.t
                            fontSize: theme.fontSmall
                            onClicked: screen.settings.shiftClock(modelData.m)
                        }
                    }
                }

                ColumnLayout {
                    width: parent.width
                    spacing: theme.gap * 0.6
                    SectionTitle { text: qsTr("Khoá tin cậy của nhà xuất bản"); font.pixelSize: theme.fontBody }
                    Repeater {
                        model: screen.settings.keysModel
                        PanelText {
                            objectName: "trustedKey"
                            Layout.fillWidth: true
                            text: model.name + " · " + model.keyid + " · " + model.state
                            font.pixelSize: theme.fontSmall
                        }
                    }
                    KButton {
                        objectName: "addKey"
                        text: qsTr("Thêm khoá từ USB")
                        onClicked: screen.settings.addKeyFromStick()
                    }

                    // For technicians only, apart from the librarian's buttons, and never on one tap:
                    // quitting leaves the station without its screens until someone restarts it.
                    Rectangle { Layout.fillWidth: true; Layout.topMargin: theme.gap; height: 1; color: theme.line }
                    RowLayout {
                        Layout.fillWidth: true
                        spacing: theme.gap * 0.5
                        PanelText {
                            objectName: "exitWarning"
                            Layout.fillWidth: true
                            font.pixelSize: theme.fontSmall
                            color: screen.settings.exitArmed ? theme.warm : theme.muted
                            text: screen.settings.exitArmed
                                  ? qsTr("Thoát hẳn ứng dụng của trạm? Khách sẽ không dùng được trạm cho đến khi kỹ thuật viên mở lại.")
                                  : qsTr("Dành cho kỹ thuật viên")
                        }
                        KButton {
                            objectName: "exitKiosk"
                            visible: !screen.settings.exitArmed
                            text: qsTr("Thoát chế độ kiosk (kỹ thuật viên)")
                            fontSize: theme.fontSmall
                            onClicked: screen.settings.exitKiosk()
                        }
                        KButton {
                            objectName: "cancelExit"
                            visible: screen.settings.exitArmed
                            text: qsTr("Không thoát")
                            onClicked: screen.settings.cancelExit()
                        }
                        KButton {
                            objectName: "confirmExit"
                            visible: screen.settings.exitArmed
                            text: qsTr("Thoát ứng dụng trạm")
                            tint: theme.warm
                            primary: true
                            onClicked: screen.settings.confirmExit()
                        }
                    }
                }
            }
            delegate: Rectangle {
                id: row
                objectName: "settingsRow"
                width: list.width
                height: grid.implicitHeight + theme.gap * 0.55
                        + (warning.visible ? warning.implicitHeight + theme.gap * 0.2 : 0)
                radius: theme.radius
                color: theme.surface
                border.width: theme.lineWidth  // 3 px in high contrast, as the visitors' cards
                border.color: theme.line
                property var rowValue: model.value
                property string rowSection: model.section
                property string rowKey: model.key
                property var rowChoices: model.choices
                property var rowLabels: model.choiceLabels
                // a step lands inside the bounds even from a value config.toml put outside them
                // (volume = 150: «−» gives 100, not a refused 140)
                function bounded(v) { return Math.min(model.maximum, Math.max(model.minimum, v)) }
                // wide: label | control; narrow (portrait): the control under its label
                // a value from config.toml the station cannot use (a misspelt zone): what it
                // uses instead, on a line of its own under the row
                PanelText {
                    id: warning
                    objectName: "warning_" + model.key
                    visible: text !== ""
                    anchors.left: parent.left
                    anchors.right: parent.right
                    anchors.bottom: parent.bottom
                    anchors.leftMargin: theme.gap
                    anchors.rightMargin: theme.gap * 0.5
                    anchors.bottomMargin: theme.gap * 0.3
                    wrapMode: Text.Wrap
                    text: model.warning || ""
                    color: theme.warm
                    font.pixelSize: theme.fontSmall
                }
                GridLayout {
                    id: grid
                    anchors.left: parent.left
                    anchors.right: parent.right
                    anchors.top: parent.top
                    anchors.margins: theme.gap * 0.2
                    // a label clear of the rounded border above it (portrait, marks on capitals)
                    anchors.topMargin: theme.gap * 0.35
                    anchors.leftMargin: theme.gap
                    anchors.rightMargin: theme.gap * 0.5  // the controls clear of the rounded border
                    columns: list.width > 1300 * theme.u ? 6 : 1
                    columnSpacing: theme.gap * 0.5
                    rowSpacing: theme.gap * 0.2
                    PanelText { objectName: "label_" + model.key; Layout.fillWidth: true; text: model.label }

                    // number: − value +
                    Row {
                        visible: model.kind === "int"
                        spacing: theme.gap * 0.3
                        KButton {
                            objectName: "minus_" + model.key
                            text: "−"
                            onClicked: screen.settings.setValue(model.section, model.key,
                                                                row.bounded(row.rowValue - model.step))
                        }
                        PanelText {
                            objectName: "value_" + model.key
                            width: 110 * theme.u
                            horizontalAlignment: Text.AlignHCenter
                            anchors.verticalCenter: parent.verticalCenter
                            text: model.kind === "int" ? row.rowValue : ""
                            font.weight: Font.Bold
                        }
                        KButton {
                            objectName: "plus_" + model.key
                            text: "+"
                            onClicked: screen.settings.setValue(model.section, model.key,
                                                                row.bounded(row.rowValue + model.step))
                        }
                    }
                    KButton {
                        objectName: "toggle_" + model.key
                        visible: model.kind === "bool"
                        text: row.rowValue === true ? qsTr("Bật") : qsTr("Tắt")
                        checked: row.rowValue === true
                        onClicked: screen.settings.setValue(model.section, model.key, !row.rowValue)
                    }
                    Flow {
                        visible: model.kind === "choice"
                        Layout.preferredWidth: grid.columns > 1 ? implicitWidth : list.width - 3 * theme.gap
                        spacing: theme.gap * 0.3
                        Repeater {
                            model: row.rowChoices
                            KButton {
                                objectName: "choice_" + row.rowKey + "_" + modelData
                                text: row.rowLabels[index] || modelData
                                fontSize: theme.fontSmall
                                checked: row.rowValue === modelData
                                onClicked: screen.settings.setValue(row.rowSection, row.rowKey, modelData)
                            }
                        }
                    }
                    TextField {
                        id: field
                        objectName: "text_" + model.key
                        readonly property string typing: model.typing
                        visible: model.kind === "text"
                        Layout.preferredWidth: grid.columns > 1 ? list.width * 0.45 : list.width - 3 * theme.gap
                        Layout.preferredHeight: theme.target  // a finger's size, like the buttons
                        font.family: theme.family
                        font.pixelSize: theme.fontBody
                        // the panel's colours, not the style's white box: in high contrast a
                        // white field glared out of the black page
                        color: theme.ink
                        selectionColor: theme.accent
                        selectedTextColor: theme.accentInk
                        background: Rectangle {
                            color: theme.surface
                            border.width: field.activeFocus ? 3 : theme.lineWidth
                            border.color: field.activeFocus ? theme.focus : theme.muted
                            radius: theme.radius * 0.3
                        }
                        echoMode: model.secret ? TextInput.Password : TextInput.Normal
                        inputMethodHints: Qt.ImhNoPredictiveText | Qt.ImhNoAutoUppercase
                        text: model.kind === "text" ? row.rowValue : ""
                        // A touchscreen has no keys: a tap brings up the panel's own keyboard.
                        onPressed: screen.edit(field, index)
                        // typed on a physical keyboard: that text is kept as typed, the
                        // panel's keys compose from there on
                        onTextEdited: if (screen.composing && screen.editing === field) {
                            screen.kept = text
                            screen.composer.clear()
                        }
                        onEditingFinished: {
                            if (text !== row.rowValue) screen.settings.setValue(model.section, model.key, text)
                            // the field shows the setting as saved: as stored (composed, on one
                            // line), or as it was when it could not be saved (a full disk)
                            text = Qt.binding(function() { return model.kind === "text" ? row.rowValue : "" })
                        }
                    }
                }
            }
        }

        // the panel's keyboard while a text is typed: letters, digits, the symbols of
        // addresses and passwords, typed literally; Telex/VNI for a name (see PanelKeyboard.qml)
        PanelKeyboard {
            id: keyboard
            objectName: "settingsKeyboard"
            Layout.fillWidth: true
            Layout.preferredHeight: implicitHeight
            visible: screen.editing !== null
            composer: screen.composing ? screen.composer : null
            Connections {
                // a switch of typing mode recomposes the keys typed so far
                target: screen.composer
                function onTextChanged() { if (screen.composing) screen.showComposed() }
            }
            target: QtObject {
                function typeKey(key) {
                    var f = screen.editing
                    if (!f) return
                    if (screen.composing) screen.composer.typeKey(key)
                    else f.insert(f.cursorPosition, key)
                }
                function backspace() {
                    var f = screen.editing
                    if (!f) return
                    if (screen.composing) {
                        // the last key, as on the visitors' keyboard (ầ → â); then the old text
                        if (screen.composer.raw !== "") screen.composer.backspace()
                        else { screen.kept = screen.kept.slice(0, -1); screen.showComposed() }
                    } else if (f.cursorPosition > 0) f.remove(f.cursorPosition - 1, f.cursorPosition)
                }
                function clear() {
                    if (!screen.editing) return
                    screen.kept = ""
                    screen.composer.clear()
                    screen.editing.clear()
                }
                function commit() { screen.finishEditing() }
            }
        }

    }
}
