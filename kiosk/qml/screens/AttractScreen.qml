// The attract loop: a slow slideshow of infographics and new items, "Chạm để bắt đầu".
import QtQuick
import "../components"

Screen {
    id: screen
    property int slide: 0
    readonly property int count: visit.attractModel.count
    // `station.name` (the default name where no station set one)
    readonly property string stationTitle: typeof stationName === "string" && stationName
                                           ? stationName : qsTr("Café sách 4.0")

    Rectangle { objectName: "attractBackground"; anchors.fill: parent
                color: theme.highContrast ? "#000000" : "#10231f" }

    Timer {
        id: advance
        objectName: "attractTimer"
        interval: 6000
        repeat: true
        running: screen.active && screen.count > 1
        onTriggered: screen.slide = (screen.slide + 1) % screen.count
    }
    onActiveChanged: slide = 0
    // Fewer slides after a sync or a hide during the loop: back to the first one, not a
    // dark screen on a slide that is gone (with one slide left the timer no longer moves on).
    onCountChanged: if (slide >= count) slide = 0

    Repeater {
        model: visit.attractModel
        Item {
            // below the bulletin banner while one is on air (it lies over the window's top:
            // the loop has no top bar for it to sit under)
            anchors { fill: parent; topMargin: screen.bandHeight }
            opacity: index === screen.slide ? 1 : 0
            visible: opacity > 0
            Behavior on opacity { NumberAnimation { duration: 900 } }
            Image {
                id: bg
                anchors.fill: parent
                source: model.cover
                sourceSize.width: 480
                fillMode: Image.PreserveAspectCrop
                opacity: 0.12
                asynchronous: true
            }
            Image {
                id: front
                objectName: "attractPoster"
                anchors { horizontalCenter: parent.horizontalCenter; top: parent.top
                          topMargin: parent.height * (theme.portrait ? 0.1 : 0.09) }
                // Smaller when the title takes two lines on a low screen: the title stays
                // clear of «Chạm để bắt đầu» (at 1366×768 in large text it ran under it).
                // Portrait has the height to spare: at half of it a fifth of the screen
                // stood empty between the title and the button.
                height: Math.min(parent.height * (theme.portrait ? 0.62 : 0.56),
                                 cta.y - cta.height * 0.03 - theme.gap - slideTitle.height
                                 - slideTitle.anchors.topMargin - anchors.topMargin
                                 - screen.bandHeight)
                width: parent.width * 0.8
                // The first page drawn at this size (sharp), for the slide on screen only. Not
                // asynchronous: a Python image provider is only ever called on the GUI thread
                // (kiosk/images.py, CoverFiles); a first render waits ~50 ms, then it is kept.
                source: screen.active && index === screen.slide ? model.poster : ""
                sourceSize.width: Math.round(width)
                sourceSize.height: Math.round(height)
                fillMode: Image.PreserveAspectFit
                Image {
                    anchors.fill: parent
                    visible: front.status !== Image.Ready
                    source: model.cover
                    fillMode: Image.PreserveAspectFit
                    asynchronous: true
                }
                scale: index === screen.slide ? 1.04 : 1.0
                Behavior on scale { NumberAnimation { duration: 6000 } }
            }
            WordText {
                id: slideTitle
                objectName: "attractTitle"
                anchors { top: front.bottom; topMargin: theme.gap * 1.5; horizontalCenter: parent.horizontalCenter }
                width: parent.width * 0.85
                horizontalAlignment: Text.AlignHCenter
                fullText: model.title
                maxLines: 2
                balanced: true
                font.family: theme.family
                font.pixelSize: theme.fontHero * 0.85
                font.weight: Font.Bold
                color: "#ffffff"
            }
        }
    }

    // No slide to show (a station whose items have neither covers nor pages to draw):
    // the station's sign, large, rather than an empty dark screen.
    Column {
        objectName: "attractSign"
        visible: screen.count === 0
        anchors.centerIn: parent
        anchors.verticalCenterOffset: -parent.height * 0.08 + screen.bandHeight / 2
        spacing: theme.gap
        Icon {
            name: "cup"
            size: Math.min(screen.width, screen.height) * 0.22
            objectName: "attractCup"
            color: theme.warmOnDark
            anchors.horizontalCenter: parent.horizontalCenter
        }
        Text {
            // the station's name; a long one wraps at its words, centred, within the screen
            objectName: "attractName"
            text: screen.stationTitle
            width: Math.min(implicitWidth, screen.width - 4 * theme.margin)
            wrapMode: Text.WordWrap
            horizontalAlignment: Text.AlignHCenter
            font.family: theme.family
            font.pixelSize: theme.fontHero * 1.2
            font.weight: Font.Bold
            color: "#ffffff"
            anchors.horizontalCenter: parent.horizontalCenter
        }
    }

    Rectangle {
        id: cta
        objectName: "touchToStart"
        anchors { horizontalCenter: parent.horizontalCenter; bottom: parent.bottom; bottomMargin: parent.height * 0.07 }
        width: ctaRow.width + theme.gap * 3
        height: theme.target * 1.4
        radius: height / 2
        color: theme.warm
        SequentialAnimation on scale {
            running: screen.active
            loops: Animation.Infinite
            NumberAnimation { from: 1; to: 1.06; duration: 900; easing.type: Easing.InOutQuad }
            NumberAnimation { from: 1.06; to: 1; duration: 900; easing.type: Easing.InOutQuad }
        }
        Row {
            id: ctaRow
            anchors.centerIn: parent
            spacing: theme.gap * 0.6
            Icon { name: "touch"; size: cta.height * 0.55; color: theme.highContrast ? "#000000" : "#ffffff"
                   anchors.verticalCenter: parent.verticalCenter }
            Text {
                text: qsTr("Chạm để bắt đầu")
                font.family: theme.family
                font.pixelSize: theme.fontTitle
                font.weight: Font.Bold
                color: theme.highContrast ? "#000000" : "#ffffff"
                anchors.verticalCenter: parent.verticalCenter
            }
        }
    }
    Text {
        visible: screen.count > 0  // the sign above says it when there is no slide
        objectName: "attractStation"
        anchors { horizontalCenter: parent.horizontalCenter; top: parent.top
                  topMargin: theme.gap + screen.bandHeight }
        width: Math.min(implicitWidth, parent.width - 2 * theme.margin)
        wrapMode: Text.WordWrap
        horizontalAlignment: Text.AlignHCenter
        text: screen.stationTitle
        font.family: theme.family
        font.pixelSize: theme.fontLarge
        font.weight: Font.Bold
        color: "#ccffffff"
    }
    MouseArea { anchors.fill: parent; onPressed: nav.home() }
}
