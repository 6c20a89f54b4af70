"""scikit-learn's IsolationForest on a label-first CSV, timed like bench-ml.ts times ours.

Prints one JSON object. Run by /usr/bin/python3 with one thread (n_jobs=1, BLAS threads 1).
"""
import csv
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.ensemble import IsolationForest
from sklearn.metrics import roc_auc_score


def load(path):
    labels, rows = [], []
    with open(path, newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for record in reader:
            labels.append(1 if record[0].strip().lower() in ("anomaly", "1") else 0)
            rows.append([float(v) if v.strip() != "" else np.nan for v in record[1:]])
    X = np.array(rows, dtype=np.float64)
    medians = np.nanmedian(X, axis=0)
    missing = np.where(np.isnan(X))
    X[missing] = np.take(medians, missing[1])
    return X, np.array(labels)


def main():
    path, trees, sample, contamination, seed, single_rows = sys.argv[1:7]
    trees, sample, seed, single_rows = int(trees), int(sample), int(seed), int(single_rows)
    contamination = float(contamination)
    X, y = load(path)

    def fit(contamination_value):
        model = IsolationForest(
            n_estimators=trees, max_samples=min(sample, len(X)), contamination=contamination_value,
            random_state=seed, n_jobs=1,
        )
        start = time.perf_counter()
        model.fit(X)
        return model, (time.perf_counter() - start) * 1000

    fit(contamination)  # warm-up (imports, caches)
    model, fit_ms = fit(contamination)
    _, fit_trees_only_ms = fit("auto")

    batch_ms = []
    for _ in range(3):
        start = time.perf_counter()
        scores = model.score_samples(X)
        batch_ms.append((time.perf_counter() - start) * 1000)
    best_batch = min(batch_ms)

    latencies = []
    step = max(1, len(X) // single_rows)
    for i in range(0, step * single_rows, step):
        row = X[i : i + 1]
        start = time.perf_counter_ns()
        model.score_samples(row)
        latencies.append((time.perf_counter_ns() - start) / 1000)
    latencies.sort()

    print(json.dumps({
        "implementation": "scikit-learn " + sklearn.__version__,
        "python": sys.version.split()[0],
        "rows": int(X.shape[0]),
        "features": int(X.shape[1]),
        "fitMs": fit_ms,
        "fitTreesOnlyMs": fit_trees_only_ms,
        "batchMs": best_batch,
        "batchRowsPerSec": len(X) / (best_batch / 1000),
        "singleRowP50Us": float(np.percentile(latencies, 50)),
        "singleRowP99Us": float(np.percentile(latencies, 99)),
        "singleRowSamples": len(latencies),
        "rocAuc": float(roc_auc_score(y, -scores)),
    }))


if __name__ == "__main__":
    main()
