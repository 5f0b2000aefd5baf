// A titled horizontal row of covers with kinetic scrolling.
import QtQuick

Column {
    id: shelf
    property alias model: list.model
    property string title: ""
    spacing: theme.gap * 0.6
    visible: list.count > 0

    SectionTitle { text: shelf.title }
    ListView {
        id: list
        objectName: shelf.objectName + "List"
        width: parent.width
        readonly property real cardWidth: (theme.portrait ? 230 : 196) * theme.u * Math.sqrt(theme.ts)
        height: cardWidth * 4 / 3 + Math.ceil(theme.fontBody * 0.92 * 1.42) * 2 + theme.gap * 1.4
        orientation: ListView.Horizontal
        spacing: theme.gap
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        delegate: ItemCard {
            objectName: "card_" + model.itemId
            width: list.cardWidth
            itemId: model.itemId
            title: model.title
            kind: model.kind
            kindName: model.kindName
            cover: model.cover
            onClicked: visit.openItem(model.itemId)
        }
    }
}
