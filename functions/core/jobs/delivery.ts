// How the job queue hands out chunks: facts the stack (SQS, Lambda) and the local queue share, and
// from which the sweep knows when a job can no longer be running.

/** A chunk is handed to the worker at most this many times, then goes to the dead-letter queue (SQS maxReceiveCount). */
export const DELIVERY_LIMIT = 3;

/** How long one delivery may run: the worker function's timeout. */
export const WORKER_TIMEOUT_SECONDS = 5 * 60;

/**
 * How long the queue hides a chunk it handed out before handing it out again: six worker
 * timeouts, as AWS advises for a Lambda consumer (a throttled invocation is retried meanwhile).
 */
export const VISIBILITY_TIMEOUT_SECONDS = 6 * WORKER_TIMEOUT_SECONDS;

/**
 * A job is stalled once it has shown no sign of life (a chunk beginning, a chunk recorded) for
 * longer than this. Every delivery of a chunk beats, and deliveries of a live chunk follow each
 * other within the visibility timeout (a delivery that ran into the worker timeout comes back
 * then), so a job silent for a visibility timeout plus a worker timeout has nothing left on the
 * queue: its chunks were lost, or the dead-letter path failed too.
 */
export const STALL_AFTER_MS = (VISIBILITY_TIMEOUT_SECONDS + WORKER_TIMEOUT_SECONDS) * 1000;
