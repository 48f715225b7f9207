#!/usr/bin/env bash
# Renders a run's HTML report to PNG with headless Chromium at a laptop's width (1280 px, full
# page) and checks that every section's chart is present with data.
#
# usage: scripts/check-report.sh [RUN_DIR]
#   RUN_DIR holds report-data.json (report.html and report.png are written beside it). Without
#   it, the test fixture is rendered in a temporary folder. Sections a run did not produce
#   ("not run") fail the check unless ALLOW_NOT_RUN=1. PROPENSITY_BIN picks the binary.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${PROPENSITY_BIN:-.build/release/propensity}
if [ ! -x "$BIN" ]; then
    swift build -c release --product propensity
fi
RUN=${1:-}
if [ -z "$RUN" ]; then
    RUN=$(mktemp -d)
    cp Tests/PropensityEvaluationTests/Fixtures/report-data.json "$RUN/"
fi
"$BIN" report --run "$RUN"
HTML=$(cd "$RUN" && pwd)/report.html
PNG=$(cd "$RUN" && pwd)/report.png

if ! command -v chromium >/dev/null; then
    SUDO=$([ "$(id -u)" -eq 0 ] || echo sudo)
    $SUDO apt-get install -y chromium
fi
CHROMIUM=(chromium --headless --no-sandbox --disable-gpu --hide-scrollbars
          --force-device-scale-factor=1 --window-size=1280,900)

# The page's height at 1280 px: a copy of the page with one line of script that writes it into
# the DOM (the report itself carries no script).
PROBE=$(mktemp --suffix=.html)
sed 's|</body>|<script>document.body.dataset.height = document.documentElement.scrollHeight;</script></body>|' \
    "$HTML" > "$PROBE"
HEIGHT=$("${CHROMIUM[@]}" --dump-dom "file://$PROBE" 2>/dev/null \
    | grep -o 'data-height="[0-9]*"' | grep -o '[0-9]*' || true)
rm -f "$PROBE"
HEIGHT=${HEIGHT:-6000}
"${CHROMIUM[@]/--window-size=1280,900/--window-size=1280,$HEIGHT}" \
    --screenshot="$PNG" "file://$HTML" 2>/dev/null
echo "wrote $PNG (1280 x $HEIGHT)"

# Every section with data, every chart with marks.
status=0
for section in funnel metrics curves deciles calibration learning importance rolling; do
    state=$(grep -o "<section id=\"$section\" data-status=\"[a-z-]*\"" "$HTML" \
        | sed 's/.*data-status="\(.*\)"/\1/' || true)
    echo "section $section: ${state:-missing}"
    if [ "$state" != ok ] && [ "${ALLOW_NOT_RUN:-0}" != 1 ]; then status=1; fi
done
charts=(funnel-0 roc-balanced pr-balanced roc-backtest pr-backtest gain lift
        reliability-before reliability-after learning-epoch learning-seconds importance
        rolling-pr-auc rolling-lift)
for chart in "${charts[@]}"; do
    marks=$(grep -o "data-chart=\"$chart\" data-marks=\"[0-9]*\"" "$HTML" \
        | grep -o '[0-9]*"$' | tr -d '"' || true)
    if [ -z "$marks" ]; then
        echo "chart $chart: absent"
        [ "${ALLOW_NOT_RUN:-0}" = 1 ] || status=1
    elif [ "$marks" -eq 0 ]; then
        echo "chart $chart: empty"
        status=1
    else
        echo "chart $chart: $marks marks"
    fi
done
if grep -qi '<script\|src=' "$HTML"; then
    echo "the report loads or runs something: it must be self-contained"
    status=1
fi
[ $status -eq 0 ] && echo "report check passed" || echo "report check FAILED"
exit $status
