"""The provincial repository: one format, two transports.

`publish` turns a folder of documents into static files (a signed index,
content-addressed objects, an OPDS feed); `pack` copies it, whole or in
part, into one zip for a USB stick; `import` and `sync` bring a pack, a
folder or a URL into a station through the one verified path in
`importer`. Nothing here needs a custom server.

Entry points for the kiosk and scripts (all raise `LibraryError`s):

- `importer.import_from(paths, catalog, target, progress=, cancel=)` — a pack,
  folder or URL; `importer.sync(paths, catalog, config, progress=, cancel=)`;
  `importer.import_opds(...)` for unsigned OPDS feeds;
  `importer.recover_if_idle(paths)` at start-up;
  `importer.record_sync_failure(catalog, url, error)` for a sync that failed
  outside the importer (its process died);
- `status.all_states(catalog)`, `status.status_vi(state, zone)` for the
  librarian screen, `status.standing(state)` (what its syncs warned of that
  still holds, with when; `status.warning_lines` prints it), `status.expiry(state)`
  (the index held expires within `sync.expiry_warning_days`, or has expired),
  `status.extensions(catalog, repository)` for
  features that travel in the index (bulletin schedules);
- `retries.Retrying`: what `on_retry` hears before each retry of a sync (the English
  line, and its `kind`, wait and attempt for the panel's own words);
- `trust.TrustStore(catalog)`, `publish.publish(...)`, `pack.make_pack(...)`.
"""
