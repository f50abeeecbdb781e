#!/bin/sh
# Installs Fashion-MNIST's four IDX files into $DATA_DIR from the Debian package dataset-fashion-mnist.
# Runs as the workers' initContainer (debian:bookworm-slim, non-root, read-only root file system): apt's lists
# and cache live in $WORK_DIR, the package is fetched with `apt-get download` (its hash is checked against the
# signed archive index) and unpacked with dpkg-deb, so nothing is installed into the image and no root is needed.
# Settings: DATA_DIR (where the files go), WORK_DIR (scratch), DATASET_PACKAGE_VERSION (empty: the candidate).
set -eu

DATA_DIR=${DATA_DIR:?DATA_DIR must name the directory that receives the IDX files}
WORK_DIR=${WORK_DIR:-/tmp/fashion-mnist-apt}
PACKAGE=dataset-fashion-mnist
FILES="train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz"

present() {
    for f in $FILES; do
        [ -s "$DATA_DIR/$f" ] || return 1
    done
}

if present; then
    echo "fashion-mnist: the four IDX files are already in $DATA_DIR"
    exit 0
fi

mkdir -p "$WORK_DIR/lists/partial" "$WORK_DIR/cache/archives/partial" "$WORK_DIR/deb" "$WORK_DIR/root"
set -- -q -o "Dir::State::Lists=$WORK_DIR/lists" -o "Dir::Cache=$WORK_DIR/cache" -o Debug::NoLocking=1
if [ "$(id -u)" != 0 ]; then
    # apt drops to the _apt user for downloads only when it runs as root.
    set -- "$@" -o APT::Sandbox::User="$(id -un 2>/dev/null || id -u)"
fi

apt-get "$@" update
spec=$PACKAGE
if [ -n "${DATASET_PACKAGE_VERSION:-}" ]; then
    spec="$PACKAGE=$DATASET_PACKAGE_VERSION"
fi
(cd "$WORK_DIR/deb" && apt-get "$@" download "$spec")
deb=$(ls "$WORK_DIR"/deb/"$PACKAGE"_*.deb)
dpkg-deb -x "$deb" "$WORK_DIR/root"

mkdir -p "$DATA_DIR"
for f in $FILES; do
    src="$WORK_DIR/root/usr/share/datasets/fashion-mnist/$f"
    if [ ! -s "$src" ]; then
        echo "fashion-mnist: $deb has no usr/share/datasets/fashion-mnist/$f" >&2
        exit 1
    fi
    gzip -t "$src"
    cp "$src" "$DATA_DIR/$f"
done
rm -rf "$WORK_DIR"
echo "fashion-mnist: $(basename "$deb") unpacked into $DATA_DIR:"
ls -l "$DATA_DIR"
