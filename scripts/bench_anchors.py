"""The anchors of `facegate bench match`, measured on the same vectors:
FAISS IndexFlatIP and a numpy matrix-vector product, one thread each.

usage: bench_anchors.py DB.f32 QUERIES.f32 DIMENSION
Prints JSON: {"faiss": {"p50": ms, "p99": ms, "top1": [...]}, "numpy": {...}}
"""
import json
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import faiss  # noqa: E402
import numpy as np  # noqa: E402


def measure(search, queries):
    times, top1 = [], []
    for query in queries:
        start = time.perf_counter()
        index = search(query)
        times.append((time.perf_counter() - start) * 1000)
        top1.append(int(index))
    times.sort()
    return {"p50": times[len(times) // 2], "p99": times[min(len(times) - 1, len(times) * 99 // 100)], "top1": top1}


def main():
    db_path, query_path, dimension = sys.argv[1], sys.argv[2], int(sys.argv[3])
    db = np.fromfile(db_path, dtype=np.float32).reshape(-1, dimension)
    queries = np.fromfile(query_path, dtype=np.float32).reshape(-1, dimension)
    faiss.omp_set_num_threads(1)
    index = faiss.IndexFlatIP(dimension)
    index.add(db)
    index.search(queries[:1], 2)
    db @ queries[0]
    result = {
        "faiss": measure(lambda q: index.search(q.reshape(1, -1), 2)[1][0][0], queries),
        "numpy": measure(lambda q: int(np.argmax(db @ q)), queries),
        "faiss_version": faiss.__version__,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
