#!/usr/bin/env bash
# The Debian package, installed for real: build the .deb (or take the one given), check it with
# lintian (no errors), make a throwaway minimal Debian root (mmdebstrap minbase, from the mirror
# apt already uses) with only the package's declared dependencies and sudo, install it there
# and check, inside (systemd-nspawn, no boot):
#   - the caja user and group exist; the state dir, the key credential and the backups folder
#     have the right owners and modes;
#   - `caja doctor` runs (as root it becomes the caja user) and sees the install green;
#   - `sudo caja seed-demo`, `sudo caja report day` and `caja check` work on the same store,
#     owned by caja;
#   - the till starts and draws its first frame on an X display (Xvfb on the host, its socket
#     bound in) as the caja user, with only the declared libraries: the Depends list is proven;
#   - an upgrade to a newer package keeps the store and its sales;
#   - `dpkg -r` writes a final encrypted backup to /var/backups/caja and keeps the data;
#     `dpkg -P` removes the state only once that backup exists, and says where it is.
# Prints each step's time. Usage: tests/package.sh [caja_X_amd64.deb]
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/lib/debian-root.sh

step_start=$(date +%s.%N)
step() {
    local now
    now=$(date +%s.%N)
    printf '  (%.1f s)\n== %s\n' "$(echo "$now - $step_start" | bc)" "$1"
    step_start=$now
}

[ "$(id -u)" = 0 ] || skip "tests/package.sh needs root (mmdebstrap, systemd-nspawn)"
for tool in mmdebstrap systemd-nspawn lintian Xvfb dpkg-deb bc; do
    command -v "$tool" >/dev/null || fail "$tool is missing (apt-get install mmdebstrap systemd-container lintian xvfb bc)"
done

step "the package"
deb=${1:-}
if [ -z "$deb" ]; then
    cargo deb --strip
    deb=$(ls -t "${CARGO_TARGET_DIR:-target}"/debian/caja_*_amd64.deb | head -1)
fi
ls -l "$deb"
echo "size: $(stat -c %s "$deb") bytes; binary: $(dpkg-deb --fsys-tarfile "$deb" | tar -tvf - ./usr/bin/caja | awk '{print $3}') bytes"

step "lintian (no errors)"
lintian --fail-on error "$deb"

work=$(mktemp -d /var/tmp/caja-package.XXXXXX)
xvfb_pid=
cleanup() {
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
root=$work/root

step "a minimal Debian root with only the package's dependencies"
debian_root "$deb" "$root" sudo

# Xvfb on the host; its socket is bound into the root.
display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1024x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
IN_ROOT_OPTIONS=(--bind-ro=/tmp/.X11-unix)

step "install"
cp "$deb" "$root/var/tmp/caja.deb"
in_root dpkg -i /var/tmp/caja.deb
in_root getent passwd caja | grep -q '^caja:' || fail "no caja user"
in_root getent group caja | grep -q '^caja:' || fail "no caja group"
modes=$(in_root stat -c '%n %U:%G %a' /var/lib/caja /var/lib/caja/data /etc/credstore/caja-db-key /var/backups/caja)
echo "$modes"
echo "$modes" | grep -q '^/var/lib/caja caja:caja 700$' || fail "state dir: $modes"
echo "$modes" | grep -q '^/etc/credstore/caja-db-key root:root 600$' || fail "key: $modes"
echo "$modes" | grep -q '^/var/backups/caja caja:caja 700$' || fail "backups: $modes"
[ -e "$root/usr/lib/udev/rules.d/60-caja.rules" ] || fail "no udev rules"

step "sudo caja: seed, report, check on the till's store"
in_root sudo caja seed-demo --sales 40 --days 3 | tee "$work/seed.txt"
grep -q "into /var/lib/caja/data" "$work/seed.txt" || fail "seeded elsewhere"
in_root stat -c '%U:%G %a' /var/lib/caja/data/caja.db | grep -qx 'caja:caja 600' || fail "the database is not caja's"
in_root sudo caja report day --json > "$work/day.json"
grep -q '"sales_count"' "$work/day.json" || fail "no day report"
in_root caja check | tee "$work/check.txt"
grep -q "0 problems" "$work/check.txt" || fail "check"
tickets() {
    in_root caja check > "$work/counted.txt"
    grep -o '[0-9]* documents' "$work/counted.txt"
}
documents=$(tickets)
echo "before the upgrade: $documents"

step "caja doctor"
in_root caja doctor | tee "$work/doctor.txt" || true
for id in state-dir database key key-place store schema udev; do
    grep -Eq "^green +$id " "$work/doctor.txt" || fail "doctor: $id is not green"
done

step "the till's first frame on X, as caja, with only the declared libraries"
in_root env DISPLAY="$display" LIBGL_ALWAYS_SOFTWARE=1 caja --exit-after-first-frame | tee "$work/frame.txt"
grep -Eq '[0-9]' "$work/frame.txt" || fail "the till did not draw"

step "an upgrade keeps the store"
mkdir "$work/next"
dpkg-deb -R "$deb" "$work/next/pkg"
sed -i 's/^Version: .*/Version: 0.1.0-99/' "$work/next/pkg/DEBIAN/control"
dpkg-deb --root-owner-group -b "$work/next/pkg" "$root/var/tmp/caja-next.deb" >/dev/null
in_root dpkg -i /var/tmp/caja-next.deb
after=$(tickets)
[ "$after" = "$documents" ] || fail "after the upgrade: $after, before: $documents"
in_root caja check | grep -q "0 problems" || fail "check after the upgrade"

step "remove: a final encrypted backup, the data kept"
recipient=$(in_root sudo caja backup keygen --out /var/tmp/owner.txt | tail -1)
in_root sudo caja config set backup.recipients "$recipient" >/dev/null
in_root dpkg -r caja
ls -l "$root"/var/backups/caja/*.age || fail "no final backup"
[ -e "$root/var/lib/caja/data/caja.db" ] || fail "remove deleted the data"
if command -v age >/dev/null; then
    age -d -i "$root/var/tmp/owner.txt" "$(ls "$root"/var/backups/caja/*.age | head -1)" | tar -tf - | tee "$work/backup.txt"
    grep -q 'caja.db' "$work/backup.txt" || fail "the backup holds no database"
fi

step "purge: the state goes, the backup stays and is named"
in_root dpkg -P caja | tee "$work/purge.txt"
grep -q "/var/backups/caja" "$work/purge.txt" || fail "purge did not say where the backup is"
[ ! -e "$root/var/lib/caja" ] || fail "purge left /var/lib/caja"
ls "$root"/var/backups/caja/*.age >/dev/null || fail "purge removed the backup"

step "done"
echo "package test passed"
