// Where a line of the panel may wrap. A number never begins a line alone, cut from the word it
// counts or names: «(phiên bản / 1)», «gỡ 0 / mục» read as a stray figure on a narrow portrait
// panel. The space before a number that stands as a word (with a closing bracket or a stop
// after it) becomes a no-break space; times and dates («13:45», «28/11/2026») keep their
// spaces, so a long line still wraps between them.
.pragma library

function keepNumbers(text) {
    return String(text).replace(/ (?=\d+\)?[.,;]?(\s|$))/g, "\u00a0")
}
