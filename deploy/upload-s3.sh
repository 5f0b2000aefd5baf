#!/bin/sh
# Café sách 4.0 — upload a published repository to S3-compatible object storage (or the
# origin of a CDN) with rclone, in the order that keeps stations safe:
#   1. new objects (content-addressed: existing ones are never re-sent or changed)
#   2. the OPDS feeds
#   3. index.json LAST — so no station ever sees an index whose files are missing.
# Usage: deploy/upload-s3.sh /srv/cafesach/repo remote:bucket/path
# (configure the remote once with `rclone config`; any S3-compatible store works:
#  AWS S3, MinIO, Viettel/VNPT/FPT object storage, Cloudflare R2, …)
set -eu

die() { printf 'upload-s3.sh: error: %s\n' "$*" >&2; exit 1; }
case "${1:-}" in
    -h|--help) sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; exit 0 ;;  # the header above
esac
[ $# -eq 2 ] || die "give the repository folder and the rclone destination: $0 /srv/cafesach/repo s3:thuvien-lamdong"
REPO=$1
DEST=$2

test -f "$REPO/index.json" || die "$REPO: no index.json (run cafesach publish first)"
command -v rclone >/dev/null || die "rclone not found: install it (apt install rclone), then rclone config"

# --exclude: a publish that was killed may have left a half-written `.incoming-*` file
rclone copy "$REPO/objects" "$DEST/objects" \
    --ignore-existing --checksum --transfers 8 --exclude ".*" \
    --header-upload "Cache-Control: public, max-age=31536000, immutable" \
    --header-upload "Content-Type: application/octet-stream"

rclone copy "$REPO/opds" "$DEST/opds" --checksum \
    --header-upload "Cache-Control: no-cache" \
    --header-upload "Content-Type: application/atom+xml;profile=opds-catalog"

rclone copyto "$REPO/index.json" "$DEST/index.json" \
    --header-upload "Cache-Control: no-cache" \
    --header-upload "Content-Type: application/json"

echo "uploaded; stations syncing $DEST will see the new version on their next sync"
