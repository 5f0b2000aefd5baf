// Tủ sách: every item with its switches: show/hide, featured, attract loop; take a bulletin down.
import QtQuick
import QtQuick.Layouts
import "../qml/components"

Item {
    id: screen
    objectName: "shelfScreen"
    readonly property QtObject shelf: admin.shelf

    ColumnLayout {
        anchors.fill: parent
        spacing: theme.gap

        SectionTitle { text: qsTr("Tủ sách") }

        Flow {
            Layout.fillWidth: true
            spacing: theme.gap * 0.5
            Repeater {
                model: screen.shelf.kinds
                KButton {
                    text: modelData.name
                    checked: screen.shelf.kind === modelData.kind
                    onClicked: screen.shelf.setKind(modelData.kind)
                }
            }
        }

        PanelText {
            objectName: "shelfMessage"
            Layout.fillWidth: true
            visible: text !== ""
            color: theme.accent
            text: screen.shelf.message
        }

        // an empty station (or every item removed): said, not a blank page
        PanelText {
            objectName: "shelfEmpty"
            Layout.fillWidth: true
            visible: screen.shelf.itemsModel.count === 0
            text: qsTr("Tủ sách chưa có mục nào. Hãy nạp nội dung từ USB ở «Nạp nội dung».")
            color: theme.muted
        }

        ListView {
            id: list
            objectName: "shelfList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: theme.gap * 0.4
            model: screen.shelf.itemsModel
            delegate: Rectangle {
                width: list.width
                height: row.implicitHeight + theme.gap * 0.6
                radius: theme.radius
                color: model.hidden ? theme.surface2 : theme.surface
                border.color: theme.line
                // wide: title | buttons; narrow (portrait): buttons under the title
                GridLayout {
                    id: row
                    anchors.fill: parent
                    anchors.margins: theme.gap * 0.3
                    anchors.leftMargin: theme.gap * 0.6  // clear of the rounded border
                    anchors.rightMargin: theme.gap * 0.5
                    columns: list.width > 1300 * theme.u ? 2 : 1
                    columnSpacing: theme.gap * 0.5
                    rowSpacing: theme.gap * 0.3
                    Column {
                        Layout.fillWidth: true
                        PanelText {
                            objectName: "shelfTitle"
                            width: parent.width
                            text: model.title
                            font.weight: Font.DemiBold
                            color: model.hidden ? theme.muted : theme.ink
                            elide: Text.ElideRight
                            maximumLineCount: 2
                        }
                        PanelText {
                            objectName: "shelfKind"
                            width: parent.width
                            text: model.kindName + (model.hidden ? " · " + qsTr("đang ẩn") : "")
                            font.pixelSize: theme.fontSmall
                            color: theme.muted
                        }
                    }
                    // one line beside the title; under it, as many lines as the width needs
                    // (English in large text: «Take down now» ran off the row's end)
                    Flow {
                        objectName: "shelfButtons"
                        readonly property real oneLine: hideButton.implicitWidth
                            + featuredButton.implicitWidth + attractButton.implicitWidth
                            + (takeDownButton.visible ? takeDownButton.implicitWidth + spacing : 0)
                            + 2 * spacing
                        Layout.fillWidth: row.columns === 1
                        Layout.preferredWidth: row.columns === 1 ? -1 : oneLine
                        spacing: theme.gap * 0.5
                        KButton {
                            id: hideButton
                            objectName: "toggleHidden"
                            text: model.hidden ? qsTr("Hiện") : qsTr("Ẩn")
                            onClicked: screen.shelf.setHidden(model.itemId, !model.hidden)
                        }
                        KButton {
                            id: featuredButton
                            objectName: "toggleFeatured"
                            text: qsTr("Nổi bật")
                            checked: model.featured
                            enabled: !model.hidden
                            onClicked: screen.shelf.setFeatured(model.itemId, !model.featured)
                        }
                        KButton {
                            id: attractButton
                            objectName: "toggleAttract"
                            text: qsTr("Vòng chờ")
                            checked: model.attract
                            enabled: !model.hidden
                            onClicked: screen.shelf.setAttract(model.itemId, !model.attract)
                        }
                        KButton {
                            id: takeDownButton
                            objectName: "takeDown"
                            visible: model.kind === "bulletin" && !model.hidden
                            text: qsTr("Gỡ xuống ngay")
                            tint: theme.warm
                            primary: true
                            onClicked: screen.shelf.takeDown(model.itemId)
                        }
                    }
                }
            }
        }
    }
}
