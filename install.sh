#!/bin/sh
# Café sách 4.0 — install (or update, or remove) a station from the bundle.
#
#   sudo ./install.sh [--bundle DIR|FILE.tar.gz] [--no-apt] [--debs DIR]
#   sudo ./install.sh --uninstall [--purge]
#   sudo /opt/cafesach/bin/install.sh --rollback
#
# Run it from the unpacked bundle folder (dist/cafesach or the unpacked
# cafesach-<version>-linux-x86_64.tar.gz): it copies the app to /opt/cafesach,
# creates the unprivileged kiosk user, sets CAFESACH_DATA=/var/lib/cafesach for
# everyone, and makes the PC boot into the locked kiosk session (cage on tty1,
# restarted by systemd within seconds after a crash or kill). Everything it
# puts in /opt is root's (whoever unpacked the bundle); /usr/local/bin/cafesach
# opens /var/lib/cafesach also under `sudo -u cafesach`. Safe to run
# again: a second run changes nothing; a newer bundle replaces the app and
# keeps the data (the catalog migrates on the first start). Every argument is
# checked before anything is changed. Run from the console on tty1, it does not
# start the kiosk there (that would end the login): reboot afterwards.
#
# Options:
#   --root DIR      install into the existing folder DIR instead of / (also:
#                   DESTDIR=DIR). Users are then created in DIR/etc (useradd
#                   --prefix), nothing is started.
#   --bundle PATH   the bundle folder or tarball (default: the folder of this script
#                   when it holds `cafesach`, else dist/cafesach next to it); the
#                   unit, rules and the kept install.sh come from it too
#   --no-user       do not create the kiosk user (CAFESACH_NO_USER=1 does the same)
#   --no-apt        do not install Debian packages (cage, udisks2, polkitd, ...)
#   --debs DIR      install the Debian packages from DIR/*.deb (offline stations)
#   --no-enable     install files but do not enable or start the kiosk service
#   --rollback      go back to the version kept in /opt/cafesach/previous (its own
#                   unit and session too); run it again to go forward
#   --uninstall     remove the app, units and rules; keep data and user
#   --purge         with --uninstall: also remove /var/lib/cafesach and the user
set -eu
umask 022   # what is installed is root's, and nobody else's to change

APP=cafesach
KIOSK_USER="${CAFESACH_USER:-cafesach}"
ROOT="${DESTDIR:-/}"
BUNDLE=""
MODE=install
PURGE=0
DO_USER=1
DO_APT=1
DO_ENABLE=1
DEBS=""
[ "${CAFESACH_NO_USER:-0}" = 1 ] && DO_USER=0
#: Debian 12 packages the station needs beyond a minimal system.
#: (pipewire-pulse: the sound server the kiosk user's session plays through; ffmpeg:
#: clips' durations and poster frames, WebP infographics, recorded bulletins.)
APT_PACKAGES="cage udisks2 polkitd dbus libpam-systemd libgl1 libegl1 libgles2 \
libgl1-mesa-dri libwayland-client0 libwayland-cursor0 libwayland-egl1 libxkbcommon0 \
libfontconfig1 libpulse0 pipewire-pulse wireplumber pulseaudio-utils zbar-tools ffmpeg xwayland"
#: (xwayland: Debian 12's cage 0.1.4 does not start without /usr/bin/Xwayland.)

#: Lists the files under deploy/ that make the station, one a line (installed with
#: the app); deploy/bundle.py bundles the templates from the same list.
TEMPLATE_LIST=templates.list
#: Template -> system file (mode 644): written by install, removed by --uninstall.
SYSTEM_FILES="systemd/cafesach-kiosk.service:/etc/systemd/system/cafesach-kiosk.service
pam.d/cafesach-kiosk:/etc/pam.d/cafesach-kiosk
udev/90-cafesach-usb.rules:/etc/udev/rules.d/90-cafesach-usb.rules
polkit/50-cafesach-udisks.rules:/etc/polkit-1/rules.d/50-cafesach-udisks.rules
environment.d/90-cafesach.conf:/etc/environment.d/90-cafesach.conf
profile.d/cafesach.sh:/etc/profile.d/cafesach.sh"
#: System files older installs wrote and this one no longer does: removed by an update
#: (install.sh runs again then) and by --uninstall.
#: (logrotate.d/cafesach: the kiosk rotates its own logs, library/logfile.py; the two
#: renamed each other's files.)
OBSOLETE_FILES="/etc/logrotate.d/cafesach"

SELF_DIR=$(cd "$(dirname "$0")" && pwd)

say() { printf 'cafesach-install: %s\n' "$*"; }
die() { printf 'cafesach-install: error: %s\n' "$*" >&2; exit 1; }
# "1 file", "2 files": a count with its noun, singular for one (library/plural.py's `counted`).
counted() {  # counted N SINGULAR [PLURAL]
    if [ "$1" = 1 ]; then printf '%s %s' "$1" "$2"; else printf '%s %s' "$1" "${3:-${2}s}"; fi
}

# An option's value: there, not empty, and not the next option.
value() {  # value OPTION VALUE-OR-EMPTY
    [ -n "$2" ] || die "$1 needs a value (see --help)"
    case "$2" in -*) die "$1 needs a value, not $2 (see --help)" ;; esac
}
nonempty() {  # nonempty OPTION=VALUE
    [ -n "${1#*=}" ] || die "${1%%=*} needs a value (see --help)"
}
# --uninstall or --rollback: one of them (the last one given must not quietly win).
mode() {  # mode uninstall|rollback
    [ "$MODE" = install ] || [ "$MODE" = "$1" ] \
        || die "--uninstall and --rollback do different things: give one (see --help)"
    MODE=$1
}

while [ $# -gt 0 ]; do
    case "$1" in
        --root) value "$1" "${2:-}"; ROOT="$2"; shift 2 ;;
        --root=*) nonempty "$1"; ROOT="${1#--root=}"; shift ;;
        --bundle) value "$1" "${2:-}"; BUNDLE="$2"; shift 2 ;;
        --bundle=*) nonempty "$1"; BUNDLE="${1#--bundle=}"; shift ;;
        --no-user) DO_USER=0; shift ;;
        --no-apt) DO_APT=0; shift ;;
        --debs) value "$1" "${2:-}"; DEBS="$2"; shift 2 ;;
        --debs=*) nonempty "$1"; DEBS="${1#--debs=}"; shift ;;
        --no-enable) DO_ENABLE=0; shift ;;
        --uninstall) mode uninstall; shift ;;
        --rollback) mode rollback; shift ;;
        --purge) PURGE=1; shift ;;
        -h|--help) sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; exit 0 ;;  # the header above
        *) die "unknown option $1 (see --help)" ;;
    esac
done

ROOT=$(printf '%s' "$ROOT" | sed 's:/*$::')   # "" means the real /
LIVE=0
[ -z "$ROOT" ] && LIVE=1
[ "$(id -u)" = 0 ] || [ "$LIVE" = 0 ] || die "run me as root (sudo ./install.sh)"

PREFIX=/opt/$APP
DATA=/var/lib/$APP
R() { printf '%s%s' "$ROOT" "$1"; }    # a system path inside the target root

UNPACKED=""
PARTIAL=""   # a copy of the app under way: removed when the install stops half-way
cleanup() {
    if [ -n "$UNPACKED" ]; then rm -rf "$UNPACKED"; fi
    if [ -n "$PARTIAL" ]; then rm -rf "$PARTIAL"; fi
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

# Where the deploy/ templates are: in the bundle being installed, next to this
# script (bundle folder or source checkout), or the copy an earlier install kept
# in /opt/cafesach/bin/deploy.
find_templates() {
    for dir in ${BUNDLE:+"$BUNDLE/deploy"} "$SELF_DIR/deploy" "$(R $PREFIX)/bin/deploy"; do
        [ -f "$dir/systemd/cafesach-kiosk.service" ] && [ -f "$dir/$TEMPLATE_LIST" ] \
            && { printf '%s' "$dir"; return 0; }
    done
    return 1
}

# The names in deploy/templates.list (files or folders under deploy/).
listed_templates() {
    sed -e 's/#.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$1/$TEMPLATE_LIST"
}

# Copy a template with @PREFIX@, @DATA@, @USER@ filled in; only rewrite when it changed.
put() {  # put TEMPLATE TARGET MODE
    tmp=$(mktemp)
    sed -e "s|@PREFIX@|$PREFIX|g" -e "s|@DATA@|$DATA|g" -e "s|@USER@|$KIOSK_USER|g" "$1" > "$tmp"
    mkdir -p "$(dirname "$2")"
    if [ -f "$2" ] && [ ! -L "$2" ] && cmp -s "$tmp" "$2"; then
        rm -f "$tmp"
    else
        install -m "$3" "$tmp" "$2.new"
        mv -Tf "$2.new" "$2"
        rm -f "$tmp"
        say "wrote ${2#"$ROOT"}"
    fi
}

link() {  # link TARGET LINKNAME (replaced atomically)
    mkdir -p "$(dirname "$2")"
    if [ "$(readlink "$2" 2>/dev/null || true)" != "$1" ]; then
        ln -sfn "$1" "$2.new" && mv -Tf "$2.new" "$2"
        say "linked ${2#"$ROOT"} -> $1"
    fi
}

remove() {
    for path in "$@"; do
        if [ -e "$path" ] || [ -L "$path" ]; then
            rm -rf "$path"
            say "removed ${path#"$ROOT"}"
        fi
    done
}

# Whatever unpacked the bundle, what root runs later is root's and nobody else's
# to change: owner root:root (when we are root), no write bit for group or others.
secure() {  # secure PATH...
    if [ "$(id -u)" = 0 ]; then chown -R -h 0:0 "$@"; fi
    chmod -R go-w "$@"
}

systemctl_live() {
    if [ "$LIVE" = 1 ] && [ -d /run/systemd/system ]; then
        systemctl "$@" || say "systemctl $* failed (continuing)"
    fi
}

# Is this run started from the console on tty1 (directly or through sudo/su)?
# The kiosk takes tty1 over when it starts, which would end that login.
on_tty1() {
    command -v ps >/dev/null 2>&1 || return 1
    pid=$$
    while [ "${pid:-0}" -gt 1 ]; do
        # shellcheck disable=SC2046 # two words: the process' tty and its parent
        set -- $(ps -o tty= -o ppid= -p "$pid" 2>/dev/null)
        [ "${1:-}" = tty1 ] && return 0
        pid=${2:-0}
    done
    return 1
}

ACCOUNT_PREFIX=""
[ "$LIVE" = 0 ] && ACCOUNT_PREFIX="--prefix $ROOT"

ensure_user() {
    [ "$DO_USER" = 1 ] || { say "not creating user $KIOSK_USER (--no-user)"; return 0; }
    if grep -q "^$KIOSK_USER:" "$(R /etc/passwd)"; then
        return 0
    fi
    # shellcheck disable=SC2086
    useradd $ACCOUNT_PREFIX --system --user-group --home-dir "$DATA" --no-create-home \
        --shell /usr/sbin/nologin --comment "Cafe sach 4.0 kiosk" "$KIOSK_USER"
    # Screen, input, sound: the seat session grants most; these groups cover the rest.
    for group in video render input audio; do
        if grep -q "^$group:" "$(R /etc/group)"; then
            # shellcheck disable=SC2086
            usermod $ACCOUNT_PREFIX -a -G "$group" "$KIOSK_USER"
        fi
    done
    say "created user $KIOSK_USER"
}

owner() {  # chown only where the user exists in the target root
    if [ "$DO_USER" = 1 ] && [ "$LIVE" = 1 ]; then chown "$@"; fi
}

install_packages() {
    [ "$LIVE" = 1 ] || return 0
    if [ -n "$DEBS" ]; then
        say "installing Debian packages from $DEBS"
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$DEBS"/*.deb \
            || die "apt-get could not install the packages in $DEBS (see docs/install.md, 'Offline install')"
    elif [ "$DO_APT" = 1 ]; then
        missing=""
        for p in $APT_PACKAGES; do
            dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
        done
        if [ -n "$missing" ]; then
            say "installing$missing"
            # shellcheck disable=SC2086 # one word per package
            DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing \
                || die "apt-get failed; connect the PC or use --debs DIR (see docs/install.md)"
        fi
    fi
}

is_program() { [ -f "$1" ] && [ -x "$1" ]; }   # an executable file, not a folder

locate_bundle() {
    if [ -z "$BUNDLE" ]; then
        if is_program "$SELF_DIR/$APP" && [ -d "$SELF_DIR/_internal" ]; then
            BUNDLE=$SELF_DIR
        elif is_program "$SELF_DIR/dist/$APP/$APP"; then
            BUNDLE=$SELF_DIR/dist/$APP
        else die "no bundle found: pass --bundle DIR or FILE.tar.gz (make dist builds one)"
        fi
    fi
    if [ -f "$BUNDLE" ]; then
        case "$BUNDLE" in
            *.tar.gz|*.tgz) ;;
            *) die "$BUNDLE: not a bundle (pass its folder or its .tar.gz)" ;;
        esac
        UNPACKED=$(mktemp -d) || die "cannot make a temporary folder to unpack $BUNDLE into"
        if ! err=$(LC_ALL=C tar --no-same-owner -xzf "$BUNDLE" -C "$UNPACKED" 2>&1); then
            case "$err" in
                *"No space left"*)
                    die "$BUNDLE: cannot unpack it: no space left in $(dirname "$UNPACKED") (free some, or unpack it elsewhere and pass --bundle FOLDER)" ;;
                *) die "$BUNDLE: cannot unpack it (damaged, copied short or not a .tar.gz)" ;;
            esac
        fi
        BUNDLE=$UNPACKED/$APP
    elif [ ! -e "$BUNDLE" ]; then
        die "$BUNDLE: no such file or folder"
    fi
    is_program "$BUNDLE/$APP" || die "$BUNDLE does not hold the $APP executable"
    # The real folder: a path through /opt/cafesach/previous would follow that link
    # when the install moves it (a rollback would then take the newer version's files).
    BUNDLE=$(cd "$BUNDLE" && pwd -P)
}

# A bundle copied short (a stick pulled out mid-copy, a disk that filled up while
# unpacking) is found here, before anything changes: every file against the
# bundle's SHA256SUMS (deploy/bundle.py writes it; older bundles have none).
check_bundle_files() {
    [ -f "$BUNDLE/SHA256SUMS" ] || return 0
    command -v sha256sum >/dev/null 2>&1 || return 0
    if sums=$(cd "$BUNDLE" && LC_ALL=C sha256sum --quiet --strict -c SHA256SUMS 2>/dev/null); then
        return 0
    fi
    first=$(printf '%s\n' "$sums" | sed -n 's/: FAILED.*$//p' | head -n 1)
    [ -n "$first" ] || die "$BUNDLE/SHA256SUMS is damaged: copy the bundle again"
    count=$(printf '%s\n' "$sums" | grep -c ': FAILED' || true)
    die "$BUNDLE is incomplete: $first is missing or damaged ($(counted "$count" file); copied short?): copy the .tar.gz again and unpack it anew"
}

# Where the app will go, and whether it must be copied there (not when this very build
# is there already, or the bundle is that folder: a rollback).
app_target() { printf '%s' "$(R $PREFIX)/$VERSION"; }
needs_copy() {
    target=$(app_target)
    if [ -d "$target" ] && [ -f "$target/.inputs-sha256" ] && [ -f "$BUNDLE/.inputs-sha256" ] \
            && cmp -s "$target/.inputs-sha256" "$BUNDLE/.inputs-sha256"; then
        return 1
    fi
    real=$(cd "$target" 2>/dev/null && pwd -P) || real=""
    [ "$BUNDLE" != "$real" ]
}

# Room for the app before anything is copied: a disk that fills up half-way would
# leave a half-copied version behind (it is removed then too, but better not begun).
check_free_space() {
    needs_copy || return 0
    dir=$(R $PREFIX)
    while [ ! -d "$dir" ]; do dir=$(dirname "$dir"); done
    need=$(du -sk "$BUNDLE" | awk '{print $1}')
    free=$(df -Pk "$dir" | awk 'NR==2 {print $4}')
    [ -n "$need" ] && [ -n "$free" ] || return 0
    # the copy, and some room for the station to run in
    need=$((need + need / 10 + 10240))
    if [ "$free" -lt "$need" ]; then
        shown=${dir#"$ROOT"}
        die "not enough free space in ${shown:-/}: the app needs $((need / 1024)) MB, $((free / 1024)) MB are free (remove files, or old versions in $PREFIX)"
    fi
}

bundle_version() {  # the version the bundle reports, e.g. 0.1.0
    "$1/$APP" --version 2>/dev/null | awk '{print $NF}' | tr -cd '0-9A-Za-z.+-'
}

# Everything that can be wrong with the arguments, found before anything changes.
check_install() {
    if [ "$LIVE" = 0 ]; then
        [ -d "$ROOT" ] || die "--root $ROOT: no such folder"
        if [ "$DO_USER" = 1 ] && [ ! -f "$(R /etc/passwd)" ]; then
            die "$(R /etc/passwd) is missing: seed the target root's /etc or pass --no-user"
        fi
    fi
    if [ -n "$DEBS" ]; then
        [ -d "$DEBS" ] || die "--debs $DEBS: no such folder"
        for deb in "$DEBS"/*.deb; do
            [ -f "$deb" ] || die "--debs $DEBS: no .deb files in it (see docs/install.md, 'Offline install')"
            break
        done
    fi
    locate_bundle
    check_bundle_files
    VERSION=$(bundle_version "$BUNDLE")
    [ -n "$VERSION" ] || die "$BUNDLE/$APP does not start (try: $BUNDLE/$APP --version)"
    check_free_space
    TEMPLATES=$(find_templates) || die "deploy/ templates not found in $BUNDLE or next to $0"
    for item in $(listed_templates "$TEMPLATES") cafesach-session; do
        [ -e "$TEMPLATES/$item" ] || die "$TEMPLATES/$item is missing (an incomplete bundle?)"
    done
    for entry in $SYSTEM_FILES; do
        [ -f "$TEMPLATES/${entry%%:*}" ] \
            || die "$TEMPLATES/${entry%%:*} is missing: run the bundle's own install.sh"
    done
    # The installer kept for --uninstall: the bundle's own when it has one.
    INSTALLER=$0
    [ -f "$BUNDLE/install.sh" ] && INSTALLER=$BUNDLE/install.sh
    return 0
}

# The `cafesach` command on PATH: the installed app, with the station's data
# folder when neither --data nor CAFESACH_DATA says otherwise (sudo, su and
# runuser drop CAFESACH_DATA, so `sudo -u cafesach cafesach …` would otherwise
# open an empty catalog in the user's home).
command_wrapper() {
    cat <<WRAPPER
#!/bin/sh
# Café sách 4.0 — the \`$APP\` command (installed by install.sh).
# The station's data folder unless --data or CAFESACH_DATA names another one.
: "\${CAFESACH_DATA:=$DATA}"
export CAFESACH_DATA
exec $PREFIX/current/$APP "\$@"
WRAPPER
}

install_app() {
    version=$VERSION
    if needs_copy; then
        target=$(app_target)
        rm -rf "$target.new" "$target.old"
        mkdir -p "$(R $PREFIX)"
        PARTIAL=$target.new
        if ! err=$(LC_ALL=C cp -a --no-preserve=ownership "$BUNDLE" "$target.new" 2>&1); then
            rm -rf "$target.new"   # nothing half-copied left taking the space
            case "$err" in
                *"No space left"*) die "no space left in $PREFIX: the app was not changed (free some space and run me again)" ;;
                *) die "cannot copy the app to ${target#"$ROOT"}: $(printf '%s\n' "$err" | head -n 1)" ;;
            esac
        fi
        secure "$target.new"
        # The same version rebuilt: moved aside, not deleted first, so `current` names a
        # whole app all but for an instant.
        if [ -e "$target" ]; then mv "$target" "$target.old"; fi
        mv "$target.new" "$target"
        PARTIAL=""
        rm -rf "$target.old"
        say "installed $APP $version into ${target#"$ROOT"}"
    fi
    # The release kept for a quick rollback: the one `current` leaves, or, when this
    # version is installed again, the one kept last time (`previous` remembers it).
    leaving=$(readlink "$(R $PREFIX)/current" 2>/dev/null || true)
    if [ -n "$leaving" ] && [ "$leaving" != "$version" ]; then
        link "$leaving" "$(R $PREFIX)/previous"
    fi
    previous=$(readlink "$(R $PREFIX)/previous" 2>/dev/null || true)
    link "$version" "$(R $PREFIX)/current"
    # Keep the previous release, drop older ones.
    for old in "$(R $PREFIX)"/*/; do
        [ -L "${old%/}" ] && continue   # `current`, `previous`
        name=$(basename "$old")
        case "$name" in bin|"$version"|"$previous") ;; *)
            [ -x "$old/$APP" ] && remove "$(R $PREFIX)/$name" ;;
        esac
    done
    put "$TEMPLATES/cafesach-session" "$(R $PREFIX)/bin/cafesach-session" 755
    if ! cmp -s "$INSTALLER" "$(R $PREFIX)/bin/install.sh" 2>/dev/null; then
        # for --uninstall later
        install -m 755 "$INSTALLER" "$(R $PREFIX)/bin/install.sh.new"
        mv -Tf "$(R $PREFIX)/bin/install.sh.new" "$(R $PREFIX)/bin/install.sh"
    fi
    # Keep the templates, so `--uninstall` and a later re-run work without the bundle.
    kept="$(R $PREFIX)/bin/deploy"
    if [ "$TEMPLATES" != "$kept" ]; then
        rm -rf "$kept.new" && mkdir -p "$kept.new"
        cp -a --no-preserve=ownership "$TEMPLATES/$TEMPLATE_LIST" "$kept.new/"
        for item in $(listed_templates "$TEMPLATES"); do
            cp -a --no-preserve=ownership "$TEMPLATES/$item" "$kept.new/"
        done
        if diff -r "$kept.new" "$kept" >/dev/null 2>&1; then
            rm -rf "$kept.new"
        else
            secure "$kept.new"
            rm -rf "$kept" && mv "$kept.new" "$kept"
        fi
    fi
    # Also mends a tree an earlier installer left owned by whoever unpacked it.
    secure "$(R $PREFIX)"
    wrapper=$(mktemp)
    command_wrapper > "$wrapper"
    put "$wrapper" "$(R /usr/local/bin/$APP)" 755
    rm -f "$wrapper"
}

# The compressed logs an older install's logrotate left in logs/ (kiosk.log.1.gz,
# kiosk.log-20250105.gz): the kiosk rotates its own logs now (.log.1, .log.2, never
# compressed), so nothing would ever remove these. Removed once: nothing makes new ones.
remove_rotated_logs() {
    logs=$(R $DATA)/logs
    # The kiosk user owns the data folder: never follow a `logs` it made a link elsewhere.
    if [ -L "$logs" ] || [ ! -d "$logs" ]; then return 0; fi
    count=0
    for old in "$logs"/*.gz; do
        if [ -f "$old" ] || [ -L "$old" ]; then
            rm -f "$old"
            count=$((count + 1))
        fi
    done
    [ "$count" = 0 ] || say "removed $(counted "$count" "compressed log") of the old logrotate from $DATA/logs"
}

install_system_files() {
    for entry in $SYSTEM_FILES; do
        put "$TEMPLATES/${entry%%:*}" "$(R "${entry#*:}")" 644
    done
    for path in $OBSOLETE_FILES; do
        remove "$(R "$path")"
    done
    mkdir -p "$(R $DATA)/logs"
    remove_rotated_logs
    chmod 2775 "$(R $DATA)"
    owner -R "$KIOSK_USER:$KIOSK_USER" "$(R $DATA)"
    if [ "$DO_ENABLE" = 1 ]; then
        # What `systemctl enable` and `set-default` do, done by hand so it also
        # works in --root and on a PC not booted with systemd.
        link /etc/systemd/system/cafesach-kiosk.service \
            "$(R /etc/systemd/system/graphical.target.wants/cafesach-kiosk.service)"
        link /lib/systemd/system/graphical.target "$(R /etc/systemd/system/default.target)"
        # The kiosk owns tty1; Ctrl+Alt+Del must not reboot the station.
        link /dev/null "$(R /etc/systemd/system/getty@tty1.service)"
        link /dev/null "$(R /etc/systemd/system/ctrl-alt-del.target)"
    fi
    systemctl_live daemon-reload
    if [ "$LIVE" = 1 ] && command -v udevadm >/dev/null 2>&1; then
        udevadm control --reload || true
    fi
}

# What the installer says of the self-test: its exit status $1 and its output $2. WARN
# lines (a check's status column, "WARN  free-disk …") with exit 0: the station works,
# but someone has to do something (free the disk, …).
selftest_verdict() {
    if [ "$1" != 0 ]; then
        say "SELF-TEST FAILED: read the FAIL lines above (docs/install.md, 'Self-test')"
    elif printf '%s\n' "$2" | grep -q '^WARN  '; then
        say "self-test passed with warnings: read the WARN lines above (docs/install.md, 'Self-test')"
    else
        say "self-test passed"
    fi
}

do_install() {
    check_install
    install_packages
    ensure_user
    install_app
    install_system_files
    if [ "$LIVE" = 1 ] && [ "$DO_ENABLE" = 1 ]; then
        say "self-test of the installed app:"
        runtime=$(mktemp -d)
        chown "$KIOSK_USER" "$runtime" && chmod 700 "$runtime"
        # kept in memory, not in a file: the disk may be the nearly full one it warns of
        status=0
        report=$(runuser -u "$KIOSK_USER" -- env HOME="$DATA" XDG_RUNTIME_DIR="$runtime" \
            CAFESACH_DATA="$DATA" "$PREFIX/current/$APP" selftest 2>&1) || status=$?
        printf '%s\n' "$report"
        selftest_verdict "$status" "$report"
        rm -rf "$runtime"
        if on_tty1; then
            say "installed from the console on tty1: the kiosk starts there after a reboot (sudo reboot)"
            say "done."
            return 0
        fi
        systemctl_live restart cafesach-kiosk.service
    fi
    say "done. Reboot: the station starts in the kiosk by itself."
    return 0
}

do_uninstall() {
    if [ "$LIVE" = 0 ] && [ ! -d "$ROOT" ]; then die "--root $ROOT: no such folder"; fi
    systemctl_live disable --now cafesach-kiosk.service
    remove "$(R /etc/systemd/system/graphical.target.wants/cafesach-kiosk.service)"
    for entry in $SYSTEM_FILES; do
        remove "$(R "${entry#*:}")"
    done
    for path in $OBSOLETE_FILES; do
        remove "$(R "$path")"
    done
    remove "$(R /usr/local/bin/$APP)" "$(R $PREFIX)"
    # Undo the masks we made (only if they are still ours: links to /dev/null).
    for unit in getty@tty1.service ctrl-alt-del.target; do
        [ "$(readlink "$(R /etc/systemd/system/$unit)" 2>/dev/null)" = /dev/null ] \
            && remove "$(R /etc/systemd/system/$unit)"
    done
    if [ "$(readlink "$(R /etc/systemd/system/default.target)" 2>/dev/null)" = \
            /lib/systemd/system/graphical.target ]; then
        say "left the default target at graphical.target (multi-user: systemctl set-default multi-user.target)"
    fi
    if [ "$PURGE" = 1 ]; then
        remove "$(R $DATA)"
        if [ "$DO_USER" = 1 ] && [ -f "$(R /etc/passwd)" ] && grep -q "^$KIOSK_USER:" "$(R /etc/passwd)"; then
            # shellcheck disable=SC2086
            userdel $ACCOUNT_PREFIX "$KIOSK_USER" && say "removed user $KIOSK_USER"
        fi
    else
        say "kept the data in $DATA and the user $KIOSK_USER (--purge removes them)"
    fi
    systemctl_live daemon-reload
    say "uninstalled."
}

case "$MODE" in
    install)
        [ "$PURGE" = 0 ] || die "--purge goes with --uninstall (see --help)"
        do_install ;;
    uninstall)
        [ -z "$BUNDLE$DEBS" ] || die "--uninstall takes no --bundle or --debs (see --help)"
        do_uninstall ;;
    rollback)
        [ -z "$BUNDLE" ] || die "--rollback takes no --bundle: it goes back to $PREFIX/previous"
        if [ "$LIVE" = 0 ] && [ ! -d "$ROOT" ]; then die "--root $ROOT: no such folder"; fi
        [ "$PURGE" = 0 ] || die "--purge goes with --uninstall (see --help)"
        kept=$(readlink "$(R $PREFIX)/previous" 2>/dev/null || true)
        [ -n "$kept" ] || die "no earlier version kept in $PREFIX (no $PREFIX/previous): nothing to roll back to"
        is_program "$(R $PREFIX)/$kept/$APP" \
            || die "$PREFIX/previous names $kept, which is not there any more: nothing to roll back to"
        BUNDLE=$(R $PREFIX)/$kept
        say "rolling back to $APP $kept"
        do_install ;;
esac
