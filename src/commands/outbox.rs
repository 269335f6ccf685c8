//! `caja outbox …`: what waits to leave the till, a retry for what was parked, and the drill
//! that delivers a test topic under kill -9 for the tests.

use super::{Env, audit_now, open_store};
use crate::app::outbox::line::LineTopic;
use crate::app::outbox::{Order, deliver_until_quiet};
use crate::cli::OutboxCommand;
use anyhow::{Result, bail};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// The drill's topic.
pub const DRILL: &str = "drill";

/// The topics a till has today.
const TOPICS: &[&str] = &[crate::app::outbox::print::TOPIC, DRILL];

pub(super) fn run(env: &Env, command: OutboxCommand) -> Result<ExitCode> {
    match command {
        OutboxCommand::List { topic, json } => list(env, topic.as_deref(), json),
        OutboxCommand::Retry { topic, id } => {
            let store = open_store(env)?;
            let n = store.outbox_retry(&topic, id)?;
            audit_now(
                &store,
                env,
                "outbox_retry",
                serde_json::json!({"topic": topic, "id": id, "messages": n}),
            )?;
            println!("{n} message(s) of {topic} will be tried again at once");
            Ok(ExitCode::SUCCESS)
        }
        OutboxCommand::Drill { to, timeout_secs } => {
            let store = open_store(env)?;
            let mut topic = LineTopic::new(DRILL, to, Order::Ordered);
            let deadline = Instant::now() + Duration::from_secs(timeout_secs);
            loop {
                let round = deliver_until_quiet(&store, &mut topic, deadline)?;
                if round.waiting == 0 {
                    println!("drill: every message delivered");
                    return Ok(ExitCode::SUCCESS);
                }
                if Instant::now() >= deadline {
                    bail!(
                        "drill: {} message(s) still wait after {timeout_secs} s: {}",
                        round.waiting,
                        round.error.unwrap_or_default()
                    );
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
}

fn list(env: &Env, only: Option<&str>, json: bool) -> Result<ExitCode> {
    let store = open_store(env)?;
    let mut all = Vec::new();
    for topic in TOPICS.iter().filter(|t| only.is_none_or(|o| o == **t)) {
        all.extend(store.outbox_waiting(topic)?);
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&all)?);
        return Ok(ExitCode::SUCCESS);
    }
    if all.is_empty() {
        println!("nothing waits to leave the till");
    }
    for m in &all {
        println!(
            "#{:<6} {:<6} {:<8} {:<7} tries {:<3} since {}  {}",
            m.id,
            m.topic,
            m.kind,
            format!("{:?}", m.state).to_lowercase(),
            m.attempts,
            m.created_at,
            m.last_error.as_deref().unwrap_or("")
        );
    }
    Ok(ExitCode::SUCCESS)
}
