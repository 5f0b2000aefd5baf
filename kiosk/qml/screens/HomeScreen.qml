// Home: a greeting with the big search field, collection tiles, featured and new shelves.
import QtQuick
import "../components"

Screen {
    id: home
    // False until the first frame is on screen: what lies below the fold at launch
    // (the newest shelf) is built right after it, and the featured covers are asked for
    // then, so the home screen shows sooner. Covers are decoded on Qt's loader thread and
    // were not ready for the first frame anyway; asked for with it, their decoding (and
    // the loading of the JPEG decoder) competed with the first frame for the processor.
    property bool belowFoldReady: true

    // The idle reset: the next visitor finds the greeting and the search field, not the
    // bottom of the shelves where the last visitor left the page, and each shelf at its
    // first cover, not where the last visitor scrolled it to.
    Connections {
        target: volume
        function onStopAll() {
            flick.cancelFlick(); flick.contentY = 0
            featuredShelf.toStart(); newShelf.toStart()
        }
    }

    Flickable {
        id: flick
        objectName: "homeFlick"
        anchors.fill: parent
        contentHeight: column.height + theme.margin * 2
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        flickDeceleration: 1500

        Column {
            id: column
            x: theme.margin
            y: theme.margin
            width: flick.width - 2 * theme.margin
            spacing: theme.gap * (theme.portrait ? 1.4 : 0.9)

            Rectangle {
                id: hero
                width: parent.width
                height: heroColumn.height + theme.gap * (theme.portrait ? 2.4 : 1.8)
                radius: theme.radius
                color: theme.highContrast ? "#000000" : theme.accent
                border.width: theme.highContrast ? 3 : 0
                border.color: theme.ink
                Grid {
                    id: heroColumn
                    anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter
                              leftMargin: theme.gap * 1.5; rightMargin: theme.gap * 1.5 }
                    columns: theme.portrait ? 1 : 2
                    spacing: theme.gap
                    verticalItemAlignment: Grid.AlignVCenter
                    Text {
                        id: greeting
                        objectName: "greeting"
                        width: theme.portrait ? heroColumn.width : Math.min(implicitWidth, heroColumn.width * 0.46)
                        text: qsTr("Xin chào! Hôm nay bạn muốn đọc gì?")
                        font.family: theme.family
                        font.pixelSize: theme.fontTitle * (theme.portrait ? 1 : 0.9)
                        font.weight: Font.Bold
                        color: theme.highContrast ? theme.ink : "#ffffff"
                        wrapMode: Text.WordWrap
                    }
                    Rectangle {
                        objectName: "homeSearch"
                        width: theme.portrait ? heroColumn.width : heroColumn.width - greeting.width - heroColumn.spacing
                        height: theme.target * 1.15
                        radius: height / 2
                        color: theme.surface
                        border.width: theme.highContrast ? 3 : 0
                        border.color: theme.ink
                        Row {
                            anchors { left: parent.left; leftMargin: theme.gap * 1.2; verticalCenter: parent.verticalCenter }
                            spacing: theme.gap * 0.6
                            Icon { name: "search"; size: 44 * theme.u * theme.ts; color: theme.accent
                                   anchors.verticalCenter: parent.verticalCenter }
                            WordText {
                                objectName: "homeSearchHint"
                                fullText: qsTr("Chạm vào đây để tìm: sách, bản tin, thủ tục…")
                                font.family: theme.family
                                font.pixelSize: theme.fontLarge
                                color: theme.muted
                                width: parent.parent.width - 44 * theme.u * theme.ts - 3 * theme.gap
                                anchors.verticalCenter: parent.verticalCenter
                            }
                        }
                        MouseArea { anchors.fill: parent; onClicked: visit.openSearch() }
                    }
                }
            }

            SectionTitle { text: qsTr("Bộ sưu tập"); visible: tiles.visible }

            // A library with nothing in it (every item removed or hidden): said in words,
            // not one screen-wide "0 items" tile that leads to an empty list.
            Text {
                objectName: "homeEmpty"
                visible: !tiles.visible
                width: parent.width
                topPadding: theme.margin
                horizontalAlignment: Text.AlignHCenter
                text: qsTranslate("BrowseScreen", "Chưa có mục nào ở đây.")
                font.family: theme.family
                font.pixelSize: theme.fontLarge
                color: theme.muted
                wrapMode: Text.WordWrap
            }

            Grid {
                id: tiles
                objectName: "collectionTiles"
                visible: !collections.libraryEmpty  // not one lone "0 items" tile
                width: parent.width
                readonly property int count: tileRepeater.count
                readonly property int cols: theme.portrait ? 2 : (count <= 6 ? Math.max(1, count) : Math.ceil(count / 2))
                readonly property bool stacked: !theme.portrait
                readonly property real nameHeight: Math.ceil(theme.fontLarge * 1.4) * (stacked ? 2 : 1)
                columns: cols
                spacing: theme.gap
                Repeater {
                    id: tileRepeater
                    model: collections
                    delegate: Rectangle {
                        objectName: "tile_" + model.key
                        width: (tiles.width - (tiles.cols - 1) * tiles.spacing) / tiles.cols
                        height: tiles.stacked ? 84 * theme.u * Math.sqrt(theme.ts) + theme.gap * 2 + tiles.nameHeight + theme.fontSmall * 1.4
                                              : Math.max(theme.target * 1.6, 190 * theme.u * theme.ts)
                        radius: theme.radius
                        color: theme.highContrast ? "#000000" : model.accent
                        border.width: activeFocus ? 5 : (theme.highContrast ? 3 : 0)
                        border.color: activeFocus ? theme.focus : theme.ink
                        activeFocusOnTab: true
                        Keys.onReturnPressed: visit.openCollection(model.key)
                        Keys.onSpacePressed: visit.openCollection(model.key)
                        scale: tileArea.pressed ? 0.97 : 1
                        Behavior on scale { NumberAnimation { duration: 90 } }
                        Rectangle {
                            id: iconDisc
                            x: tiles.stacked ? theme.gap : theme.gap
                            y: tiles.stacked ? theme.gap : (parent.height - height) / 2
                            width: tiles.stacked ? 84 * theme.u * Math.sqrt(theme.ts) : parent.height * 0.56
                            height: width
                            radius: width / 2
                            color: theme.highContrast ? "#000000" : "#33ffffff"
                            Icon { anchors.centerIn: parent; name: model.key; size: parent.width * 0.56
                                   color: theme.highContrast ? theme.accent : "#ffffff" }
                        }
                        Column {
                            x: tiles.stacked ? theme.gap : iconDisc.x + iconDisc.width + theme.gap
                            y: tiles.stacked ? iconDisc.y + iconDisc.height + theme.gap * 0.5 : (parent.height - height) / 2
                            width: parent.width - x - theme.gap * 0.6
                            Text {
                                id: tileName
                                objectName: "tileName"
                                width: parent.width
                                // Two lines' height; a name that needs more shrinks until it fits
                                // (a limit on the line count cut «nhật» off «Mới cập nhật» at
                                // 1024×768 in large text instead of shrinking it).
                                height: tiles.nameHeight
                                verticalAlignment: Text.AlignBottom
                                // It wraps only between words: a word of two syllables
                                // comes joined by a no-break space (the tiles' model,
                                // `collections.UNBROKEN`), so «Mới / cập nhật», never «Mới
                                // cập / nhật».
                                text: model.name
                                font.family: theme.family
                                font.pixelSize: theme.fontLarge
                                font.weight: Font.Bold
                                fontSizeMode: Text.Fit
                                minimumPixelSize: Math.round(theme.fontLarge * 0.6)
                                color: theme.highContrast ? theme.ink : "#ffffff"
                                wrapMode: Text.WordWrap
                            }
                            Text {
                                text: qsTr("%n mục", "", model.count)
                                font.family: theme.family
                                font.pixelSize: theme.fontSmall
                                color: theme.highContrast ? theme.ink : "#ffffff"
                            }
                        }
                        MouseArea { id: tileArea; anchors.fill: parent; onClicked: visit.openCollection(model.key) }
                    }
                }
            }

            Shelf {
                id: featuredShelf
                objectName: "featuredShelf"
                width: parent.width
                title: qsTr("Thư viện giới thiệu")
                model: visit.featuredModel
                coversWanted: home.belowFoldReady
            }
            Shelf {
                id: newShelf
                objectName: "newShelf"
                width: parent.width
                title: qsTr("Mới cập nhật")
                model: home.belowFoldReady ? visit.newestModel : null
            }
        }
    }
}
