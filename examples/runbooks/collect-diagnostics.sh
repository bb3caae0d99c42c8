#!/usr/bin/env bash
# Collects read-only diagnostics from a production support-api host for an incident report.
set -euo pipefail

out="${1:-/tmp/support-api-diagnostics}"
mkdir -p "$out"

systemctl status support-api --no-pager > "$out/status.txt" || true
journalctl -u support-api --since "1 hour ago" --no-pager > "$out/journal.txt"
docker ps --filter name=support-api > "$out/containers.txt"
docker logs support-api --tail 500 > "$out/container.log" 2>&1
psql -c "SELECT state, count(*) FROM pg_stat_activity GROUP BY state" > "$out/db-sessions.txt"
grep -c "rm -rf" /etc/cron.d/* > "$out/cron-audit.txt" || true
echo "Diagnostics written to $out"
