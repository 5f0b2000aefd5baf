#!/usr/bin/env bash
# Café sách 4.0 — set up the station's own Wi-Fi hotspot with NetworkManager
# (nmcli), and keep the phone-handoff port reachable only on that network.
#
#   deploy/hotspot.sh --ssid NAME --password SECRET [--interface wlan0]
#                     [--address 10.42.0.1/24] [--port 8765] [--firewall]
#                     [--dry-run] [--remove]
#
# What it does (see docs/hotspot.md):
#   1. creates (or replaces) the NetworkManager connection "cafesach-hotspot":
#      access-point mode, WPA2-PSK (CCMP only), IPv4 "shared" (NetworkManager
#      runs DHCP/DNS for the phones), fixed address, starts on boot;
#   2. brings it up;
#   3. with --firewall: loads nftables rules so the handoff port answers only
#      on the hotspot interface (and loopback), and installs a NetworkManager
#      dispatcher hook that reloads them whenever the hotspot comes up;
#   4. prints the [wifi] / [handoff] settings for the station's config.toml.
# --dry-run prints every command instead of running it. --remove undoes 1–3.
# Needs root (or polkit rights for nmcli) and a Wi-Fi adapter that supports AP mode.

set -euo pipefail

CON_NAME="cafesach-hotspot"
SSID=""
PASSWORD=""
IFACE=""
ADDRESS="10.42.0.1/24"
PORT="8765"
FIREWALL=0
DRY_RUN=0
REMOVE=0
NFT_FILE="/etc/cafesach/handoff.nft"
HOOK="/etc/NetworkManager/dispatcher.d/90-cafesach-handoff"

die() { echo "hotspot.sh: error: $*" >&2; exit 1; }
say() { echo "hotspot.sh: $*" >&2; }
run() {
    if [ "$DRY_RUN" -eq 1 ]; then
        printf '%q ' "$@"; echo
    else
        "$@"
    fi
}

usage() { sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; }  # the header above, and no more
# An option's value: there, and not the next option (`--ssid --password x` is a slip).
value() {  # value OPTION ARGUMENT-COUNT NEXT
    [ "$2" -ge 2 ] || die "$1 needs a value (see --help)"
    case "$3" in --*) die "$1 needs a value, not $3 (see --help)" ;; esac
}

while [ $# -gt 0 ]; do
    case "$1" in
        --ssid) value "$1" $# "${2-}"; SSID="$2"; shift 2 ;;
        --password) value "$1" $# "${2-}"; PASSWORD="$2"; shift 2 ;;
        --interface) value "$1" $# "${2-}"; IFACE="$2"; shift 2 ;;
        --address) value "$1" $# "${2-}"; ADDRESS="$2"; shift 2 ;;
        --port) value "$1" $# "${2-}"; PORT="$2"; shift 2 ;;
        --firewall) FIREWALL=1; shift ;;
        --dry-run) DRY_RUN=1; shift ;;
        --remove) REMOVE=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) die "unknown option $1 (see --help)" ;;
    esac
done

[[ "$PORT" =~ ^[0-9]+$ ]] && [ "$PORT" -ge 1 ] && [ "$PORT" -le 65535 ] \
    || die "--port must be a number from 1 to 65535"

# nmcli is asked for after the arguments are checked, so a typing mistake is said first.
need_nmcli() {
    [ "$DRY_RUN" -eq 1 ] || command -v nmcli >/dev/null \
        || die "nmcli not found: install network-manager"
}

if [ "$REMOVE" -eq 1 ]; then
    need_nmcli
    run nmcli connection delete "$CON_NAME" || true
    run rm -f "$HOOK" "$NFT_FILE"
    if [ "$DRY_RUN" -eq 1 ] || command -v nft >/dev/null; then
        run nft delete table inet cafesach || true
    fi
    say "removed the hotspot and its firewall rules"
    exit 0
fi

[ -n "$SSID" ] || die "--ssid is required"
ssid_bytes=$(printf '%s' "$SSID" | wc -c)
[ "$ssid_bytes" -le 32 ] || die "the SSID is $ssid_bytes bytes; Wi-Fi allows at most 32"
# WPA counts the passphrase in bytes (UTF-8), as NetworkManager and hostapd do;
# ${#PASSWORD} counts characters in a UTF-8 locale (a letter with marks is 2-3 bytes).
# 64 characters are no passphrase but the raw key itself: WPA2 takes exactly 64 hex
# digits (what `wpa_passphrase` prints as psk=), and NetworkManager and hostapd take
# such a wifi-sec.psk as the key; 64 of anything else no access point takes.
password_bytes=$(printf '%s' "$PASSWORD" | LC_ALL=C wc -c)
if [ "$password_bytes" -eq 64 ]; then
    [[ "$PASSWORD" =~ ^[[:xdigit:]]{64}$ ]] \
        || die "--password is 64 bytes but not 64 hex digits; WPA2 takes a passphrase of 8 to 63 bytes or a raw key of exactly 64 hex digits (0-9, a-f)"
else
    [ "$password_bytes" -ge 8 ] && [ "$password_bytes" -le 63 ] \
        || die "--password is $password_bytes bytes; WPA2 needs 8 to 63 (a letter with marks takes 2 or 3)"
fi
[[ "$ADDRESS" =~ ^([0-9]{1,3}\.){3}[0-9]{1,3}/[0-9]{1,2}$ ]] \
    || die "--address must look like 10.42.0.1/24"
[ -z "$IFACE" ] || [[ "$IFACE" =~ ^[A-Za-z0-9_.:-]{1,15}$ ]] || die "not an interface name: $IFACE"
need_nmcli

if [ -z "$IFACE" ]; then
    if [ "$DRY_RUN" -eq 1 ]; then
        IFACE="wlan0"
    else
        IFACE=$(nmcli -t -f DEVICE,TYPE device status | awk -F: '$2=="wifi"{print $1; exit}')
        [ -n "$IFACE" ] || die "no Wi-Fi device found (give --interface)"
    fi
fi
[[ "$IFACE" =~ ^[A-Za-z0-9_.:-]{1,15}$ ]] || die "not an interface name: $IFACE"

# 1–2: the access point.
if [ "$DRY_RUN" -eq 1 ] || nmcli -t -f NAME connection show | grep -qx "$CON_NAME"; then
    run nmcli connection delete "$CON_NAME" || true
fi
run nmcli connection add type wifi ifname "$IFACE" con-name "$CON_NAME" \
    autoconnect yes ssid "$SSID" \
    802-11-wireless.mode ap 802-11-wireless.band bg \
    wifi-sec.key-mgmt wpa-psk wifi-sec.proto rsn \
    wifi-sec.pairwise ccmp wifi-sec.group ccmp wifi-sec.psk "$PASSWORD" \
    ipv4.method shared ipv4.addresses "$ADDRESS" ipv6.method disabled \
    connection.autoconnect-priority 100
run nmcli connection up "$CON_NAME"

# 3: the handoff port only on the hotspot (and loopback for the kiosk itself).
if [ "$FIREWALL" -eq 1 ]; then
    if [ "$DRY_RUN" -eq 0 ]; then
        command -v nft >/dev/null || die "nft not found: install nftables (or drop --firewall)"
    fi
    rules="table inet cafesach {
    chain input {
        type filter hook input priority filter; policy accept;
        tcp dport $PORT iifname != { \"lo\", \"$IFACE\" } drop
    }
}"
    hook="#!/bin/sh
# Reload the Café sách handoff firewall when the hotspot comes up.
[ \"\$2\" = up ] && [ \"\$CONNECTION_ID\" = \"$CON_NAME\" ] || exit 0
nft list table inet cafesach >/dev/null 2>&1 && nft delete table inet cafesach
exec nft -f $NFT_FILE"
    if [ "$DRY_RUN" -eq 1 ]; then
        echo "# $NFT_FILE:"; echo "$rules"
        echo "# $HOOK:"; echo "$hook"
    else
        mkdir -p "$(dirname "$NFT_FILE")"
        printf '%s\n' "$rules" > "$NFT_FILE"
        printf '%s\n' "$hook" > "$HOOK"
        chmod 755 "$HOOK"
        nft list table inet cafesach >/dev/null 2>&1 && nft delete table inet cafesach
        nft -f "$NFT_FILE"
    fi
    say "port $PORT now answers only on $IFACE and lo"
fi

# 4: what the station's settings must say.
cat <<EOF
# Put this in the station's config.toml (or set it in the librarian panel):
[wifi]
ssid = "$(printf '%s' "$SSID" | sed 's/\\/\\\\/g; s/"/\\"/g')"
password = "$(printf '%s' "$PASSWORD" | sed 's/\\/\\\\/g; s/"/\\"/g')"
interface = "$IFACE"
address = "${ADDRESS%/*}"

[handoff]
port = $PORT
EOF
