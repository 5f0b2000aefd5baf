// A titled horizontal row of covers with kinetic scrolling.
import QtQuick

Column {
    id: shelf
    property alias model: list.model
    property string title: ""
    // Whether the cards load their covers yet (ItemCard.coverWanted).
    property bool coversWanted: true
    spacing: theme.gap * 0.6
    visible: list.count > 0

    // Back to the shelf's first cover (the idle reset: the next visitor finds it at its start).
    function toStart() { list.cancelFlick(); list.positionViewAtBeginning() }

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
        // Cards scrolled out are kept for reuse: a destroyed delegate leaves memory behind.
        reuseItems: true
        delegate: ItemCard {
            id: card
            // A card kept for reuse keeps its last item: it answers to no item's name.
            property bool pooled: false
            ListView.onPooled: pooled = true
            ListView.onReused: pooled = false
            objectName: card.pooled ? "" : "card_" + model.itemId
            width: list.cardWidth
            itemId: model.itemId
            title: model.title
            kind: model.kind
            kindName: model.kindName
            cover: model.cover
            coverWanted: shelf.coversWanted
            onClicked: visit.openItem(model.itemId)
        }
    }
}
