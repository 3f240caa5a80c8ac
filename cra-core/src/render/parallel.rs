//! Independent rendering jobs (documents, and the large parts of the template context) on the
//! machine's cores. Templates are pure functions of the context, so the results, collected in
//! job order, are the same bytes whatever the number of threads.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

/// `f` applied to every job, results in job order; jobs run on up to as many threads as the
/// machine offers (one thread: in the caller's).
pub(super) fn map<J: Sync, R: Send>(jobs: &[J], f: impl Fn(&J) -> R + Sync) -> Vec<R> {
    let threads = thread::available_parallelism().map_or(1, usize::from).min(jobs.len());
    if threads <= 1 {
        return jobs.iter().map(&f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut results: Vec<(usize, R)> = thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(job) = jobs.get(i) else { break done };
                        done.push((i, f(job)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_come_in_job_order() {
        let jobs: Vec<u64> = (0..100).collect();
        let squares = super::map(&jobs, |n| {
            // Uneven work, so that threads finish out of order.
            std::thread::sleep(std::time::Duration::from_micros((100 - n) * 10));
            n * n
        });
        assert_eq!(squares, jobs.iter().map(|n| n * n).collect::<Vec<_>>());
    }
}
