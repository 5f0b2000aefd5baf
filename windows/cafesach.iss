; Café sách 4.0 — Windows installer (Inno Setup 6).
;
; Build on Windows, after `python deploy\bundle.py` has made dist\cafesach\:
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" windows\cafesach.iss
; Output: dist\cafesach-<version>-windows-x86_64-setup.exe
;
; NOT BUILT OR RUN in this project's CI (Linux only): see windows\README.md for
; exactly what is and is not tested.

#define AppName "Café sách 4.0"
#define AppVersion "0.1.0"          ; keep equal to pyproject.toml [project] version
#define KioskUser "cafesach"
#define DataDir "{commonappdata}\cafesach"

[Setup]
AppId={{5B0C3E5E-8A51-4F7B-9C3B-CAFE5AC40000}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Café sách 4.0 contributors
DefaultDirName={autopf}\Cafesach
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequired=admin
OutputDir=..\dist
OutputBaseFilename=cafesach-{#AppVersion}-windows-x86_64-setup
Compression=lzma2/max
SolidCompression=yes
LicenseFile=..\LICENSE
; An update installs over the old version; the data folder is never touched.
UsePreviousAppDir=yes
CloseApplications=force
RestartApplications=no

[Languages]
Name: "vi"; MessagesFile: "compiler:Languages\Vietnamese.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "autostart"; Description: "Start the kiosk when the kiosk user signs in (with restart after a crash)"; Flags: checkedonce

[Files]
Source: "..\dist\cafesach\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "cafesach-kiosk.cmd"; DestDir: "{app}"; Flags: ignoreversion
Source: "enable-onecore-voices.ps1"; DestDir: "{app}\windows"; Flags: ignoreversion
Source: "assigned-access.xml"; DestDir: "{app}\windows"; Flags: ignoreversion
Source: "README.md"; DestDir: "{app}\windows"; Flags: ignoreversion

[Dirs]
; One data folder for the kiosk and a technician's commands (like /var/lib/cafesach).
Name: "{#DataDir}"; Permissions: users-modify

[Registry]
; CAFESACH_DATA for every user and process (like /etc/environment.d on Linux).
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; \
    ValueType: expandsz; ValueName: "CAFESACH_DATA"; ValueData: "{#DataDir}"; \
    Flags: uninsdeletevalue
; No screen saver / blanking for the kiosk user's machine policy.
Root: HKLM; Subkey: "SOFTWARE\Policies\Microsoft\Windows\Control Panel\Desktop"; \
    ValueType: string; ValueName: "ScreenSaveActive"; ValueData: "0"; Flags: uninsdeletevalue
; No toast notifications on the kiosk.
Root: HKLM; Subkey: "SOFTWARE\Policies\Microsoft\Windows\CurrentVersion\PushNotifications"; \
    ValueType: dword; ValueName: "NoToastApplicationNotification"; ValueData: "1"; \
    Flags: uninsdeletevalue

[Run]
; Autostart with restart-on-crash: a logon task running the watchdog loop for the
; kiosk user (the Windows counterpart of the systemd unit's Restart=always).
Filename: "{sys}\schtasks.exe"; \
    Parameters: "/Create /F /TN ""Cafesach Kiosk"" /SC ONLOGON /RU {#KioskUser} /IT /RL LIMITED /TR ""\""{app}\cafesach-kiosk.cmd\"""""; \
    Flags: runhidden; Tasks: autostart; StatusMsg: "Autostart…"
; Display and sleep never turn off on AC power.
Filename: "{sys}\powercfg.exe"; Parameters: "/change monitor-timeout-ac 0"; Flags: runhidden
Filename: "{sys}\powercfg.exe"; Parameters: "/change standby-timeout-ac 0"; Flags: runhidden
; The self-test, visible to the technician at the end of setup.
Filename: "{cmd}"; Parameters: "/k ""{app}\cafesach.exe"" selftest"; \
    Description: "Run the self-test"; Flags: postinstall shellexec skipifsilent

[UninstallRun]
Filename: "{sys}\schtasks.exe"; Parameters: "/Delete /F /TN ""Cafesach Kiosk"""; \
    Flags: runhidden; RunOnceId: "DeleteKioskTask"
