// Browse: a grid of covers for one collection or tag, new or popular first, fed in pages.
import QtQuick
import "../components"

Screen {
    id: screen

    // Another collection, tag or order starts at the top of its list, not where the grid
    // was scrolled in the one before (or by the visitor before).
    Connections {
        target: browse
        function onRestarted(newCollection) {
            grid.cancelFlick()
            grid.positionViewAtBeginning()
            if (newCollection) tags.positionViewAtBeginning()
        }
    }

    Column {
        id: header
        anchors { left: parent.left; right: parent.right; top: parent.top; margins: theme.margin }
        spacing: theme.gap * 0.8

        Item {
            width: parent.width
            height: Math.max(titleText.height, sortRow.height)
            WordText {
                id: titleText
                objectName: "browseTitle"
                anchors { left: parent.left; verticalCenter: parent.verticalCenter }
                fullText: browse.title
                font.family: theme.family
                font.pixelSize: theme.fontTitle
                font.weight: Font.Bold
                color: theme.ink
                width: parent.width - sortRow.width - theme.gap
            }
            Row {
                id: sortRow
                anchors { right: parent.right; verticalCenter: parent.verticalCenter }
                spacing: theme.gap * 0.4
                KButton {
                    objectName: "sortNew"
                    text: qsTr("Mới nhất")
                    checked: browse.order === "new"
                    onClicked: browse.setOrder("new")
                }
                KButton {
                    objectName: "sortPopular"
                    text: qsTr("Phổ biến")
                    checked: browse.order === "popular"
                    onClicked: browse.setOrder("popular")
                }
            }
        }
        ListView {
            id: tags
            objectName: "tagChips"
            width: parent.width
            height: theme.target
            orientation: ListView.Horizontal
            spacing: theme.gap * 0.5
            clip: true
            visible: count > 0
            // A model that changes its rows in place, not a list: a new list made the
            // strip destroy every chip at each change of collection, and Qt leaves memory
            // behind for each one destroyed.
            model: browse.tagsModel
            boundsBehavior: Flickable.StopAtBounds
            delegate: KButton {
                objectName: "tag_" + index
                text: "#" + model.tag
                maxWidth: tags.width  // a long tag is cut, never wider than the row
                fontSize: theme.fontSmall * 1.05
                checked: browse.tag === model.tag
                onClicked: visit.openTag(model.tag)
            }
        }
    }

    GridView {
        id: grid
        objectName: "browseGrid"
        anchors { left: parent.left; right: parent.right; top: header.bottom; bottom: parent.bottom
                  leftMargin: theme.margin; rightMargin: theme.margin - theme.gap; topMargin: theme.gap }
        readonly property int columns: Math.max(2, Math.floor((width + 0) / ((theme.portrait ? 300 : 270) * theme.u * Math.sqrt(theme.ts))))
        cellWidth: width / columns
        cellHeight: (cellWidth - theme.gap) * 4 / 3 + theme.fontBody * 2.4 + theme.gap * 2.2
        clip: true
        model: browse.itemsModel
        cacheBuffer: cellHeight * 2
        boundsBehavior: Flickable.StopAtBounds
        flickDeceleration: 1500
        // A card scrolled out is kept for the next one coming in, not destroyed: every
        // destroyed delegate left memory behind (tens of kB each), so a visitor paging
        // through a collection of thousands made the station grow by hundreds of MB.
        reuseItems: true
        delegate: Item {
            id: cell
            // A card kept for reuse keeps its last item: it answers to no item's name.
            property bool pooled: false
            GridView.onPooled: pooled = true
            GridView.onReused: pooled = false
            width: grid.cellWidth
            height: grid.cellHeight
            ItemCard {
                objectName: cell.pooled ? "" : "browse_" + model.itemId
                width: parent.width - theme.gap
                itemId: model.itemId
                title: model.title
                kind: model.kind
                kindName: model.kindName
                cover: model.cover
                onClicked: visit.openItem(model.itemId)
            }
        }
        Text {
            anchors.centerIn: parent
            visible: grid.count === 0
            text: qsTr("Chưa có mục nào ở đây.")
            font.family: theme.family
            font.pixelSize: theme.fontLarge
            color: theme.muted
        }
    }
}
