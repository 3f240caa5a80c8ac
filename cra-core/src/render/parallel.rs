//! Independent rendering jobs (documents, and the large parts of the template context) on the
//! machine's cores. Templates are pure functions of the context, so the results, collected in
//! job order, are the same bytes whatever the number of threads.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

/// `f` applied to every job, results in job order; jobs run on up to as many threads as the
/// machine offers (one thread: in the caller's), the most costly first (by `cost`), so that a
/// large job started last does not keep one thread busy while the others idle.
pub(super) fn map<J: Sync, R: Send>(jobs: &[J], cost: impl Fn(&J) -> u32, f: impl Fn(&J) -> R + Sync) -> Vec<R> {
    let threads = thread::available_parallelism().map_or(1, usize::from).min(jobs.len());
    if threads <= 1 {
        return jobs.iter().map(&f).collect();
    }
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(cost(&jobs[i])));
    let next = AtomicUsize::new(0);
    let mut results: Vec<(usize, R)> = thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) else { break done };
                        done.push((i, f(&jobs[i])));
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
        let squares = super::map(
            &jobs,
            |n| u32::try_from(*n).unwrap_or(0),
            |n| {
                // Uneven work, so that threads finish out of order.
                std::thread::sleep(std::time::Duration::from_micros((100 - n) * 10));
                n * n
            },
        );
        assert_eq!(squares, jobs.iter().map(|n| n * n).collect::<Vec<_>>());
    }
}
