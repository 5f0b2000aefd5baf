// Two fingers spread or pinched on the item this sits in change the reader's zoom, from the
// zoom at the start of the pinch. It moves nothing itself (target: null): the view follows
// `reader.zoom` (a normal page and a tall poster alike).
import QtQuick

PinchHandler {
    target: null
    property real startZoom: 1
    onActiveChanged: if (active) startZoom = reader.zoom
    onActiveScaleChanged: if (active) reader.zoom = startZoom * activeScale
}
