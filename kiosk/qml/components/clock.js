// A length of time as a clock reads, for the players and the detail screen's facts.
.pragma library

// 95 s → "1:35"; an hour and more → "1:02:05".
function clock(s) {
    s = Math.max(0, Math.round(s))
    var h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60), r = s % 60
    var mm = h > 0 ? ("0" + m).slice(-2) : String(m)
    return (h > 0 ? h + ":" : "") + mm + ":" + ("0" + r).slice(-2)
}
