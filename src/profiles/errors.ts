/** Errors of the profile host, each saying what was wrong and what to do. The API maps them to 4xx. */

export class ProfileNotFoundError extends Error {
  readonly status = 404;
  constructor(ref: string | number) {
    super(`No profile ${typeof ref === 'number' ? `with id ${ref}` : `"${ref}"`}. List them with \`plentygate profile:list\`.`);
    this.name = 'ProfileNotFoundError';
  }
}

export class ProfileExistsError extends Error {
  readonly status = 409;
  constructor(typeId: string, existingId: number) {
    super(`A profile of type ${typeId} already exists (id ${existingId}): there is at most one profile per type.`);
    this.name = 'ProfileExistsError';
  }
}

export class ConfigValidationError extends Error {
  readonly status = 422;
  constructor(readonly problems: string[], what = 'config') {
    super(`The ${what} is invalid:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

export class RunNotFoundError extends Error {
  readonly status = 404;
  constructor(runId: number) {
    super(`No run with id ${runId}. See runs with \`plentygate profile:history\`.`);
    this.name = 'RunNotFoundError';
  }
}

export class RunNotResumableError extends Error {
  readonly status = 409;
  constructor(runId: number, status: string) {
    super(`Run ${runId} is ${status}: only a paused or failed run can be resumed${status === 'running' ? ' (pause it first)' : ''}.`);
    this.name = 'RunNotResumableError';
  }
}

export class RunStillStoppingError extends Error {
  readonly status = 409;
  constructor(runId: number) {
    super(`Run ${runId} is paused but its worker is still finishing the current batch; resume it once that batch is done (in a moment).`);
    this.name = 'RunStillStoppingError';
  }
}
