/**
 * `faultline gate`: asks the collector for the verdict (once, or every GATE_POLL_MS until pass
 * or fail within --wait), prints it, tells GitHub Actions, and exits with it.
 */

import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { GATE_POLL_MS, GATE_REQUEST_TIMEOUT_MS } from '../limits.js';
import { GATE_EXIT, type GateArgs } from './gate-args.js';
import { type GateAnswer, gateMarkdown, gateTable } from './gate-report.js';

/** The collector could not be asked, or refused the question (its problem's detail). */
class GateUnanswered extends Error {}

function gateUrl(args: GateArgs): string {
  const url = new URL('/api/v1/gate', args.url);
  const q = url.searchParams;
  q.set('project', String(args.project));
  q.set('canary', args.canary as string);
  q.set('baseline', args.baseline as string);
  if (args.environment !== undefined) q.set('environment', args.environment);
  if (args.since !== undefined) q.set('since', args.since);
  if (args.alpha !== undefined) q.set('alpha', String(args.alpha));
  if (args.minRequests !== undefined) q.set('minRequests', String(args.minRequests));
  if (args.margin !== undefined) q.set('margin', String(args.margin));
  return url.href;
}

async function ask(args: GateArgs): Promise<GateAnswer> {
  let res: Response;
  try {
    res = await fetch(gateUrl(args), {
      headers: { authorization: `Bearer ${args.token}`, accept: 'application/json' },
      signal: AbortSignal.timeout(GATE_REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause;
    throw new GateUnanswered(
      `the collector at ${args.url} could not be reached: ${cause?.message ?? (error as Error).message}`,
    );
  }
  const body = (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (res.status !== 200 || body === undefined || typeof body.verdict !== 'string')
    throw new GateUnanswered(
      `the collector answered ${res.status}: ${typeof body?.detail === 'string' ? body.detail : 'not a verdict'}`,
    );
  return body as unknown as GateAnswer;
}

/** GitHub Actions: the summary, the `verdict` output, and an annotation for a failure. */
function tellGithub(answer: GateAnswer, env: NodeJS.ProcessEnv): void {
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, gateMarkdown(answer));
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `verdict=${answer.verdict}\n`);
  if (answer.verdict === 'fail' && env.GITHUB_ACTIONS === 'true')
    console.log(`::error title=Faultline gate failed::${answer.reason.replace(/[\r\n%]/g, ' ')}`);
}

/**
 * @example process.exit(await runGate(parseGateArgs(argv, process.env)))
 */
export async function runGate(args: GateArgs, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const until = Date.now() + args.waitMs;
  let answer: GateAnswer;
  try {
    answer = await ask(args);
    while (answer.verdict === 'inconclusive' && Date.now() + GATE_POLL_MS <= until) {
      if (!args.json)
        console.error(`inconclusive: ${answer.reason}; asking again in ${GATE_POLL_MS / 1000} s`);
      await sleep(GATE_POLL_MS);
      answer = await ask(args);
    }
  } catch (error) {
    if (!(error instanceof GateUnanswered)) throw error;
    console.error(`faultline gate: ${error.message}`);
    return GATE_EXIT.unreachable;
  }
  console.log(args.json ? JSON.stringify(answer) : gateTable(answer));
  tellGithub(answer, env);
  return GATE_EXIT[answer.verdict];
}
