#!/usr/bin/env python3
"""train.py: the demo's model. Trains a 64-64-32-10 MLP on the 8x8 digits (numpy only: forward, backward
and Adam written out), quantises it to int8 (gemmlowp-style requantisation by a fixed-point multiplier and
shift), runs the int8 network exactly as the machine does, and writes the model file, the test-set file and
the reference logits. File formats and arithmetic: docs/DEMO.md. Usage: train.py [--data CSV.GZ] OUT_DIR"""
import argparse, glob, gzip, os, struct, sys, zlib
import numpy as np

SIZES = [64, 64, 32, 10]            # the network: 64 pixels in, 10 logits out
SEED, TEST_COUNT = 0, 360            # fixed split and initialisation: the result is reproducible
EPOCHS, BATCH, LEARNING_RATE = 60, 32, 2e-3
DIGITS = "sklearn/datasets/data/digits.csv.gz"   # shipped by Debian's python3-sklearn


def find_digits():
    for root in ["/usr/lib/python3/dist-packages", "/usr/share/python3/dist-packages"] + sys.path:
        for path in glob.glob(os.path.join(root, DIGITS)):
            return path
    sys.exit(f"train.py: {DIGITS} not found: install python3-sklearn (Scripts/setup.sh) or pass --data")


def load(path):
    with gzip.open(path, "rt") as f:
        rows = np.array([[int(v) for v in line.split(",")] for line in f if line.strip()], dtype=np.int64)
    if rows.shape[1] != 65 or rows[:, :64].min() < 0 or rows[:, :64].max() > 16:
        sys.exit(f"train.py: {path}: expected rows of 64 pixels 0..16 and a label")
    perm = np.random.default_rng(SEED).permutation(len(rows))
    test, train = rows[perm[:TEST_COUNT]], rows[perm[TEST_COUNT:]]
    return train[:, :64], train[:, 64], test[:, :64], test[:, 64]


# ---- float network ------------------------------------------------------------------------------
def forward(params, x):
    """Activations of every layer (the input first); ReLU on all but the last, which gives logits."""
    acts = [x]
    for i, (w, b) in enumerate(params):
        z = acts[-1] @ w.T + b
        acts.append(np.maximum(z, 0) if i < len(params) - 1 else z)
    return acts


def train(x, y):
    rng = np.random.default_rng(SEED)
    params = [(rng.normal(0, np.sqrt(2 / n_in), (n_out, n_in)), np.zeros(n_out))
              for n_in, n_out in zip(SIZES, SIZES[1:])]
    moments = [[np.zeros_like(p) for p in layer for _ in (0, 1)] for layer in params]   # Adam: m, v per tensor
    beta1, beta2, eps, step = 0.9, 0.999, 1e-8, 0
    for epoch in range(EPOCHS):
        order = rng.permutation(len(x))
        for start in range(0, len(x), BATCH):
            batch = order[start:start + BATCH]
            acts = forward(params, x[batch])
            # softmax cross-entropy: d loss / d logits = softmax - one_hot, averaged over the batch
            e = np.exp(acts[-1] - acts[-1].max(axis=1, keepdims=True))
            grad = e / e.sum(axis=1, keepdims=True)
            grad[np.arange(len(batch)), y[batch]] -= 1
            grad /= len(batch)
            step += 1
            for i in reversed(range(len(params))):
                w, b = params[i]
                gw, gb = grad.T @ acts[i], grad.sum(axis=0)
                grad = (grad @ w) * (acts[i] > 0)       # through this layer and the ReLU before it
                new = []
                for j, (p, g) in enumerate(((w, gw), (b, gb))):
                    m, v = moments[i][2 * j], moments[i][2 * j + 1]
                    m[:] = beta1 * m + (1 - beta1) * g
                    v[:] = beta2 * v + (1 - beta2) * g * g
                    m_hat, v_hat = m / (1 - beta1 ** step), v / (1 - beta2 ** step)
                    new.append(p - LEARNING_RATE * m_hat / (np.sqrt(v_hat) + eps))
                params[i] = tuple(new)
    return params


# ---- int8 quantisation (docs/DEMO.md, "Arithmetic") ----------------------------------------------------
def quantize_multiplier(m):
    """m in (0, 1) as m0 * 2^-31 * 2^-shift, m0 in [2^30, 2^31)."""
    assert 0 < m < 1, m
    shift = 0
    while m < 0.5:
        m, shift = m * 2, shift + 1
    m0 = int(round(m * (1 << 31)))
    if m0 == 1 << 31:
        m0, shift = m0 // 2, shift - 1
    return m0, shift


def requantize(acc, m0, shift):
    """gemmlowp's SaturatingRoundingDoublingHighMul then RoundingDivideByPOT, then ReLU to [0, 127]."""
    ab = acc.astype(np.int64) * m0
    v = ab + np.where(ab >= 0, 1 << 30, 1 - (1 << 30))
    high = np.sign(v) * (np.abs(v) >> 31)                   # division by 2^31 rounding towards zero
    mask = (1 << shift) - 1
    rounded = (high >> shift) + ((high & mask) > (mask >> 1) + (high < 0))
    return np.clip(rounded, 0, 127)


def quantize(params, train_x):
    """Per layer: int8 weights (symmetric), int32 bias, and for hidden layers the multiplier and shift
    that bring the int32 accumulator to the next layer's int8 scale (calibrated on the training set)."""
    acts = forward(params, train_x / 16)
    in_scale, layers = 1 / 127, []
    for i, (w, b) in enumerate(params):
        w_scale = np.abs(w).max() / 127
        wq = np.clip(np.round(w / w_scale), -127, 127).astype(np.int64)
        bq = np.round(b / (in_scale * w_scale)).astype(np.int64)
        last = i == len(params) - 1
        out_scale = in_scale * w_scale if last else acts[i + 1].max() / 127
        m0, shift = (0, 0) if last else quantize_multiplier(in_scale * w_scale / out_scale)
        layers.append(dict(w=wq, b=bq, m0=m0, shift=shift, relu=not last,
                           scales=(in_scale, w_scale, out_scale)))
        in_scale = out_scale
    return layers


def quantize_input(pixels):
    return np.round(pixels * 127 / 16).astype(np.int64)      # pixels 0..16 -> 0..127, scale 1/127


def int8_logits(layers, q):
    """Exactly the machine's arithmetic: int8 x int8 into int32, + bias, requantise; logits stay int32."""
    for layer in layers:
        acc = q @ layer["w"].T + layer["b"]
        assert np.abs(acc).max() < 2 ** 31, "int32 accumulator overflow"
        q = requantize(acc, layer["m0"], layer["shift"]) if layer["relu"] else acc
    return q


# ---- files (docs/DEMO.md, "Files") ---------------------------------------------------------------
def with_crc(body):
    return body + struct.pack("<I", zlib.crc32(body))


def model_file(layers):
    headers, data = b"", b""
    for layer in layers:
        n_out, n_in = layer["w"].shape
        headers += struct.pack("<5I3f", n_in, n_out, 1 if layer["relu"] else 0, layer["m0"], layer["shift"],
                               *layer["scales"])
        data += layer["w"].astype(np.int8).tobytes() + layer["b"].astype("<i4").tobytes()
    size = 16 + len(headers) + len(data) + 4
    return with_crc(b"DGT8" + struct.pack("<3I", 1, len(layers), size) + headers + data)


def test_file(q, labels):
    body = b"DGTS" + struct.pack("<3I", 1, len(q), 64) + q.astype(np.int8).tobytes() + labels.astype(np.uint8).tobytes()
    return with_crc(body + bytes(-len(body) % 4))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="digits.csv.gz (default: python3-sklearn's copy)")
    parser.add_argument("out", help="folder for model.bin, tests.bin, reference.txt, summary.txt")
    args = parser.parse_args()
    train_x, train_y, test_x, test_y = load(args.data or find_digits())
    params = train(train_x / 16, train_y)
    float_correct = int((forward(params, test_x / 16)[-1].argmax(axis=1) == test_y).sum())
    layers = quantize(params, train_x)
    test_q = quantize_input(test_x)
    logits = int8_logits(layers, test_q)
    int8_correct = int((logits.argmax(axis=1) == test_y).sum())
    os.makedirs(args.out, exist_ok=True)
    files = {"model.bin": model_file(layers), "tests.bin": test_file(test_q, test_y),
             "reference.txt": "".join(f"logits {i}: {' '.join(map(str, row))}\n" for i, row in enumerate(logits))}
    summary = (f"network: {'-'.join(map(str, SIZES))}, {len(train_x)} training and {len(test_x)} test images\n"
               f"float accuracy: {float_correct}/{len(test_x)}\n"
               f"int8 accuracy: {int8_correct}/{len(test_x)}\n")
    files["summary.txt"] = summary
    for name, content in files.items():
        with open(os.path.join(args.out, name), "wb" if isinstance(content, bytes) else "w") as f:
            f.write(content)
    print(summary, end="")


if __name__ == "__main__":
    main()
