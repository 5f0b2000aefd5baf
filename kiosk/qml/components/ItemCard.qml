// A cover with its title: the unit of every grid and shelf.
import QtQuick

Item {
    id: card
    property string itemId: ""
    property string title: ""
    property string kindName: ""
    property string kind: ""
    property string cover: ""
    // False holds the cover back (its frame stays plain, as while a cover loads): the home
    // screen asks for its covers once its first frame is on screen, see HomeScreen.
    property bool coverWanted: true
    property real coverHeight: width * 4 / 3
    signal clicked()

    height: coverHeight + titleText.height + theme.gap * 0.8
    activeFocusOnTab: true
    Keys.onReturnPressed: clicked()
    Keys.onSpacePressed: clicked()
    scale: area.pressed ? 0.96 : 1
    Behavior on scale { NumberAnimation { duration: 90 } }

    Rectangle {
        id: frame
        width: parent.width
        height: card.coverHeight
        radius: theme.radius * 0.6
        color: theme.surface2
        border.width: card.activeFocus ? 5 : theme.lineWidth
        border.color: card.activeFocus ? theme.focus : theme.line
        clip: true
        Image {
            id: img
            anchors.fill: parent
            anchors.margins: theme.lineWidth
            source: card.coverWanted ? card.cover : ""
            fillMode: Image.PreserveAspectCrop
            sourceSize.width: Math.ceil(card.width)  // drawn 1:1 in every frame, never rescaled
            asynchronous: true
            smooth: true
        }
        // The kind's icon only when there is no cover to show: while a cover loads the
        // frame stays plain (no icon flashing before it), and the first frame of a
        // screen full of covers is not held up drawing icons nobody sees.
        Loader {
            anchors.centerIn: parent
            active: card.cover === "" || img.status === Image.Error
            sourceComponent: Icon {
                name: card.kind || "book"
                size: frame.width * 0.35
                color: theme.muted
            }
        }
        Rectangle {
            anchors { left: parent.left; bottom: parent.bottom; margins: theme.gap * 0.3 }
            visible: card.kindName !== ""
            radius: height / 2
            color: theme.highContrast ? "#000000" : "#cc1f2430"
            border.width: theme.highContrast ? 2 : 0
            border.color: "#ffffff"
            height: kindLabel.implicitHeight + theme.gap * 0.4
            // never wider than the cover: a narrow card ends the word in "…" inside its pill
            // (at 1366×768 in large text «Sách điện tử» just fits a 157 px card)
            width: Math.min(kindLabel.implicitWidth + theme.gap * 0.8, frame.width - theme.gap * 0.6)
            Text {
                id: kindLabel
                objectName: "cardKind"
                anchors.centerIn: parent
                width: Math.min(implicitWidth, parent.width - theme.gap * 0.8)
                elide: Text.ElideRight
                text: card.kindName
                font.family: theme.family
                // the theme's smallest size: read at arm's length, like every other label
                font.pixelSize: theme.fontSmall
                font.weight: Font.DemiBold
                color: "#ffffff"
            }
        }
    }
    WordText {
        id: titleText
        objectName: "cardTitle"
        anchors { top: frame.bottom; topMargin: theme.gap * 0.5; left: parent.left; right: parent.right }
        fullText: card.title
        maxLines: 2
        font.family: theme.family
        font.pixelSize: theme.fontBody * 0.92
        font.weight: Font.DemiBold
        color: theme.ink
        height: Math.ceil(font.pixelSize * 1.42) * 2
    }
    MouseArea { id: area; anchors.fill: parent; onClicked: card.clicked() }
}
