//! `hadr failover --drill` and `hadr drill cleanup`.

use super::SwitchArgs;
use super::commands::{base_request, load_for_switch, run_apply, save_and_confirm};
use crate::diag::{Diagnostic, Diagnostics, SourceMap};
use crate::dr::drill::{plan_drill, read_record};
use crate::dr::switch::DrPlan;
use crate::plan::render::{Style, render_plan};
use std::path::Path;

pub async fn run(dir: &Path, cleanup: bool, sw: &SwitchArgs, color: bool, sources: &mut SourceMap) -> Result<i32, Diagnostics> {
    let record = if cleanup {
        match read_record(dir) {
            Some(r) => Some(r),
            None => {
                println!("No drill to clean up.");
                return Ok(0);
            }
        }
    } else {
        if read_record(dir).is_some() {
            return Err(Diagnostics(vec![
                Diagnostic::error("A drill is still in place").hint("Run `hadr drill cleanup` before starting another drill."),
            ]));
        }
        None
    };
    let (loaded, decl, _lock, state, provider) = load_for_switch(dir, "drill", &sw.args.lock, color, sources)?;
    let current = decl.current(&state);
    let (plan, warnings) = {
        let base = base_request(&loaded, sources, &state, &provider, sw);
        plan_drill(base, &decl, &current, record).await?
    };
    if !warnings.is_empty() {
        eprint!("{}", warnings.render(sources, color));
    }
    let dr = DrPlan::from_plan(&plan).expect("drill plans carry steps");
    print!("{}", render_plan(&plan, Style { color }));
    print!("{}", crate::dr::report::render(&plan, &dr, Style { color }));
    if let Some(code) = save_and_confirm(&plan, sw, if cleanup { "drill cleanup" } else { "drill" })? {
        return Ok(code);
    }
    run_apply(sources, &plan, &loaded, state, provider, dir, sw.args.parallelism as usize, false, color).await
}
