@echo off
rem Café sách 4.0 — the kiosk's watchdog on Windows: start the kiosk, and start it
rem again 2 seconds after it exits, crashes or is killed (like Restart=always).
rem Started at logon of the kiosk user by the "Cafesach Kiosk" scheduled task.
setlocal
if not defined CAFESACH_DATA set "CAFESACH_DATA=%ProgramData%\cafesach"
:loop
"%~dp0cafesach.exe" run --fullscreen
timeout /t 2 /nobreak >nul
goto loop
