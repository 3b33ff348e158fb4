#!/usr/bin/env bash
# Lighthouse 12 (npm, on Node 20, with Debian's chromium) on the public page, the widget, the supporter's sign-in on
# the way to the support page, and the operator's dashboard of the demo server. Not part of CI; prints each page's
# four scores and the median of three runs. The goal is 100 in accessibility, best practices and SEO.
#   bash bench/lighthouse.sh [runs=3]
# Needs: JDK, Maven, Node 20 with npm, and `bash .ci/browser-tools` run once (chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
port=18083
data=$(mktemp -d)
log="$data/app.log"
if [ ! -x .tools/lighthouse/node_modules/.bin/lighthouse ]; then
  npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix .tools/lighthouse lighthouse@12.2.3
fi
mvn -q package -DskipTests
UPKEEP_DATA_DIR="$data" UPKEEP_PORT=$port UPKEEP_BASE_URL="http://localhost:$port" SPRING_PROFILES_ACTIVE=demo \
    java -Xmx1g -jar target/upkeep-*.jar >"$log" 2>&1 &
app=$!
trap 'set +e; kill $app 2>/dev/null; wait $app 2>/dev/null; rm -rf "$data"' EXIT
base="http://localhost:$port"
until curl -fs "$base/actuator/health/readiness" | grep -q UP; do sleep 0.5; done
until grep -q "Demo data: created" "$log"; do sleep 0.5; done

# The owner, through the setup form as a person would: the code is in the log.
jar="$data/cookies"
code=$(grep -o 'enter this setup code: [^ ]*' "$log" | tail -1 | awk '{print $NF}')
csrf=$(curl -s -c "$jar" -b "$jar" "$base/setup" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "_csrf=$csrf" --data-urlencode "setupCode=$code" \
    --data-urlencode "email=bench@example.org" --data-urlencode "password=lantern orbit velvet marsh" \
    --data-urlencode "confirmation=lantern orbit velvet marsh" "$base/setup"
session=$(awk '$6 == "UPKEEP_SESSION" {print $7}' "$jar")
[ -n "$session" ] || { echo "could not sign in as the owner"; exit 1; }
# A real server too: the demo's page is deliberately kept out of search engines, a real one's is not.
csrf=$(curl -s -c "$jar" -b "$jar" "$base/operator/servers/new" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "_csrf=$csrf" --data-urlencode "host=bench.example" \
    --data-urlencode "displayName=Bench Social" --data-urlencode "currency=EUR" --data-urlencode "timeZone=Europe/Berlin" \
    --data-urlencode "foundedOn=2025-01-01" --data-urlencode "monthlyGoal=250" --data-urlencode "activeUsers=" \
    "$base/operator/servers/new"

lighthouse() { # url, extra headers JSON
  CHROME_PATH=/usr/bin/chromium .tools/lighthouse/node_modules/.bin/lighthouse "$1" --quiet --output=json \
      --only-categories=performance,accessibility,best-practices,seo --extra-headers="$2" \
      --chrome-flags="--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --user-data-dir=$data/chrome-$RANDOM" \
    | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const c=JSON.parse(s).categories;
        const r=JSON.parse(s); console.log(["performance","accessibility","best-practices","seo"].map(k=>Math.round(c[k].score*100)).join(" "));
        if (process.env.LH_WHY) for (const [k,cat] of Object.entries(r.categories)) for (const ref of cat.auditRefs) {
          const a=r.audits[ref.id]; if (ref.weight>0 && a.score!==null && a.score<1) console.error(k+": "+a.id+" "+a.title)}})'
}
printf '%-34s %5s %5s %5s %5s\n' page perf a11y best seo
for entry in "public page (demo data)|/servers/demo.upkeep.example|{}" "public page (new server)|/servers/bench.example|{}" \
    "widget|/servers/demo.upkeep.example/widget|{}" \
    "support, signed out (sign-in first)|/signin/supporter?next=/support/demo.upkeep.example|{}" \
    "dashboard (owner)|/operator|{\"Cookie\": \"UPKEEP_SESSION=$session\"}"; do
  IFS='|' read -r name path headers <<<"$entry"
  for i in $(seq "$runs"); do lighthouse "$base$path" "$headers"; done >"$data/scores"
  # The median of each category over the runs.
  medians=$(for col in 1 2 3 4; do cut -d' ' -f$col "$data/scores" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; done | xargs)
  printf '%-34s %5s %5s %5s %5s\n' "$name" $medians
done
