// Sizes and colours for every screen: responsive to the window, large text and high contrast.
import QtQuick

QtObject {
    id: theme
    property Item window
    property bool largeText: false
    property bool highContrast: false
    property string family: "Noto Sans"

    readonly property bool portrait: window ? window.height > window.width : false
    // One unit = 1 px at 1080 px on the short side; everything scales from it.
    readonly property real u: window ? Math.max(0.6, Math.min(window.width, window.height) / 1080) : 1
    readonly property real ts: largeText ? 1.3 : 1.0
    // Tap targets: at least 9 mm at the screen's density, and never tiny on big screens.
    readonly property real mm: Screen.pixelDensity > 0 ? Screen.pixelDensity : 3.78
    readonly property real target: Math.max(9 * mm, 80 * u)
    readonly property real gap: 24 * u
    readonly property real radius: 22 * u
    readonly property real margin: (portrait ? 28 : 40) * u

    readonly property real fontSmall: 22 * u * ts
    readonly property real fontBody: 27 * u * ts
    readonly property real fontLarge: 34 * u * ts
    readonly property real fontTitle: 44 * u * ts
    readonly property real fontHero: 60 * u * ts

    readonly property color bg: highContrast ? "#000000" : "#f3efe6"
    readonly property color surface: highContrast ? "#000000" : "#ffffff"
    readonly property color surface2: highContrast ? "#1a1a1a" : "#ebe5d8"
    readonly property color ink: highContrast ? "#ffffff" : "#1f2430"
    readonly property color muted: highContrast ? "#ffffff" : "#5d6675"
    readonly property color accent: highContrast ? "#ffd400" : "#0f6e5f"
    readonly property color accentInk: highContrast ? "#000000" : "#ffffff"
    // Dark enough for white text on it and for text on white (≥ 4.5:1).
    readonly property color warm: highContrast ? "#ffd400" : "#b04a16"
    // Search hits inside snippets: bold, and ≥ 4.5:1 on the result card.
    readonly property color hit: highContrast ? "#ffd400" : "#b23f0c"
    readonly property color line: highContrast ? "#ffffff" : "#ddd5c5"
    readonly property color focus: highContrast ? "#00e5ff" : "#2f6fde"
    readonly property color bar: highContrast ? "#000000" : "#fbf9f4"
    // A slider's track (page, video position): a control, so ≥ 3:1 on the bar, the page and
    // surface2 (the light theme's surface2 was a 1.2:1 ghost). High contrast keeps its dark
    // track and draws a `line` border round it.
    readonly property color track: highContrast ? "#1a1a1a" : "#877f72"
    // The warm colour on the attract loop's dark green (the station's cup): ≥ 3:1 there.
    readonly property color warmOnDark: highContrast ? "#ffffff" : "#c4581f"
    readonly property real lineWidth: highContrast ? 3 : 1
    // A control that cannot be used now (first page, zoomed out, held by a broadcast): faded,
    // yet a plain button keeps its label and icon at 3:1 on the bar and the page.
    readonly property real disabledOpacity: 0.5
}
