#!/bin/sh
# Rebuilds fonts/NotoSansCJKsc-Regular-subset.otf, the font figures are drawn with, from Debian's
# fonts-noto-cjk (face 2 of NotoSansCJK-Regular.ttc is Noto Sans CJK SC) with fontTools
# (python3-fonttools). The subset keeps Latin, Greek, punctuation, super/subscripts, math
# operators, CJK punctuation, full-width forms and the 6,763 hanzi of GB 2312.
set -eu
src=${1:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp/gb2312.txt" <<'PY'
import sys
chars = set()
for b1 in range(0xB0, 0xF8):
    for b2 in range(0xA1, 0xFF):
        try:
            chars.add(bytes([b1, b2]).decode('gb2312'))
        except UnicodeDecodeError:
            pass
open(sys.argv[1], 'w', encoding='utf-8').write(''.join(sorted(chars)))
PY
python3 -m fontTools.subset "$src" --font-number=2 --text-file="$tmp/gb2312.txt" \
  --unicodes="U+0020-007E,U+00A0-017F,U+0370-03FF,U+2000-206F,U+2070-209F,U+2200-22FF,U+3000-303F,U+FF00-FFEF" \
  --layout-features='kern,liga' --no-hinting --output-file="$here/fonts/NotoSansCJKsc-Regular-subset.otf"
ls -l "$here/fonts/NotoSansCJKsc-Regular-subset.otf"
