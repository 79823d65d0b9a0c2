#!/usr/bin/env bash
# Screenshot page 1 of every export format, to check by eye that Chinese text and
# chart labels render as characters (not boxes).
#
#   bench/screenshot_export.sh [OUT_DIR]      (default: /tmp/recap-screens)
#
# Needs: LibreOffice (soffice), poppler-utils (pdftoppm), Chromium, a CJK font.
#   apt-get install -y libreoffice-writer poppler-utils chromium fonts-noto-cjk
# Makes offline drafts of both sample notes files, exports each to DOCX and HTML,
# then DOCX -> PDF (LibreOffice) -> PNG (page 1) and HTML -> PNG (headless Chromium).
# Not part of pytest: CI has no LibreOffice.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-/tmp/recap-screens}"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
mkdir -p "$OUT"

need() { command -v "$1" >/dev/null 2>&1 || { echo "缺少 $1:$2" >&2; exit 1; }; }
SOFFICE="$(command -v soffice || command -v libreoffice || true)"
[ -n "$SOFFICE" ] || { echo "缺少 LibreOffice:apt-get install -y libreoffice-writer" >&2; exit 1; }
need pdftoppm "apt-get install -y poppler-utils"
CHROME="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
[ -n "$CHROME" ] || { echo "缺少 Chromium:apt-get install -y chromium" >&2; exit 1; }

echo "中文字体(fc-list :lang=zh):"
fc-list :lang=zh family | sort -u | head -5 | sed 's/^/  /' || true

# name notes style
SAMPLES=(
  "shop-data examples/shop-2025.toml data"
  "shop-narrative examples/shop-2025.toml narrative"
  "specialist-project examples/specialist-2025.toml project"
)

for sample in "${SAMPLES[@]}"; do
  read -r name notes style <<<"$sample"
  draft="$OUT/$name.md"
  rm -f "$OUT/$name-html.png" "$OUT/$name-html-print.pdf"
  "$PY" -m assistant draft "$ROOT/$notes" --style "$style" --backend offline -o "$draft" >/dev/null
  "$PY" -m assistant export "$draft" --to docx
  "$PY" -m assistant export "$draft" --to html

  # DOCX -> PDF -> PNG of page 1
  profile="$(mktemp -d)"
  rm -f "$OUT/$name.pdf"
  "$SOFFICE" -env:UserInstallation="file://$profile" --headless --convert-to pdf \
    --outdir "$OUT" "$OUT/$name.docx" >"$OUT/soffice.log" 2>&1 || true
  rm -rf "$profile"
  [ -s "$OUT/$name.pdf" ] || { echo "LibreOffice 没能把 $name.docx 转成 PDF:" >&2;
                               cat "$OUT/soffice.log" >&2; exit 1; }
  pdftoppm -png -r 110 -f 1 -l 2 "$OUT/$name.pdf" "$OUT/$name-docx-page"

  # HTML -> PNG (A4-ish window at 150 dpi: 1240 x 1754)
  profile="$(mktemp -d)"
  "$CHROME" --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --hide-scrollbars \
    --screenshot="$OUT/$name-html.png" --window-size=1240,1754 \
    "file://$OUT/$name.html" >/dev/null 2>&1
  # and the print layout (what "打印 / 另存为 PDF" gives)
  "$CHROME" --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --no-pdf-header-footer \
    --print-to-pdf="$OUT/$name-html-print.pdf" "file://$OUT/$name.html" >/dev/null 2>&1
  rm -rf "$profile"
  [ -s "$OUT/$name-html.png" ] && [ -s "$OUT/$name-html-print.pdf" ] ||
    { echo "Chromium 没能截图 $name.html" >&2; exit 1; }
  pdftoppm -png -r 110 -f 1 -l 2 "$OUT/$name-html-print.pdf" "$OUT/$name-html-print-page"
done

echo "截图已写入 $OUT:"
ls -1 "$OUT"/*.png
