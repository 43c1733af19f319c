#!/usr/bin/python3
"""PyTorch reference figures for `bertgen bench model`, measured the same way on the same machine.

BERT for sequence classification written in plain PyTorch (post-LayerNorm, GELU, dropout 0.1, explicit
softmax attention: PyTorch 1.13 has no scaled_dot_product_attention), timed like the .NET harness: an
untimed warm-up, then the median of timed runs that each repeat the step for at least --min-seconds.
Training steps are forward + cross-entropy + backward + AdamW step; bfloat16 uses torch.autocast("cpu").

Debian 12: apt-get install python3-torch; then
    /usr/bin/python3 samples/pytorch-reference/bench_pytorch.py --json pytorch.json
"""
import argparse
import json
import math
import os
import platform
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

SIZES = {"tiny": (2, 128, 2), "mini": (4, 256, 4), "small": (4, 512, 8), "base": (12, 768, 12)}
VOCAB = 30522


class Layer(nn.Module):
    def __init__(self, hidden, heads):
        super().__init__()
        self.heads = heads
        self.query, self.key, self.value = (nn.Linear(hidden, hidden) for _ in range(3))
        self.attention_out = nn.Linear(hidden, hidden)
        self.attention_norm = nn.LayerNorm(hidden, eps=1e-12)
        self.up, self.down = nn.Linear(hidden, 4 * hidden), nn.Linear(4 * hidden, hidden)
        self.output_norm = nn.LayerNorm(hidden, eps=1e-12)
        self.dropout = nn.Dropout(0.1)

    def forward(self, x, additive_mask):
        b, s, h = x.shape
        split = lambda t: t.view(b, s, self.heads, h // self.heads).transpose(1, 2)
        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(h // self.heads) + additive_mask
        context = self.dropout(scores.softmax(-1)) @ v
        attended = self.attention_norm(self.dropout(self.attention_out(context.transpose(1, 2).reshape(b, s, h))) + x)
        return self.output_norm(self.dropout(self.down(F.gelu(self.up(attended)))) + attended)


class Bert(nn.Module):
    def __init__(self, layers, hidden, heads):
        super().__init__()
        self.words = nn.Embedding(VOCAB, hidden, padding_idx=0)
        self.positions = nn.Embedding(512, hidden)
        self.segments = nn.Embedding(2, hidden)
        self.norm = nn.LayerNorm(hidden, eps=1e-12)
        self.layers = nn.ModuleList(Layer(hidden, heads) for _ in range(layers))
        self.pooler, self.classifier = nn.Linear(hidden, hidden), nn.Linear(hidden, 2)
        self.dropout = nn.Dropout(0.1)

    def forward(self, ids, mask):
        positions = torch.arange(ids.shape[1]).unsqueeze(0)
        x = self.dropout(self.norm(self.words(ids) + self.positions(positions) + self.segments.weight[0]))
        additive = (1.0 - mask[:, None, None, :].to(x.dtype)) * -1e30
        for layer in self.layers:
            x = layer(x, additive)
        return self.classifier(self.dropout(torch.tanh(self.pooler(x[:, 0]))))


def median_seconds(step, repeats, min_seconds):
    start = time.perf_counter()
    step()
    steps = max(1, math.ceil(min_seconds / (time.perf_counter() - start)))
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(steps):
            step()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings), steps


def measure(size, batch, length, mode, precision, repeats, min_seconds):
    torch.manual_seed(0)
    model = Bert(*SIZES[size])
    ids = torch.randint(1000, VOCAB, (batch, length))
    mask = torch.ones(batch, length, dtype=torch.long)
    labels = torch.randint(0, 2, (batch,))
    autocast = lambda: torch.autocast("cpu", dtype=torch.bfloat16, enabled=precision == "BFloat16")
    if mode == "train":
        model.train()
        optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5, weight_decay=0.01)

        def step():
            with autocast():
                loss = F.cross_entropy(model(ids, mask), labels)
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
    else:
        model.eval()

        def step():
            with torch.no_grad(), autocast():
                model(ids, mask)
    seconds, steps = median_seconds(step, repeats, min_seconds)
    return batch * length * steps / seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=list(SIZES))
    parser.add_argument("--shapes", nargs="+", default=["16x128", "8x256", "4x512"])
    parser.add_argument("--modes", nargs="+", default=["train", "infer"])
    parser.add_argument("--precisions", nargs="+", default=["Float32", "BFloat16"])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--min-seconds", type=float, default=2.0)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--json")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__}, {args.threads} threads, {platform.processor() or platform.machine()}")
    measure(args.sizes[0], 16, 64, args.modes[0], "Float32", 1, 0.5)  # process warm-up, untimed
    figures = []
    for size in args.sizes:
        for shape in args.shapes:
            batch, length = map(int, shape.split("x"))
            for mode in args.modes:
                for precision in args.precisions:
                    tokens_per_second = measure(size, batch, length, mode, precision, args.repeats, args.min_seconds)
                    config = {"size": size, "batch": batch, "sequence": length, "mode": mode, "precision": precision,
                              "implementation": "pytorch-" + torch.__version__, "threads": args.threads}
                    figures.append({"name": f"{mode}_tokens_per_second", "unit": "tokens/s", "value": tokens_per_second, "config": config})
                    print(f"  {size:5} ({batch},{length})  {mode:5}  {precision:8}  {tokens_per_second:12,.0f} tokens/s", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"figures": figures}, f, indent=2)


if __name__ == "__main__":
    main()
