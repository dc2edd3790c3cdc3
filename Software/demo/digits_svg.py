#!/usr/bin/env python3
"""digits_svg.py: draws test digits with the labels the machine predicted, from the machine's own output
(the `predictions:` lines the demo prints over the UART) and the card's tests.bin (docs/DEMO.md). Mistakes
are framed in red with "predicted→true". Usage: digits_svg.py TESTS_BIN MACHINE_LOG OUT_SVG [--count N]"""
import argparse, struct, sys, zlib

CELL, PIXEL, COLUMNS = 64, 6, 20          # a cell: 8x8 pixels of 6 units, the label below


def read_tests(path):
    data = open(path, "rb").read()
    if len(data) < 20 or data[:4] != b"DGTS" or zlib.crc32(data[:-4]) != struct.unpack("<I", data[-4:])[0]:
        sys.exit(f"digits_svg.py: {path} is not a valid tests.bin")
    count, pixels = struct.unpack("<2I", data[8:16])
    images = [data[16 + 64 * i:16 + 64 * (i + 1)] for i in range(count)]
    return images, list(data[16 + 64 * count:16 + 65 * count])


def read_predictions(path):
    """The digits after `predictions:`, on that line and the lines of digits that follow it."""
    digits, inside = "", False
    for line in open(path, encoding="utf-8", errors="replace"):
        text = line.strip()
        if text.startswith("predictions:"):
            inside, text = True, text[len("predictions:"):].strip()
        elif not inside or not text.replace(" ", "").isdigit():
            inside = False
            continue
        digits += text.replace(" ", "")
    if not digits:
        sys.exit(f"digits_svg.py: {path} has no `predictions:` lines (the demo's output?)")
    return [int(d) for d in digits]


def cell(x, y, image, predicted, label):
    shades = {}
    for i, q in enumerate(image):              # one path per grey level keeps the file small
        if q:
            shades.setdefault(min(q, 127) // 16, []).append(f"M{x + 4 + PIXEL * (i % 8)} {y + 4 + PIXEL * (i // 8)}h6v6h-6z")
    parts = [f'<path fill="#{255 - 32 * level - 15:02x}{255 - 32 * level - 15:02x}{255 - 32 * level - 15:02x}" d="{"".join(d)}"/>'
             for level, d in sorted(shades.items())]
    wrong = predicted != label
    parts.append(f'<rect x="{x + 1.5}" y="{y + 1.5}" width="{CELL - 11}" height="{CELL - 11}" fill="none" '
                 f'stroke="{"#d62728" if wrong else "#ccc"}" stroke-width="{3 if wrong else 1}"/>')
    text = f"{predicted}→{label}" if wrong else str(predicted)
    parts.append(f'<text x="{x + (CELL - 8) / 2}" y="{y + CELL + 6}" fill="{"#d62728" if wrong else "#333"}">{text}</text>')
    return "".join(parts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tests"), parser.add_argument("log"), parser.add_argument("out")
    parser.add_argument("--count", type=int, default=120, help="digits in the grid (every mistake is added)")
    args = parser.parse_args()
    images, labels = read_tests(args.tests)
    predicted = read_predictions(args.log)
    if len(predicted) > len(images):
        sys.exit(f"digits_svg.py: {len(predicted)} predictions but {len(images)} test images")
    shown = list(range(min(args.count, len(predicted))))
    shown += [i for i in range(len(shown), len(predicted)) if predicted[i] != labels[i]]
    correct = sum(p == l for p, l in zip(predicted, labels))
    rows = (len(shown) + COLUMNS - 1) // COLUMNS
    width, height = COLUMNS * CELL + 16, rows * (CELL + 12) + 56
    body = [cell(8 + CELL * (n % COLUMNS), 44 + (CELL + 12) * (n // COLUMNS), images[i], predicted[i], labels[i])
            for n, i in enumerate(shown)]
    title = (f"{len(predicted)} test digits classified by the GPU of our RISC-V SoC: {correct}/{len(predicted)} right."
             f" The first {min(args.count, len(predicted))} and every mistake (red: predicted→true).")
    with open(args.out, "w") as f:
        f.write(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
                f'font-family="sans-serif" font-size="13" text-anchor="middle">\n<rect width="100%" height="100%" fill="white"/>\n'
                f'<text x="{width / 2}" y="24" font-size="15">{title}</text>\n' + "\n".join(body) + "\n</svg>\n")


if __name__ == "__main__":
    main()
