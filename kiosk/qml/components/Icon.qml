// A line icon drawn from a small SVG path (24×24 grid), so no icon font or image is needed.
import QtQuick
import QtQuick.Shapes
import "iconpaths.js" as IconPaths

Item {
    id: icon
    property string name: ""
    property color color: "black"
    property real size: 32
    property real stroke: Math.max(1.5, size * 0.085)
    property bool filled: false
    width: size
    height: size

    Shape {
        anchors.fill: parent
        ShapePath {
            strokeColor: icon.color
            strokeWidth: icon.stroke
            fillColor: icon.filled ? icon.color : "transparent"
            capStyle: ShapePath.RoundCap
            joinStyle: ShapePath.RoundJoin
            scale: Qt.size(icon.size / 24, icon.size / 24)
            PathSvg { path: IconPaths.paths[icon.name] || "" }
        }
    }
}
