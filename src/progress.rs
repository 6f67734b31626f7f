//! What a build shows on a terminal while it runs: its stage and a bar of the files it has
//! made (indicatif), from its first second on; nothing when stderr is not a terminal, or with
//! `--quiet`.

use crate::diagnostics::Error;
use crate::output::Sink;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::Path;
use std::time::Duration;

/// A build's progress display (hidden unless `shown` was asked and stderr is a terminal).
pub struct Progress {
    bar: ProgressBar,
}

/// How long a build runs before its progress is drawn: a quick build prints only its result.
const QUIET_FOR: Duration = Duration::from_secs(1);

impl Progress {
    /// A display drawn from one second on, if `wanted` and stderr is a terminal; else hidden.
    pub fn new(wanted: bool) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
        if let Ok(style) =
            ProgressStyle::with_template("{msg:<10} [{wide_bar}] {human_pos}/{human_len} files")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        if wanted && std::io::stderr().is_terminal() {
            let later = bar.clone();
            std::thread::spawn(move || {
                std::thread::sleep(QUIET_FOR);
                if !later.is_finished() {
                    later.set_draw_target(ProgressDrawTarget::stderr());
                    later.enable_steady_tick(Duration::from_millis(100));
                }
            });
        }
        Progress { bar }
    }

    /// A display that never draws.
    pub fn hidden() -> Progress {
        Progress::new(false)
    }

    /// The stage the build has reached ("loading", "rendering", "writing").
    pub fn stage(&self, name: &'static str) {
        self.bar.set_message(name);
    }

    /// Runs `f` (which prints) with the display out of the way.
    pub fn aside<R>(&self, f: impl FnOnce() -> R) -> R {
        self.bar.suspend(f)
    }
}

/// The display leaves the terminal with the build, before its last line or its problems.
impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

/// A sink that counts the files put into another on the display.
pub(crate) struct Counted<'a> {
    pub sink: &'a dyn Sink,
    pub progress: &'a Progress,
}

impl Sink for Counted<'_> {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        self.sink.put(rel, bytes)?;
        self.progress.bar.inc(1);
        Ok(())
    }

    fn copy(&self, rel: &str, from: &Path) -> Result<(), Error> {
        self.sink.copy(rel, from)?;
        self.progress.bar.inc(1);
        Ok(())
    }

    fn expect(&self, files: usize) {
        self.progress.bar.inc_length(files as u64);
    }
}
