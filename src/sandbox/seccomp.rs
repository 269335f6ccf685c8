//! seccomp from `policies/seccomp.json`: the typed policy becomes seccompiler's JSON (one filter
//! per errno, since a filter has one match action), is compiled for this machine's
//! architecture, and installed on every thread at once (TSYNC) with the kernel's LOG flag, so
//! each refused call is recorded in the kernel audit log (`type=1326`). Installing it also
//! sets `no_new_privs`.

use super::policy::{Errno, SeccompPolicy};
use seccompiler::{BpfProgram, TargetArch};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The `CLONE_NEW*` flags `clone` may not carry.
const CLONE_NAMESPACE_FLAGS: [u64; 7] = [
    0x0002_0000, // CLONE_NEWNS
    0x0200_0000, // CLONE_NEWCGROUP
    0x0400_0000, // CLONE_NEWUTS
    0x0800_0000, // CLONE_NEWIPC
    0x1000_0000, // CLONE_NEWUSER
    0x2000_0000, // CLONE_NEWPID
    0x4000_0000, // CLONE_NEWNET
];

fn arch() -> Result<TargetArch, String> {
    TargetArch::try_from(std::env::consts::ARCH).map_err(|_| {
        format!(
            "seccomp: no filter for the {} architecture",
            std::env::consts::ARCH
        )
    })
}

/// seccompiler's JSON for the policy: one filter per errno.
pub fn to_seccompiler_json(policy: &SeccompPolicy) -> Value {
    let mut filters: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for rule in &policy.rules {
        let list = filters
            .entry(format!("{:?}", rule.errno).to_lowercase())
            .or_default();
        for call in &rule.syscalls {
            if rule.clone_namespace_flags {
                for flag in CLONE_NAMESPACE_FLAGS {
                    list.push(json!({
                        "syscall": call,
                        "args": [{"index": 0, "type": "qword", "op": {"masked_eq": flag}, "val": flag}],
                        "comment": rule.why,
                    }));
                }
            } else {
                list.push(json!({"syscall": call, "comment": rule.why}));
            }
        }
    }
    let errno_of = |name: &str| {
        if name == "enosys" {
            Errno::ENOSYS.code()
        } else {
            Errno::EPERM.code()
        }
    };
    Value::Object(
        filters
            .into_iter()
            .map(|(name, rules)| {
                let filter = json!({
                    "mismatch_action": "allow",
                    "match_action": {"errno": errno_of(&name)},
                    "filter": rules,
                });
                (name, filter)
            })
            .collect(),
    )
}

/// Compiles the policy for this machine: one BPF program per errno.
pub fn compile(policy: &SeccompPolicy) -> Result<Vec<(String, BpfProgram)>, String> {
    let text = to_seccompiler_json(policy).to_string();
    let map = seccompiler::compile_from_json(text.as_bytes(), arch()?)
        .map_err(|e| format!("seccomp: {e}"))?;
    let mut programs: Vec<(String, BpfProgram)> = map.into_iter().collect();
    programs.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(programs)
}

/// Installs every filter on all threads; the kernel logs each refused call to its audit log.
pub fn install(policy: &SeccompPolicy) -> Result<usize, String> {
    let programs = compile(policy)?;
    for (name, program) in &programs {
        // clone3's ENOSYS is the expected fallback on every new thread: not worth a log line.
        let log = name != "enosys";
        super::sys::install_seccomp(program, log).map_err(|e| format!("{e} ({name})"))?;
    }
    Ok(policy.denied().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_compiles_for_this_machine_with_one_filter_per_errno() {
        let policy = SeccompPolicy::built_in().unwrap();
        let programs = compile(&policy).unwrap();
        let names: Vec<&str> = programs.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["enosys", "eperm"]);
        // Every refused call costs a few instructions; the ENOSYS filter holds clone3 alone.
        assert!(programs[0].1.len() >= 4 && programs[1].1.len() > 60);
        let json = to_seccompiler_json(&policy);
        let clone_rules = json["eperm"]["filter"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["syscall"] == "clone")
            .count();
        assert_eq!(clone_rules, CLONE_NAMESPACE_FLAGS.len());
        for arch in [TargetArch::x86_64, TargetArch::aarch64] {
            let text = json.to_string();
            seccompiler::compile_from_json(text.as_bytes(), arch)
                .unwrap_or_else(|e| panic!("{arch:?}: {e}"));
        }
    }

    #[test]
    fn a_call_unknown_to_the_kernel_is_a_clear_error() {
        let mut policy = SeccompPolicy::built_in().unwrap();
        policy.rules[0].syscalls.push("make_coffee".into());
        let e = compile(&policy).unwrap_err();
        assert!(e.contains("make_coffee"), "{e}");
    }
}
