// A QR code drawn from its matrix: a whole number of pixels per module, centred,
// so every edge falls on a pixel boundary and the code stays sharp at any size.
// Properties: rows (list of "0"/"1" strings, quiet zone included), dark, light,
// wanted (the side a parent would like) and room (the most it has). The code is
// square and takes `wanted`, but at least minCell pixels a module, never more than
// `room`: every user gets the readable minimum without computing it.
//
// Each horizontal run of dark modules is one Rectangle in the scene graph: it is
// drawn in the same frame as the rest of the screen by every Qt Quick backend
// (software, OpenGL under Xvfb, a real GPU), unlike a Canvas, which paints
// asynchronously and came out blank or black in some of them.
import QtQuick

Item {
    id: root
    property var rows: []
    property color dark: "#000000"
    property color light: "#ffffff"   // always light: phones read dark-on-light
    readonly property int modules: rows ? rows.length : 0
    // Four pixels a module: with fewer, some phone cameras held at arm's length from
    // a kiosk screen cannot read the code.
    property int minCell: 4
    readonly property int minSide: modules * minCell
    // Pixels per module (whole, at least 1); the drawn code is modules * cell wide.
    readonly property int cell: modules > 0
        ? Math.max(1, Math.floor(Math.min(width, height) / modules)) : 1
    // [x, y, length] of every run of dark modules.
    readonly property var runs: {
        var out = []
        for (var y = 0; y < modules; ++y) {
            var row = rows[y]
            var x = 0
            while (x < row.length) {
                if (row.charAt(x) !== "1") { ++x; continue }
                var start = x
                while (x < row.length && row.charAt(x) === "1") ++x
                out.push([start, y, x - start])
            }
        }
        return out
    }
    property real wanted: 300
    property real room: Infinity
    implicitWidth: Math.min(room, Math.max(wanted, minSide))
    implicitHeight: implicitWidth

    Rectangle {
        id: plate
        objectName: "qrPlate"
        anchors.centerIn: parent
        width: root.cell * root.modules
        height: width
        color: root.light
        antialiasing: false

        Repeater {
            model: root.runs
            Rectangle {
                x: modelData[0] * root.cell
                y: modelData[1] * root.cell
                width: modelData[2] * root.cell
                height: root.cell
                color: root.dark
                antialiasing: false
            }
        }
    }
}
