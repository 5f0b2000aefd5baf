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
                objectName: "shelfRow"
                width: list.width
                height: row.implicitHeight + theme.gap * 0.6
                radius: theme.radius
                color: model.hidden ? theme.surface2 : theme.surface
                border.width: theme.lineWidth  // 3 px in high contrast, as the visitors' cards
                border.color: theme.line
                // wide: title | take down | switches; narrow (portrait): the switches under the
                // title, «Gỡ xuống ngay» under them. The switches end every wide row, so they
                // stand in the same columns whether or not a row is a bulletin's (they were
                // pushed left by its take-down button, and by «Hiện» being wider than «Ẩn»).
                GridLayout {
                    id: row
                    readonly property bool wide: list.width > 1300 * theme.u
                    anchors.fill: parent
                    anchors.margins: theme.gap * 0.3
                    anchors.leftMargin: theme.gap * 0.6  // clear of the rounded border
                    anchors.rightMargin: theme.gap * 0.5
                    columns: wide ? 3 : 1
                    columnSpacing: theme.gap * 0.5
                    rowSpacing: theme.gap * 0.3
                    Column {
                        Layout.row: 0
                        Layout.column: 0
                        Layout.fillWidth: true
                        WordText {  // cut at a whole syllable, never «bán hàn…»
                            objectName: "shelfTitle"
                            width: parent.width
                            fullText: model.title
                            font.family: theme.family
                            font.pixelSize: theme.fontBody
                            font.weight: Font.DemiBold
                            color: model.hidden ? theme.muted : theme.ink
                            maxLines: 2
                        }
                        PanelText {
                            objectName: "shelfKind"
                            width: parent.width
                            text: model.kindName + (model.hidden ? " · " + qsTr("đang ẩn") : "")
                            font.pixelSize: theme.fontSmall
                            color: theme.muted
                        }
                    }
                    KButton {
                        id: takeDownButton
                        objectName: "takeDown"
                        Layout.row: row.wide ? 0 : 2
                        Layout.column: row.wide ? 1 : 0
                        visible: model.kind === "bulletin" && !model.hidden
                        text: qsTr("Gỡ xuống ngay")
                        tint: theme.warm
                        primary: true
                        onClicked: screen.shelf.takeDown(model.itemId)
                    }
                    // one line beside the title; under it, as many lines as the width needs
                    // (English in large text: «Take down now» ran off the row's end)
                    Flow {
                        objectName: "shelfButtons"
                        readonly property real oneLine: hideButton.width
                            + featuredButton.implicitWidth + attractButton.implicitWidth
                            + 2 * spacing
                        Layout.row: row.wide ? 0 : 1
                        Layout.column: row.wide ? 2 : 0
                        Layout.fillWidth: !row.wide
                        Layout.preferredWidth: row.wide ? oneLine : -1
                        spacing: theme.gap * 0.5
                        KButton {
                            id: hideButton
                            objectName: "toggleHidden"
                            // as wide for «Hiện» as for «Ẩn»: the switches after it stay put
                            width: Math.max(implicitWidth, showMetrics.advanceWidth + 2 * theme.gap)
                            text: model.hidden ? qsTr("Hiện") : qsTr("Ẩn")
                            onClicked: screen.shelf.setHidden(model.itemId, !model.hidden)
                            TextMetrics {
                                id: showMetrics
                                text: qsTr("Hiện")
                                font.family: theme.family
                                font.pixelSize: hideButton.fontSize
                                font.weight: Font.DemiBold
                            }
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
                    }
                }
            }
        }
    }
}
