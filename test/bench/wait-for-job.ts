/** A bench job's end state; a job that makes no progress for `stallMs` fails the bench instead of hanging it. */
export interface BenchJob {
  state: string;
  progress: { done: number; total: number };
  counts: { succeeded: number; failed: number; excluded: number };
  download: { url: string } | null;
}

export async function waitForJob(baseUrl: string, auth: Record<string, string>, jobId: string, stallMs = 15 * 60_000): Promise<BenchJob> {
  let job: BenchJob;
  let lastDone = -1;
  let lastChange = Date.now();
  do {
    await new Promise((r) => setTimeout(r, 250));
    job = (await fetch(`${baseUrl}/api/admin/jobs/${jobId}`, { headers: auth }).then((r) => r.json())) as BenchJob;
    if (job.progress.done !== lastDone) [lastDone, lastChange] = [job.progress.done, Date.now()];
    if (Date.now() - lastChange > stallMs) throw new Error(`job ${jobId} made no progress for ${stallMs / 60_000} minutes: ${JSON.stringify(job).slice(0, 500)}`);
  } while (job.state !== 'done' && job.state !== 'failed');
  return job;
}
