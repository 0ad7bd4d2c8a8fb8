#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Extract the uncompressed ELF vmlinux from a bzImage.

Under TCG, booting the ELF directly (through its PVH entry point) saves the
seconds the kernel would spend decompressing itself.
"""
import subprocess
import sys

FORMATS = (
    (b"\xfd7zXZ\x00", ["xz", "-dcq"]),
    (b"\x28\xb5\x2f\xfd", ["zstd", "-dcq"]),
    (b"\x1f\x8b\x08", ["gzip", "-dcq"]),
)


def main():
    src, dst = sys.argv[1], sys.argv[2]
    with open(src, "rb") as f:
        data = f.read()
    for magic, cmd in FORMATS:
        off = data.find(magic)
        while off >= 0:
            out = subprocess.run(cmd, input=data[off:], capture_output=True).stdout
            if out[:4] == b"\x7fELF":
                with open(dst, "wb") as f:
                    f.write(out)
                return 0
            off = data.find(magic, off + 1)
    print(f"extract-vmlinux: no compressed ELF found in {src}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
