# Café sách 4.0 — make Windows' OneCore Vietnamese voice ("Microsoft An") visible to
# SAPI 5, which pyttsx3 uses. Run as Administrator AFTER adding the Vietnamese speech
# pack (Settings > Time & language > Speech > Add voices > Tiếng Việt).
# Copies the voice tokens from Speech_OneCore to Speech (64- and 32-bit views).
# Not run in this project's CI (Linux only).
$ErrorActionPreference = "Stop"
$source = "HKLM:\SOFTWARE\Microsoft\Speech_OneCore\Voices\Tokens"
$targets = @("HKLM:\SOFTWARE\Microsoft\Speech\Voices\Tokens",
             "HKLM:\SOFTWARE\WOW6432Node\Microsoft\SPEECH\Voices\Tokens")
$voices = Get-ChildItem $source | Where-Object { $_.PSChildName -like "*viVN*" }
if (-not $voices) { throw "No Vietnamese OneCore voice: add the Vietnamese speech pack first." }
foreach ($voice in $voices) {
    foreach ($target in $targets) {
        if (-not (Test-Path $target)) { New-Item -Path $target -Force | Out-Null }
        Copy-Item -Path $voice.PSPath -Destination $target -Recurse -Force
        Write-Output "copied $($voice.PSChildName) to $target"
    }
}
Write-Output "Done. Check with: cafesach selftest --only speech"
