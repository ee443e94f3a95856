; Inno Setup script for Desa Layak: a per-user install that needs no administrator rights.
;
; Built by packaging/windows/build-windows.yml after `python packaging\build.py`:
;   ISCC.exe /DAppVersion=0.1.0 packaging\windows\desa-layak.iss
; Input: dist\desa-layak\ (the PyInstaller onedir folder). Output: dist\desa-layak-<ver>-setup.exe
;
; The user's data is NOT in the install folder: it lives in %APPDATA%\DesaLayak (or in data\
; beside the exe in portable mode, or wherever --data-dir / DESA_LAYAK_HOME point). The
; uninstaller removes only the files it installed, so the data always stays. There is
; deliberately no [UninstallDelete] section.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "Desa Layak"
#define AppExe "desa-layak.exe"

[Setup]
AppId={{6F3C2B1E-4D7A-4C59-9E21-DE5A1A7A0C11}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Desa Layak
; Per-user: {autopf} becomes %LOCALAPPDATA%\Programs, shortcuts go to the user's Start menu.
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 needs Windows 10 or newer.
MinVersion=10.0
SourceDir=..\..
OutputDir=dist
OutputBaseFilename=desa-layak-{#AppVersion}-setup
SetupIconFile=resources\icons\desa-layak.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
; Inno Setup ships no Indonesian wizard texts; our own texts below are in Indonesian.
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "Buat ikon di Desktop"; GroupDescription: "Ikon tambahan:"; Flags: unchecked

[Files]
Source: "dist\desa-layak\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; Files of an older version that the new one no longer ships (never the user's data).
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Kelengkapan Desa/Kelurahan Layak Anak dan DRPPA"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "Jalankan {#AppName} sekarang"; Flags: nowait postinstall skipifsilent
