#!/usr/bin/env bash
# Builds static/vendor/plotly-<version>-newsmap.min.js: plotly.js's core (scatter) with only the
# traces the dashboard draws (bar, choropleth, scattergeo), a third of the full bundle's size.
# Run it when the plotly Python package (and so the plotly.js version its figures target) changes;
# update the versions in package.json and newsmap/charts.py (PLOTLY_JS) first.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --ignore-scripts
version=$(node -p "require('plotly.js/package.json').version")
out=../../static/vendor/plotly-$version-newsmap.min.js
./node_modules/.bin/esbuild entry.js --bundle --minify --format=iife --global-name=Plotly --target=es2016 \
  --define:global=window --define:define.amd=false --alias:stream=stream-browserify --loader:.css=empty \
  --legal-comments=none \
  "--banner:js=/* plotly.js v$version (https://plot.ly/javascript), MIT license: NewsMap's partial bundle of the core (scatter), bar, choropleth and scattergeo, built by vendor-build/plotly/build.sh */" \
  --outfile="$out"
rm -rf node_modules
echo "built $out"
