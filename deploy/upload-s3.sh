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
REPO=${1:?repository folder}
DEST=${2:?rclone destination, e.g. s3:thuvien-lamdong}

test -f "$REPO/index.json" || { echo "$REPO: no index.json (run cafesach publish first)" >&2; exit 1; }

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
