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
                    columns: list.width > 1300 * theme.u ? 2 : 1
                    columnSpacing: theme.gap * 0.5
                    rowSpacing: theme.gap * 0.3
                    Column {
                        Layout.fillWidth: true
                        PanelText {
                            width: parent.width
                            text: model.title
                            font.weight: Font.DemiBold
                            color: model.hidden ? theme.muted : theme.ink
                            elide: Text.ElideRight
                            maximumLineCount: 2
                        }
                        PanelText {
                            width: parent.width
                            text: model.kindName + (model.hidden ? " · " + qsTr("đang ẩn") : "")
                            font.pixelSize: theme.fontSmall
                            color: theme.muted
                        }
                    }
                    Row {
                        spacing: theme.gap * 0.5
                        KButton {
                            objectName: "toggleHidden"
                            text: model.hidden ? qsTr("Hiện") : qsTr("Ẩn")
                            onClicked: screen.shelf.setHidden(model.itemId, !model.hidden)
                        }
                        KButton {
                            objectName: "toggleFeatured"
                            text: qsTr("Nổi bật")
                            checked: model.featured
                            enabled: !model.hidden
                            onClicked: screen.shelf.setFeatured(model.itemId, !model.featured)
                        }
                        KButton {
                            objectName: "toggleAttract"
                            text: qsTr("Vòng chờ")
                            checked: model.attract
                            enabled: !model.hidden
                            onClicked: screen.shelf.setAttract(model.itemId, !model.attract)
                        }
                        KButton {
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
