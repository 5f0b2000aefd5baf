// A line icon drawn from a small SVG path (24×24 grid), so no icon font or image is needed.
import QtQuick
import QtQuick.Shapes

Item {
    id: icon
    property string name: ""
    property color color: "black"
    property real size: 32
    property real stroke: Math.max(1.5, size * 0.085)
    property bool filled: false
    width: size
    height: size

    readonly property var paths: ({
        "search": "M10.5 3.5a7 7 0 1 0 0.01 0z M15.6 15.6 L21 21",
        "home": "M3 11.5 L12 3.5 L21 11.5 M5.5 9.5 V20.5 H10 V14.5 H14 V20.5 H18.5 V9.5",
        "back": "M15 4 L7 12 L15 20",
        "next": "M9 4 L17 12 L9 20",
        "book": "M3 5.5 Q7.5 3.5 12 6 Q16.5 3.5 21 5.5 V19.5 Q16.5 17.5 12 20 Q7.5 17.5 3 19.5 Z M12 6 V20",
        "infographic": "M3.5 4.5 H20.5 V19.5 H3.5 Z M3.5 16 L9 10.5 L13.5 15 L16.5 12 L20.5 16 M16 8 a1.3 1.3 0 1 0 0.01 0z",
        "bulletin": "M3.5 9.5 V14.5 H7 L15 19.5 V4.5 L7 9.5 Z M18 9 Q20.2 12 18 15",
        "handbook": "M6 3 H18 Q19 3 19 4 V21 H7 Q5 21 5 19 V4 Q5 3 6 3 Z M5 18 Q5 17 7 17 H19 M9 7.5 H15 M9 11 H15",
        "video": "M3.5 5.5 H20.5 V18.5 H3.5 Z M10 9 L15.5 12 L10 15 Z",
        "document": "M6 3 H14 L19 8 V21 H6 Z M14 3 V8 H19 M9 12.5 H16 M9 16 H16",
        "audio": "M9 18 V5 L19 3 V16 M9 18 a2.5 2.5 0 1 1 -0.01 0z M19 16 a2.5 2.5 0 1 1 -0.01 0z",
        "new": "M12 3 L14.6 9 L21 9.3 L16 13.4 L17.8 20 L12 16.3 L6.2 20 L8 13.4 L3 9.3 L9.4 9 Z",
        "volume": "M3.5 9 H7.5 L12.5 5 V19 L7.5 15 H3.5 Z M15.5 9 Q17.5 12 15.5 15 M18 6.5 Q21.5 12 18 17.5",
        "mute": "M3.5 9 H7.5 L12.5 5 V19 L7.5 15 H3.5 Z M15.5 9.5 L20.5 14.5 M20.5 9.5 L15.5 14.5",
        "contrast": "M12 3 a9 9 0 1 0 0.01 0z M12 3 V21",
        "close": "M5 5 L19 19 M19 5 L5 19",
        "toc": "M4 6 H20 M4 12 H20 M4 18 H14",
        "zoomin": "M10.5 3.5a7 7 0 1 0 0.01 0z M15.6 15.6 L21 21 M7.5 10.5 H13.5 M10.5 7.5 V13.5",
        "zoomout": "M10.5 3.5a7 7 0 1 0 0.01 0z M15.6 15.6 L21 21 M7.5 10.5 H13.5",
        "backspace": "M8.5 5 H21 V19 H8.5 L2.5 12 Z M11.5 9 L17 14.5 M17 9 L11.5 14.5",
        "return": "M9 14 L4 9 L9 4 M4 9 H15 a5 5 0 0 1 0 10 H11",
        "play": "M7 4.5 L19 12 L7 19.5 Z",
        "pause": "M7 5 V19 M17 5 V19",
        "headphones": "M4 15 V12 a8 8 0 0 1 16 0 V15 M4 15 H7.5 V20.5 H4 Z M20 15 H16.5 V20.5 H20 Z",
        "phone": "M7.5 2.5 H16.5 V21.5 H7.5 Z M11 18.5 H13",
        "touch": "M9 11 V5 a1.6 1.6 0 0 1 3.2 0 V11 M12.2 10 a1.6 1.6 0 0 1 3.2 0 V11.5 M15.4 11 a1.6 1.6 0 0 1 3.2 0 V15 a6.5 6.5 0 0 1 -6.5 6.5 H11.5 a5 5 0 0 1 -4.2 -2.3 L4.6 14.6 a1.5 1.5 0 0 1 2.4 -1.8 L9 15",
        "sad": "M12 3 a9 9 0 1 0 0.01 0z M8.5 16 Q12 13 15.5 16 M9 9.5 V10.5 M15 9.5 V10.5",
        "cup": "M4 8.5 H17 V13 a6 6 0 0 1 -6 6 H10 a6 6 0 0 1 -6 -6 Z M17 10 H18.5 a2.5 2.5 0 0 1 0 5 H16.5 M3 21 H18 M8 3 Q9.5 4.5 8 6 M12 3 Q13.5 4.5 12 6"
    })

    Shape {
        anchors.fill: parent
        ShapePath {
            strokeColor: icon.color
            strokeWidth: icon.stroke
            fillColor: icon.filled ? icon.color : "transparent"
            capStyle: ShapePath.RoundCap
            joinStyle: ShapePath.RoundJoin
            scale: Qt.size(icon.size / 24, icon.size / 24)
            PathSvg { path: icon.paths[icon.name] || "" }
        }
    }
}
