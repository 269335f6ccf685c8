# Sourced by tests/package.sh, tests/nspawn-boot.sh and tests/container.sh: a throwaway minimal
# Debian root.
#   fail WHY / skip WHY                    end the test: failed, or skipped loudly (exit 0);
#   debian_root DEB ROOT [EXTRA,PACKAGES]  makes ROOT with mmdebstrap (minbase, the suite and
#                                          mirror this machine's apt uses) holding DEB's
#                                          Depends and the extras, and a hosts file;
#   in_root ARGS…                          runs a command inside it (systemd-nspawn, no boot).
debian_root() {
    local deb=$1 root=$2 extra=${3:-} deps mirror suite
    deps=$(dpkg-deb -f "$deb" Depends | sed 's/([^)]*)//g; s/ //g')
    mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
    mirror=${mirror:-http://deb.debian.org/debian}
    suite=$(. /etc/os-release && echo "$VERSION_CODENAME")
    mmdebstrap --quiet --variant=minbase --include="$deps${extra:+,$extra}" "$suite" "$root" "$mirror"
    printf '127.0.0.1 localhost\n' > "$root/etc/hosts"
    DEBIAN_ROOT=$root
}

in_root() {
    systemd-nspawn -q --register=no --keep-unit -D "$DEBIAN_ROOT" --pipe --hostname=localhost \
        "${IN_ROOT_OPTIONS[@]}" "$@" 2> >(grep -v 'propagate' >&2)
}
IN_ROOT_OPTIONS=()

fail() {
    echo "FAIL: $*" >&2
    exit 1
}
skip() {
    echo "SKIPPED: $*" >&2
    exit 0
}
