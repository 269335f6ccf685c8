#!/usr/bin/env bash
# The installed till under a real systemd: a minimal Debian root (mmdebstrap) with the package
# installed, a test display (Xvfb :0) and a test fiscal endpoint on loopback (openssl s_server,
# mutual TLS with a test CA made here), booted with systemd-nspawn. Shows, inside:
#   - caja.service active, its main process running as caja with no_new_privs and a seccomp
#     filter (Landlock's calls are let through nspawn's own filter, as a real kernel offers them);
#   - the till reached the fiscal endpoint it is configured for (port 8443 on loopback) through
#     the unit's network settings and its own Landlock port rule: the endpoint saw the till's
#     client certificate;
#   - `caja doctor` (run as root, it becomes caja) sees the unit and the till confined.
# Where the machine cannot boot a container, says so and exits 0 with SKIPPED (never passes
# quietly). Usage: tests/nspawn-boot.sh caja_X_amd64.deb
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/lib/debian-root.sh

[ "$(id -u)" = 0 ] || skip "booting a container needs root"
for tool in mmdebstrap systemd-nspawn nsenter openssl; do
    command -v "$tool" >/dev/null || fail "$tool is missing (apt-get install mmdebstrap systemd-container openssl)"
done
deb=${1:?usage: tests/nspawn-boot.sh caja_X_amd64.deb}
started=$SECONDS

work=$(mktemp -d /var/tmp/caja-boot.XXXXXX)
root=$work/root
nspawn_pid=
cleanup() {
    if [ -n "$nspawn_pid" ] && kill -0 "$nspawn_pid" 2>/dev/null; then
        kill "$nspawn_pid" 2>/dev/null || true
        sleep 1
        kill -9 "$nspawn_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

echo "== a minimal Debian root with systemd, the package's dependencies, Xvfb and openssl"
debian_root "$deb" "$root" systemd-sysv,xvfb,openssl

echo "== the package, a store with sales waiting to be sent, the test endpoint's certificates"
cp "$deb" "$root/var/tmp/caja.deb"
in_root dpkg -i /var/tmp/caja.deb >/dev/null
in_root caja seed-demo --sales 5 --days 1
pki=$work/pki
mkdir "$pki"
(
    cd "$pki"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj "/CN=Caja Test CA" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=localhost" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' > server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile server.ext -out server.pem 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr -subj "/CN=89890001K ULTRAMARINOS CAJA DEMO" 2>/dev/null
    printf 'extendedKeyUsage=clientAuth\n' > client.ext
    openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile client.ext -out client.pem 2>/dev/null
    openssl pkcs12 -export -in client.pem -inkey client.key -out client.p12 -passout pass:secreto
    echo secreto > password
)
install -d "$root/etc/caja-test"
install -m 0644 "$pki"/{ca.pem,server.pem,server.key,client.p12,password} "$root/etc/caja-test/"
in_root caja config set fiscal.endpoint https://127.0.0.1:8443/wlpl/TIKE-CONT/ws/SistemaFacturacion/VerifactuSOAP
in_root caja config set fiscal.certificate /etc/caja-test/client.p12
in_root caja config set fiscal.certificate_password_file /etc/caja-test/password
in_root caja config set fiscal.ca_file /etc/caja-test/ca.pem
in_root caja fiscal status | grep -q '^sending: *5 waiting' || fail "no records waiting"
cat > "$root/etc/systemd/system/caja-test-display.service" <<'EOF'
[Unit]
Description=Test display for the till (Xvfb :0)
Before=caja.service
[Service]
ExecStart=/usr/bin/Xvfb :0 -screen 0 1024x768x24 -nolisten tcp
[Install]
WantedBy=multi-user.target
EOF
cat > "$root/etc/systemd/system/caja-test-agency.service" <<'EOF'
[Unit]
Description=Test fiscal endpoint on loopback (mutual TLS)
Before=caja.service
[Service]
ExecStart=/usr/bin/openssl s_server -accept 8443 -cert /etc/caja-test/server.pem -key /etc/caja-test/server.key -CAfile /etc/caja-test/ca.pem -Verify 1 -www
[Install]
WantedBy=multi-user.target
EOF
for unit in caja-test-display caja-test-agency; do
    ln -sf "/etc/systemd/system/$unit.service" "$root/etc/systemd/system/multi-user.target.wants/$unit.service"
done

echo "== boot"
boot_started=$SECONDS
systemd-nspawn -q --register=no --keep-unit -b -D "$root" --hostname=localhost \
    --system-call-filter="landlock_create_ruleset landlock_add_rule landlock_restrict_self" \
    > "$work/boot.log" 2>&1 &
nspawn_pid=$!
leader=
for _ in $(seq 1 100); do
    # The container's init: nspawn's child whose name is systemd (helpers come and go first).
    leader=
    for child in $(pgrep -P "$nspawn_pid" || true); do
        if [ "$(cat "/proc/$child/comm" 2>/dev/null)" = systemd ]; then
            leader=$child
        fi
    done
    [ -n "$leader" ] && break
    kill -0 "$nspawn_pid" 2>/dev/null || { cat "$work/boot.log"; skip "systemd-nspawn cannot boot a container on this machine"; }
    sleep 0.1
done
[ -n "$leader" ] || skip "no container init appeared (systemd-nspawn -b)"
inside() { nsenter -t "$leader" -m -u -i -n -p "$@"; }
state=
for _ in $(seq 1 150); do
    state=$(inside systemctl is-active caja.service 2>/dev/null || true)
    [ "$state" = active ] && break
    sleep 0.2
done
[ "$state" = active ] || { inside systemctl status caja.service --no-pager || true; fail "caja.service is $state"; }
echo "caja.service active $((SECONDS - boot_started)) s after the boot began"

echo "== the till: caja's, confined"
pid=$(inside systemctl show -p MainPID --value caja.service)
user=$(inside ps -o user= -p "$pid" 2>/dev/null || inside stat -c %U "/proc/$pid")
inside grep -E 'NoNewPrivs|Seccomp:' "/proc/$pid/status" | tee "$work/status.txt"
grep -Eq 'NoNewPrivs:\s+1' "$work/status.txt" || fail "no no_new_privs"
grep -Eq 'Seccomp:\s+2' "$work/status.txt" || fail "no seccomp filter"
[ "$user" = caja ] || fail "the till runs as $user"

echo "== the till reached the fiscal endpoint it is configured for"
reached=
for _ in $(seq 1 100); do
    if inside journalctl -u caja-test-agency --no-pager 2>/dev/null | grep -q 'CN = 89890001K ULTRAMARINOS CAJA DEMO'; then
        reached=yes
        break
    fi
    sleep 0.2
done
inside journalctl -u caja-test-agency --no-pager | tail -5
[ -n "$reached" ] || fail "the endpoint never saw the till's certificate"

echo "== caja doctor inside"
inside caja doctor | tee "$work/doctor.txt" || true
for id in till-confined confinement unit unit-enabled store key; do
    grep -Eq "^green +$id " "$work/doctor.txt" || fail "doctor: $id is not green"
done

echo "== a crash: systemd restarts the till, which audits how its last process ended"
inside sh -c "kill -9 $pid"
restarted=
for _ in $(seq 1 100); do
    now=$(inside systemctl show -p MainPID --value caja.service 2>/dev/null || true)
    if [ -n "$now" ] && [ "$now" != 0 ] && [ "$now" != "$pid" ] \
        && [ "$(inside systemctl is-active caja.service 2>/dev/null || true)" = active ]; then
        restarted=$now
        break
    fi
    sleep 0.2
done
[ -n "$restarted" ] || fail "the till was not restarted after kill -9"
echo "restarted: pid $pid → $restarted"
audited=
for _ in $(seq 1 50); do
    if inside caja audit tail --limit 5 2>/dev/null | grep -q 'till_restarted'; then
        audited=yes
        break
    fi
    sleep 0.2
done
inside caja audit tail --limit 5 | grep 'till_restarted' || true
[ -n "$audited" ] || fail "the restart after the crash was not audited"

# SIGRTMIN+4: systemd powers off (no bus needed).
kill -s RTMIN+4 "$leader" 2>/dev/null || true
wait "$nspawn_pid" 2>/dev/null || true
nspawn_pid=
echo "boot test passed in $((SECONDS - started)) s"
