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
        // The software scene graph (offscreen, `run --tour`, kiosks without a GPU) hands a
        // Shape an empty clip region when its item lies wholly outside a clipping view,
        // and Qt's software Shape then paints with no clip at all: the kind icons of grid
        // rows and search results kept just above or below the list (cache buffer, reuse
        // pool) were drawn over the header, the search field and the keyboard. Drawn
        // through a layer, the icon is an image that the renderer clips like any other;
        // the GPU scene graph clips a Shape right, so it draws the path directly there.
        layer.enabled: GraphicsInfo.api === GraphicsInfo.Software
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
