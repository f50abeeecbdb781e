#!/usr/bin/env bash
# Renders the dev and prod overlays offline and validates what they produce (no cluster needed):
#   1. kubectl kustomize deploy/k8s/overlays/{dev,prod}
#   2. validate.mjs: schemas (npm kubernetes-models@5.1.0, @kubernetes-models/keda, .../prometheus-operator) and
#      consistency with the services' application.properties (ports, health paths, groups, topics, limits)
#   3. the data-set initContainer script parses (sh -n)
#   4. deploy/grafana/cusp-dashboard.json parses (python3 -m json.tool) and its panels are well formed
#   5. when promtool is on the PATH: every PromQL query parses and deploy/grafana/promql-tests.yaml passes
#   6. when PostgreSQL binaries are found: deploy/grafana/check-sql.sh runs every SQL query as cusp_grafana
# Needs kubectl, node >= 18 with npm (first run only: installs the validators into $CUSP_K8S_TOOLS, outside the
# repository, default ${TMPDIR:-/tmp}/cusp-k8s-validate), python3.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
tools=${CUSP_K8S_TOOLS:-${TMPDIR:-/tmp}/cusp-k8s-validate}
rendered=$(mktemp -d)
trap 'rm -rf "$rendered"' EXIT

for tool in kubectl node npm python3; do
    command -v "$tool" >/dev/null || { echo "validate.sh: $tool is not on the PATH" >&2; exit 1; }
done

echo "== render"
for overlay in dev prod; do
    start=$(date +%s%N)
    kubectl kustomize "$here/overlays/$overlay" > "$rendered/$overlay.yaml"
    echo "overlays/$overlay: $(grep -c '^kind:' "$rendered/$overlay.yaml") objects in $(( ($(date +%s%N) - start) / 1000000 )) ms"
done

echo "== validators ($tools)"
packages=(kubernetes-models@5.1.0 yaml@2 @kubernetes-models/keda@2.0.0 @kubernetes-models/prometheus-operator@6.0.0)
if [ ! -f "$tools/.installed" ] || [ "$(cat "$tools/.installed")" != "${packages[*]}" ]; then
    mkdir -p "$tools"
    # EBADENGINE warnings (the packages ask for node >= 22) are harmless: they run on node 20.
    npm install --prefix "$tools" --no-audit --no-fund --no-save --loglevel=error "${packages[@]}" 2>&1 \
        | grep -v EBADENGINE || true
    for p in kubernetes-models yaml @kubernetes-models/keda @kubernetes-models/prometheus-operator; do
        [ -d "$tools/node_modules/$p" ] || { echo "validate.sh: npm did not install $p" >&2; exit 1; }
    done
    echo "${packages[*]}" > "$tools/.installed"
fi
cp "$here/validate.mjs" "$tools/validate.mjs"

echo "== manifests"
node "$tools/validate.mjs" --repo "$repo" "$rendered/dev.yaml" "$rendered/prod.yaml"

echo "== data-set script"
sh -n "$here/base/app/dataset/fetch-fashion-mnist.sh"
echo "fetch-fashion-mnist.sh parses"

echo "== grafana"
dashboard="$repo/deploy/grafana/cusp-dashboard.json"
python3 -m json.tool "$dashboard" > /dev/null
python3 - "$dashboard" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
problems = []
ids = [p["id"] for p in d["panels"]]
if len(ids) != len(set(ids)):
    problems.append(f"duplicate panel ids: {ids}")
variables = {v["name"] for v in d["templating"]["list"]}
for p in d["panels"]:
    if p["type"] == "row":
        continue
    ds = p.get("datasource", {}).get("uid", "")
    if ds not in ("${prometheus}", "${postgres}"):
        problems.append(f"panel {p['id']} '{p['title']}': datasource {ds} is not a dashboard variable")
    for t in p.get("targets", []):
        query = t.get("expr") or t.get("rawSql")
        if not query:
            problems.append(f"panel {p['id']} '{p['title']}': target {t.get('refId')} has no query")
        if ds == "${postgres}" and "report." not in query:
            problems.append(f"panel {p['id']} '{p['title']}': SQL does not read the report schema")
    for k in ("h", "w", "x", "y"):
        if k not in p.get("gridPos", {}):
            problems.append(f"panel {p['id']} '{p['title']}': gridPos.{k} missing")
if not {"prometheus", "postgres", "namespace"} <= variables:
    problems.append(f"variables {sorted(variables)} lack prometheus, postgres or namespace")
for problem in problems:
    print("  FAIL " + problem, file=sys.stderr)
if problems:
    sys.exit(1)
print(f"cusp-dashboard.json: {len(d['panels'])} panels, variables {sorted(variables)}")
EOF
echo "== dashboard PromQL (promtool)"
if command -v promtool >/dev/null; then
    python3 - "$dashboard" "$repo/deploy/grafana/promql-tests.yaml" "$rendered" <<'PY'
import json, re, sys
dashboard, tests, out = sys.argv[1:4]
d = json.load(open(dashboard))
exprs = {}
for p in d["panels"]:
    for t in p.get("targets", []):
        if "expr" in t:
            e = t["expr"].replace("$__rate_interval", "2m").replace('namespace=~"$namespace"', 'namespace=~"cusp"')
            if "$" in e:
                sys.exit(f"panel '{p['title']}' {t['refId']}: unknown variable in {e}")
            exprs[f"{p['title']} / {t['refId']}"] = e
# Every query as a recording rule, so that promtool check rules parses them all.
with open(f"{out}/dashboard-rules.yaml", "w") as f:
    f.write("groups:\n  - name: cusp-dashboard\n    rules:\n")
    for i, e in enumerate(exprs.values()):
        f.write(f"      - record: cusp_dashboard_query_{i}\n        expr: {json.dumps(e)}\n")
def concrete(m):
    key = m.group(1)
    if key not in exprs:
        sys.exit(f"promql-tests.yaml names '{key}', which is not a Prometheus query of the dashboard")
    return "expr: " + json.dumps(exprs[key])
text = re.sub(r"expr: 'panel: (.+?)'", concrete, open(tests).read())
open(f"{out}/promql-tests.yaml", "w").write(text)
print(f"{len(exprs)} PromQL queries")
PY
    promtool check rules "$rendered/dashboard-rules.yaml"
    promtool test rules "$rendered/promql-tests.yaml"
else
    echo "promtool not on the PATH: the dashboard's PromQL is not checked (Debian: the prometheus package has it)"
fi
echo "== dashboard SQL (PostgreSQL)"
if [ -n "${PG_BIN:-}" ] || ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
    bash "$repo/deploy/grafana/check-sql.sh"
else
    echo "no PostgreSQL binaries (PG_BIN): the dashboard's SQL is not checked (Debian: postgresql)"
fi
echo "validate.sh: all checks passed"
