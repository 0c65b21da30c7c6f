"""Time the hero-image pipeline on a 24-megapixel JPEG (`make bench-images`).

Not a test (pytest collects test_*.py only) and never a gate: it prints the
time `imaging.process_upload` takes to turn the upload into a master, every
rendition and the social card, and the peak memory of a process doing only
that. The design's budget is 1.5 s.

Each measurement runs in a fresh process that only reads the file, so the
peak resident memory it reports is the pipeline's, not the generator's.
"""

import argparse
import io
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WIDTH, HEIGHT = 6000, 4000  # 24 megapixels, a common camera size
RUNS = 5
BUDGET_SECONDS = 1.5


def make_photo(path: Path):
    """Write a photo-like 24 MP JPEG: detail at every scale, like a real scene.

    Noise drawn at three sizes and enlarged gives large shapes, texture and
    grain, so every rendition has something to encode.
    """
    from PIL import Image

    layers = [
        Image.effect_noise((WIDTH // scale, HEIGHT // scale), 64).resize(
            (WIDTH, HEIGHT), Image.Resampling.BICUBIC
        )
        for scale in (100, 10, 1)
    ]
    luminance = Image.blend(Image.blend(layers[0], layers[1], 0.4), layers[2], 0.25)
    gradient = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    scene = Image.merge(
        "RGB", (luminance, Image.blend(luminance, gradient, 0.5), gradient)
    )
    buffer = io.BytesIO()
    scene.save(buffer, "JPEG", quality=92)
    path.write_bytes(buffer.getvalue())


def measure(path: Path) -> dict:
    """Process `path` RUNS times; return timings and this process's peak RSS."""
    import django

    django.setup()
    from articles import imaging

    data = path.read_bytes()
    rss_before = peak_resident_kib()
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        processed = imaging.process_upload(
            data, max_bytes=50 * imaging.MEGABYTE, max_pixels=50_000_000
        )
        timings.append(time.perf_counter() - started)
    rss_peak = peak_resident_kib()
    return {
        "input_bytes": len(data),
        "timings": timings,
        "rss_before_kib": rss_before,
        "rss_peak_kib": rss_peak,
        "files": [
            (item.width, item.height, item.format, len(item.content))
            for item in [processed.master, *processed.renditions, processed.social]
        ],
    }


def peak_resident_kib() -> int:
    """Return this process's peak resident memory in KiB.

    VmHWM rather than getrusage: Linux keeps ru_maxrss across exec, so a
    child would report its parent's peak.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run_child(*arguments: str) -> str:
    return subprocess.run(
        [sys.executable, __file__, *arguments],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def report(line: str = ""):
    sys.stdout.write(line + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generate", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.generate:
        make_photo(arguments.generate)
        return
    if arguments.measure:
        json.dump(measure(arguments.measure), sys.stdout)
        return
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "photo-24mp.jpg"
        run_child("--generate", str(path))
        result = json.loads(run_child("--measure", str(path)))
    timings = result["timings"]
    median = statistics.median(timings)
    verdict = "met" if median <= BUDGET_SECONDS else "MISSED"
    report(f"Input: {WIDTH} x {HEIGHT} JPEG, {result['input_bytes'] / 1e6:.1f} MB")
    report(
        f"process_upload, {RUNS} runs: median {median:.3f} s, "
        f"min {min(timings):.3f} s, max {max(timings):.3f} s "
        f"(budget {BUDGET_SECONDS} s: {verdict})"
    )
    peak_mib = result["rss_peak_kib"] / 1024
    added_mib = (result["rss_peak_kib"] - result["rss_before_kib"]) / 1024
    report(
        f"Peak memory: {peak_mib:.0f} MiB resident "
        f"({added_mib:.0f} MiB above the process before processing)"
    )
    report("Files made (master, renditions, social card):")
    for width, height, image_format, size in result["files"]:
        report(f"  {width:>5} x {height:<5} {image_format:<4} {size / 1024:>8.1f} KiB")


if __name__ == "__main__":
    main()
