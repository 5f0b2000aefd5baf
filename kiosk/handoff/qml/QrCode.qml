// A QR code drawn from its matrix: a whole number of pixels per module, centred,
// so every edge falls on a pixel boundary and the code stays sharp at any size.
// Properties: rows (list of "0"/"1" strings, quiet zone included), dark, light.
import QtQuick

Item {
    id: root
    property var rows: []
    property color dark: "#000000"
    property color light: "#ffffff"   // always light: phones read dark-on-light
    readonly property int modules: rows ? rows.length : 0
    // Pixels per module (whole, at least 1); the drawn code is modules * cell wide.
    readonly property int cell: modules > 0
        ? Math.max(1, Math.floor(Math.min(width, height) / modules)) : 1
    implicitWidth: 300
    implicitHeight: 300

    Canvas {
        id: canvas
        objectName: "qrCanvas"
        anchors.centerIn: parent
        width: root.cell * root.modules
        height: width
        renderTarget: Canvas.Image
        onPaint: {
            var ctx = getContext("2d")
            var cell = root.cell
            ctx.reset()
            ctx.fillStyle = root.light
            ctx.fillRect(0, 0, width, height)
            ctx.fillStyle = root.dark
            for (var y = 0; y < root.modules; ++y) {
                var row = root.rows[y]
                var x = 0
                while (x < row.length) {
                    if (row.charAt(x) !== "1") { ++x; continue }
                    var start = x
                    while (x < row.length && row.charAt(x) === "1") ++x
                    ctx.fillRect(start * cell, y * cell, (x - start) * cell, cell)
                }
            }
        }
    }
    onRowsChanged: canvas.requestPaint()
    onCellChanged: canvas.requestPaint()
    onDarkChanged: canvas.requestPaint()
}
