/** Port: the claim on ending a job, held by the one caller that builds its file and marks it done. */
export interface FinalizeClaim {
  /**
   * True for the one caller that may end the job, once every chunk is recorded (`at`: now; a
   * claim a worker timeout old was left by a worker that died, and may be taken over).
   */
  claimFinalize(companyId: string, jobId: string, at?: string): Promise<boolean>;
  /** Lets go of the claim made at `at`, unless the job has ended or another caller has taken it over. */
  releaseFinalize(companyId: string, jobId: string, at: string): Promise<void>;
}

/**
 * Ends a job as the one caller that may (nothing when another holds the claim or the job is not
 * ready). When ending fails (a part that did not download, a reset connection), the claim is let
 * go before the error goes back to the queue, so the message's next delivery, a second later,
 * ends the job. A claim left held would make that delivery return at once as if all were well,
 * and the job would stay 実行中 until a takeover a worker timeout later, or the sweep's.
 */
export async function endAsFinalizer(jobs: FinalizeClaim, companyId: string, jobId: string, at: string, end: () => Promise<void>): Promise<void> {
  if (!(await jobs.claimFinalize(companyId, jobId, at))) return;
  try {
    await end();
  } catch (error) {
    // When letting go fails as well, the takeover after a worker timeout still ends the job.
    await jobs.releaseFinalize(companyId, jobId, at).catch(() => undefined);
    throw error;
  }
}
