// Always on top: home, back, the search pill, text size, contrast and volume.
import QtQuick

Rectangle {
    id: bar
    height: theme.target + 2 * theme.gap * 0.6
    color: theme.bar
    // `station.name` as the kiosk loaded it (or the librarian saved it since); the
    // default name where no station set one (a component shown on its own).
    readonly property string stationTitle: typeof stationName === "string" && stationName
                                           ? stationName : qsTr("Café sách 4.0")
    Rectangle { anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
                height: theme.lineWidth; color: theme.line }

    Row {
        id: left
        anchors { left: parent.left; leftMargin: theme.margin; verticalCenter: parent.verticalCenter }
        spacing: theme.gap * 0.6
        KButton {
            objectName: "homeButton"
            icon: "home"
            text: theme.portrait || nav.canGoBack && bar.width < 1500 ? "" : qsTr("Trang chủ")
            onClicked: visit.home()
        }
        KButton {
            objectName: "backButton"
            icon: "back"
            visible: nav.canGoBack
            once: true  // a double tap goes back one screen, not two
            text: theme.portrait ? "" : qsTr("Quay lại")
            onClicked: visit.back()
        }
    }

    // The station's name (`station.name`, as the librarian typed it) between the buttons:
    // one line when it fits, else two smaller lines, shortened at a word after that; it
    // never pushes the buttons on either side. In portrait too, while the room between
    // them holds at least a few words (large text on a narrow screen may leave none).
    TextMetrics {
        id: nameMetrics
        font.family: theme.family
        font.pixelSize: theme.fontLarge
        font.weight: Font.Bold
        text: bar.stationTitle
    }
    Item {
        id: brand
        objectName: "stationBrand"
        // Room for the cup and about "Café sách…" at the smaller size, else nothing.
        readonly property bool roomy: width >= cup.width + theme.gap * 0.4 + 5 * theme.fontBody
        visible: nav.screen === "home" && roomy
        anchors { left: left.right; right: right.left; leftMargin: theme.gap; rightMargin: theme.gap
                  top: parent.top; bottom: parent.bottom }
        Icon {
            id: cup
            name: "cup"; size: 46 * theme.u; color: theme.warm
            anchors.verticalCenter: parent.verticalCenter
        }
        WordText {
            id: brandName
            objectName: "stationName"
            readonly property bool oneLine: nameMetrics.advanceWidth <= width
            anchors { left: cup.right; leftMargin: theme.gap * 0.4; verticalCenter: parent.verticalCenter }
            width: Math.max(0, brand.width - cup.width - theme.gap * 0.4)
            fullText: bar.stationTitle
            maxLines: oneLine ? 1 : 2
            font.family: theme.family
            font.pixelSize: oneLine ? theme.fontLarge : theme.fontBody
            font.weight: Font.Bold
            lineHeight: 0.95
            color: theme.ink
        }
    }

    Rectangle {
        id: pill
        objectName: "searchPill"
        visible: nav.screen !== "search" && nav.screen !== "home" && nav.screen !== "reader"
        anchors { left: left.right; right: right.left; margins: theme.gap; verticalCenter: parent.verticalCenter }
        height: theme.target
        radius: height / 2
        color: theme.surface
        border.width: theme.lineWidth
        border.color: theme.line
        Row {
            anchors { left: parent.left; leftMargin: theme.gap; verticalCenter: parent.verticalCenter }
            spacing: theme.gap * 0.5
            Icon { name: "search"; size: 36 * theme.u * theme.ts; color: theme.muted; anchors.verticalCenter: parent.verticalCenter }
            WordText {
                objectName: "searchPillText"
                visible: pill.width > 200 * theme.u
                fullText: qsTr("Tìm sách, bản tin…")
                font.family: theme.family
                font.pixelSize: theme.fontBody
                color: theme.muted
                anchors.verticalCenter: parent.verticalCenter
                width: pill.width - 36 * theme.u * theme.ts - 2.5 * theme.gap
            }
        }
        MouseArea { anchors.fill: parent; onClicked: visit.openSearch() }
    }

    // The reader's title: one line when it fits, else two smaller lines, so it says what the
    // document is. In portrait the bar is too narrow: the reader shows it under the bar.
    TextMetrics {
        id: titleMetrics
        font.family: theme.family
        font.pixelSize: theme.fontLarge
        font.weight: Font.Bold
        text: reader.title
    }
    WordText {
        id: readerTitle
        objectName: "readerTitle"
        readonly property bool oneLine: titleMetrics.advanceWidth <= width
        visible: nav.screen === "reader" && !theme.portrait
        anchors { left: left.right; right: right.left; margins: theme.gap; verticalCenter: parent.verticalCenter }
        fullText: reader.title
        maxLines: oneLine ? 1 : 2
        font.family: theme.family
        font.pixelSize: oneLine ? theme.fontLarge : theme.fontBody
        font.weight: Font.Bold
        lineHeight: 0.95
        color: theme.ink
        horizontalAlignment: Text.AlignHCenter
    }

    Row {
        id: right
        anchors { right: parent.right; rightMargin: theme.margin; verticalCenter: parent.verticalCenter }
        spacing: theme.gap * 0.6
        KButton {
            objectName: "largeTextButton"
            text: "A+"
            checked: display.largeText
            once: true  // a double tap must not switch it on and off again
            fontSize: theme.fontLarge
            onClicked: display.largeText = !display.largeText
        }
        KButton {
            objectName: "contrastButton"
            icon: "contrast"
            checked: display.highContrast
            once: true
            onClicked: display.highContrast = !display.highContrast
        }
        VolumeControl { objectName: "volumeControl" }
    }
}
