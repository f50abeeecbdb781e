#!/usr/bin/env bash
# Runs every PostgreSQL query of cusp-dashboard.json against a throwaway PostgreSQL that has report-service's
# real Flyway migrations and the grants of deploy/k8s/components/postgres/cluster.yaml, as the read-only role
# cusp_grafana, on a few hand-written jobs whose answers are known. Grafana's macros are expanded as Grafana's
# PostgreSQL data source does ($__timeFilter -> BETWEEN, $__timeGroupAlias -> a truncated "time" column).
# The server listens on a Unix socket in a temporary directory only (no TCP port) and is removed afterwards.
# Needs PostgreSQL's server binaries (PG_BIN, or Debian's /usr/lib/postgresql/<version>/bin) and psql; python3.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
pg_bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "$pg_bin/initdb" ] || { echo "check-sql.sh: no PostgreSQL binaries (set PG_BIN)" >&2; exit 1; }
psql_cmd=$(command -v psql || echo "$pg_bin/psql")
[ -x "$psql_cmd" ] || { echo "check-sql.sh: psql not found" >&2; exit 1; }

work=$(mktemp -d)
as_db_user=()
if [ "$(id -u)" = 0 ]; then
    # PostgreSQL refuses to run as root.
    if id postgres >/dev/null 2>&1; then as_db_user=(runuser -u postgres --); else as_db_user=(unshare -U); fi
    [ "${as_db_user[0]}" = runuser ] && chown postgres "$work"
fi
stop() {
    "${as_db_user[@]}" "$pg_bin/pg_ctl" -D "$work/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap stop EXIT

"${as_db_user[@]}" "$pg_bin/initdb" -D "$work/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
"${as_db_user[@]}" "$pg_bin/pg_ctl" -D "$work/data" -l "$work/server.log" -w -t 30 \
    -o "-c listen_addresses='' -k $work -c fsync=off" start >/dev/null
psql() { "${as_db_user[@]}" "$psql_cmd" -h "$work" -U postgres -v ON_ERROR_STOP=1 -X -q "$@"; }

# The database as CloudNativePG bootstraps it: owner cusp, then postInitApplicationSQL in database cusp.
psql -d postgres -c "CREATE ROLE cusp LOGIN" -c "CREATE DATABASE cusp OWNER cusp"
python3 - "$repo/deploy/k8s/components/postgres/cluster.yaml" > "$work/post-init.sql" <<'PY'
import sys
lines = open(sys.argv[1]).read().splitlines()
start = next(i for i, l in enumerate(lines) if l.strip() == "postInitApplicationSQL:")
for l in lines[start + 1:]:
    s = l.strip()
    if s.startswith("#"):
        continue
    if not s.startswith("- "):
        break
    print(s[2:] + ";")
PY
psql -d cusp -f "$work/post-init.sql"

# report-service's migrations, as Flyway runs them (user cusp, schema report first on the search path).
for migration in "$repo"/report-service/src/main/resources/db/migration/V*.sql; do
    { echo "SET ROLE cusp; SET search_path TO report;"; cat "$migration"; } | psql -d cusp -f -
done

# Three jobs: model aaaaaaaa... reported twice (an hour apart), model bbbbbbbb... still running.
psql -d cusp <<'SQL'
SET ROLE cusp;
INSERT INTO report.jobs (job_id, shard_count, shards_done, status, model_id, model_sha256, dataset_name, dataset_split,
                         example_count, seed, attack_plan, requested_at, created_at, completed_at) VALUES
 ('00000000-0000-0000-0000-000000000001', 4, 4, 'done', 'aaaaaaaa-1111-4111-8111-111111111111', repeat('a', 64),
  'fashion-mnist', 'test', 100, 42, '{"attacks":[]}', now() - interval '3 hours', now() - interval '3 hours',
  now() - interval '3 hours' + interval '40 seconds'),
 ('00000000-0000-0000-0000-000000000002', 4, 4, 'done', 'aaaaaaaa-1111-4111-8111-111111111111', repeat('a', 64),
  'fashion-mnist', 'test', 100, 43, '{"attacks":[]}', now() - interval '2 hours', now() - interval '2 hours',
  now() - interval '2 hours' + interval '20 seconds'),
 ('00000000-0000-0000-0000-000000000003', 8, 3, 'running', 'bbbbbbbb-2222-4222-8222-222222222222', repeat('b', 64),
  'fashion-mnist', 'train', 1000, 1, '{"attacks":[]}', now() - interval '10 minutes', now() - interval '10 minutes',
  NULL);
-- The JSON of core's JobReport record (examples, cleanAccuracy, robustAccuracy[], distributions{}).
INSERT INTO report.reports (job_id, report, verdict, built_at) VALUES
 ('00000000-0000-0000-0000-000000000001',
  '{"examples":100,"cleanAccuracy":0.86,"robustAccuracy":[
     {"attack":"fgsm","norm":"linf","epsilon":0.01,"examples":100,"successes":30,"accuracy":0.70},
     {"attack":"fgsm","norm":"linf","epsilon":0.05,"examples":100,"successes":70,"accuracy":0.30},
     {"attack":"fgsm","norm":"linf","epsilon":0.1,"examples":100,"successes":95,"accuracy":0.05}],
    "distributions":{"margin.clean":{"count":100,"min":-1,"p10":0,"p25":1,"median":2,"p75":3,"p90":4,"max":5,"mean":2}}}',
  'fragile', now() - interval '3 hours' + interval '40 seconds'),
 ('00000000-0000-0000-0000-000000000002',
  '{"examples":100,"cleanAccuracy":0.88,"robustAccuracy":[
     {"attack":"fgsm","norm":"linf","epsilon":0.01,"examples":100,"successes":20,"accuracy":0.80},
     {"attack":"fgsm","norm":"linf","epsilon":0.05,"examples":100,"successes":45,"accuracy":0.55},
     {"attack":"fgsm","norm":"linf","epsilon":0.1,"examples":100,"successes":48,"accuracy":0.52}],
    "distributions":{}}',
  'robust', now() - interval '2 hours' + interval '20 seconds');
SQL

# Every PostgreSQL query of the dashboard, macros expanded, run as cusp_grafana; the expected row counts and
# values follow from the three jobs above.
python3 - "$here/cusp-dashboard.json" "$work" <<'PY'
import json, re, sys
dashboard, work = sys.argv[1:3]
d = json.load(open(dashboard))
def expand(sql, models):
    sql = re.sub(r"\$__timeGroupAlias\((\w+), \$__interval\)", r"date_trunc('hour', \1) AS " + '"time"', sql)
    sql = re.sub(r"\$__timeFilter\(([\w.]+)\)", r"\1 BETWEEN now() - interval '6 hours' AND now()", sql)
    sql = sql.replace("$model", models)
    if "$" in sql:
        sys.exit(f"unexpanded macro or variable in: {sql}")
    return sql
queries = []
model_var = next(v for v in d["templating"]["list"] if v["name"] == "model")
queries.append(("variable model", model_var["query"]))
for p in d["panels"]:
    for t in p.get("targets", []):
        if "rawSql" in t:
            queries.append((f"{p['title']} / {t['refId']}", t["rawSql"]))
models = "'aaaaaaaa-1111-4111-8111-111111111111','bbbbbbbb-2222-4222-8222-222222222222'"
with open(f"{work}/queries.sql", "w") as f:
    f.write("SET ROLE cusp_grafana;\n\\pset format unaligned\n\\pset fieldsep '|'\n\\pset footer off\n")
    for name, sql in queries:
        f.write(f"\\echo '### {name}'\n{expand(sql, models)};\n")
PY
psql -d cusp -f "$work/queries.sql" > "$work/results.txt"

python3 - "$work/results.txt" <<'PY'
import sys
blocks, current = {}, None
for line in open(sys.argv[1]).read().splitlines():
    if line.startswith("### "):
        current = line[4:]
        blocks[current] = []
    elif current is not None:
        blocks[current].append(line)
def rows(name):
    header, *data = blocks[name]
    return [dict(zip(header.split("|"), r.split("|"))) for r in data]
failures = []
def expect(cond, what):
    if not cond:
        failures.append(what)
m = rows("variable model")
expect([r["model_id"] for r in m] == ["aaaaaaaa-1111-4111-8111-111111111111", "bbbbbbbb-2222-4222-8222-222222222222"],
       f"model variable: {m}")
seen = rows("Jobs over time / A")
expect(sum(int(r["jobs seen"]) for r in seen) == 3, f"jobs seen: {seen}")
built = rows("Jobs over time / B")
expect(sum(int(r["reports built"]) for r in built) == 2, f"reports built: {built}")
dur = rows("Job duration / A")
expect(sorted(round(float(r["mean"])) for r in dur) == [20, 40], f"job durations: {dur}")
status = {r["group"]: int(r["jobs"]) for r in rows("Jobs by status and verdict / A")}
expect(status == {"status done": 2, "status running": 1, "verdict fragile": 1, "verdict robust": 1}, f"status and verdict: {status}")
ra = rows("Robust accuracy per model / A")
expect(len(ra) == 6, f"robust accuracy rows: {len(ra)}")
series = {(r["metric"]): [] for r in ra}
for r in ra:
    series[r["metric"]].append(float(r["value"]))
expect(series.get("aaaaaaaa fgsm/linf eps=0.1") == [0.05, 0.52], f"trend of fgsm/linf 0.1: {series}")
clean = rows("Robust accuracy per model / B")
expect([float(r["value"]) for r in clean] == [0.86, 0.88] and {r["metric"] for r in clean} == {"aaaaaaaa clean"},
       f"clean accuracy: {clean}")
recent = rows("Recent jobs / A")
expect([r["status"] for r in recent] == ["running", "done", "done"], f"recent jobs order: {recent}")
expect(recent[0]["shards"] == "3/8" and recent[0]["verdict"] == "" and recent[1]["verdict"] == "robust",
       f"recent jobs content: {recent[:2]}")
for f in failures:
    print("  FAIL " + f, file=sys.stderr)
if failures:
    sys.exit(1)
print(f"{len(blocks)} PostgreSQL queries ran as cusp_grafana and returned the expected rows")
PY
