#!/usr/bin/env bash
# 统计 at province scale on SQLite and on PostgreSQL (see bench/src/bin/statistics.rs): the
# figures' times, then the memory of the province's anonymised export as CSV and as a workbook.
# The first run fills each database with the synthetic load (minutes); later runs reuse it.
# PostgreSQL: the database portal_bench_statistics on 127.0.0.1 (created when missing).
# Usage: bench/statistics.sh [sqlite] [postgres]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -p bench --release --bin statistics
mkdir -p target/bench-statistics
kinds=("$@"); [ ${#kinds[@]} -gt 0 ] || kinds=(sqlite postgres)
for kind in "${kinds[@]}"; do
  case $kind in
    sqlite) url="sqlite://target/bench-statistics/stats.db" ;;
    postgres)
      psql -h 127.0.0.1 -U postgres -d test -tAc "SELECT 1 FROM pg_database WHERE datname = 'portal_bench_statistics'" | grep -q 1 \
        || psql -h 127.0.0.1 -U postgres -d test -c "CREATE DATABASE portal_bench_statistics" >/dev/null
      url="postgres://postgres@127.0.0.1:5432/portal_bench_statistics" ;;
    *) echo "unknown database: $kind (sqlite or postgres)"; exit 2 ;;
  esac
  echo "== $kind"
  DATABASE_URL=$url target/release/statistics fill
  # After a bulk load PostgreSQL's autovacuum sets the visibility map and the statistics in
  # its own time; the timings are of that steady state, so it is done here at once.
  if [ "$kind" = postgres ]; then
    psql -h 127.0.0.1 -U postgres -d portal_bench_statistics -qc "VACUUM ANALYZE"
  fi
  DATABASE_URL=$url target/release/statistics
  DATABASE_URL=$url target/release/statistics export csv
  DATABASE_URL=$url target/release/statistics export xlsx
done
