//! `caja users list|add|disable|enable|set-pin|set-role|training|unlock`: people management from the
//! command line, with the store's rules (no easy PINs, a PIN set by someone else changed at
//! its first use, always one active manager) and an audit row for every change. PINs come on
//! standard input, never on the command line (it shows in `ps` and the shell's history).

use super::{Env, audit_now, open_store};
use crate::cli::UsersCommand;
use crate::store::Store;
use crate::store::taxes::Author;
use crate::store::users::{LoginGuard, User};
use crate::till::permission::Role;
use anyhow::{Context, Result, bail};
use std::process::ExitCode;

pub(super) fn run(env: &Env, command: UsersCommand) -> Result<ExitCode> {
    let store = open_store(env)?;
    let at = crate::app::stamp_now();
    let who = Author {
        terminal: &env.settings.terminal,
        user_id: None,
        at: &at,
    };
    match command {
        UsersCommand::List => {
            for u in store.users()? {
                println!(
                    "{:>4}  {:<24} {:<11} {}{}{}",
                    u.id,
                    u.name,
                    u.role.as_str(),
                    if u.active { "active" } else { "disabled" },
                    if u.training { "  in training" } else { "" },
                    if u.must_change_pin {
                        "  (changes PIN at next login)"
                    } else {
                        ""
                    }
                );
            }
        }
        UsersCommand::Add { name, role } => {
            let role = role_of(&role)?;
            let pin = read_pin()?;
            let id = store.create_user(&name, role, &pin, false, &who)?;
            println!(
                "added user {id} ({name}, {}); the PIN is changed at its first use",
                role.as_str()
            );
        }
        UsersCommand::Disable { user } => {
            let u = find(&store, &user)?;
            store.set_user_active(u.id, false, &who)?;
            println!("{} is disabled", u.name);
        }
        UsersCommand::Enable { user } => {
            let u = find(&store, &user)?;
            store.set_user_active(u.id, true, &who)?;
            println!("{} is enabled", u.name);
        }
        UsersCommand::SetPin { user } => {
            let u = find(&store, &user)?;
            let pin = read_pin()?;
            store.set_user_pin(u.id, &pin, false, &who)?;
            println!("{}'s PIN was reset; it is changed at its first use", u.name);
        }
        UsersCommand::SetRole { user, role } => {
            let u = find(&store, &user)?;
            let role = role_of(&role)?;
            store.set_user_role(u.id, role, &who)?;
            println!("{} is now {}", u.name, role.as_str());
        }
        UsersCommand::Training { user, state } => {
            let u = find(&store, &user)?;
            store.set_user_training(u.id, state == "on", &who)?;
            println!("{} training: {state}", u.name);
        }
        UsersCommand::Unlock => {
            store.set_login_guard(&env.settings.terminal, &LoginGuard::default())?;
            audit_now(&store, env, "unlock", serde_json::json!({"via": "cli"}))?;
            println!("PIN lockout lifted on terminal {}", env.settings.terminal);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn role_of(text: &str) -> Result<Role> {
    Role::parse(text)
        .with_context(|| format!("«{text}» is not a role; use cashier, manager or technician"))
}

fn find(store: &Store, reference: &str) -> Result<User> {
    store
        .find_user(reference)?
        .with_context(|| format!("no user is called «{reference}» (or write #ID)"))
}

/// The PIN from standard input: one line, or two that must match (typed twice).
fn read_pin() -> Result<String> {
    let mut lines = std::io::stdin().lines();
    let first = lines.next().transpose()?.unwrap_or_default();
    if let Some(second) = lines.next().transpose()?
        && !second.trim().is_empty()
        && second.trim() != first.trim()
    {
        bail!("the two PINs differ; nothing was changed");
    }
    Ok(first.trim().to_string())
}
