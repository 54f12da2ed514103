/**
 * One error base: every error class the hub declares derives from CodedError (src/errors.ts), and the
 * API answers each with the client code API_CODE gives it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { GraphQLError } from 'graphql';
import { SourceUnavailableError } from '../../../connectors/errors';
import { MappingError } from '../../../connectors/mapping';
import { API_CODE, CodedError } from '../../../src/errors';
import { formatError } from '../../../src/graphql/server';
import { SyncLockedError } from '../../../src/ingest/lock';
import { LockLostError, LockTimeoutError } from '../../../src/infra/lock';
import { FlagWorkflowError } from '../../../src/reconcile/flags';

const ROOT = join(__dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'generated' ? [] : sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

it('declares no error class outside the CodedError hierarchy (HubError is the API form of a code)', () => {
  const offenders: string[] = [];
  for (const file of ['src', 'connectors', 'jobs'].flatMap((dir) => sourceFiles(join(ROOT, dir)))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/class (\w+) extends (Error|TypeError|RangeError)\b/g)) offenders.push(`${relative(ROOT, file)}: ${match[1]}`);
  }
  expect(offenders).toEqual(["src/errors.ts: CodedError"]);
});

/** What a client sees for an error a resolver threw. */
const seen = (error: Error) => formatError(new GraphQLError(error.message, { originalError: error }).toJSON(), error);

it.each([
  [new SyncLockedError('industrial', null), 'CONFLICT'],
  [new LockLostError('reconcile'), 'CONFLICT'],
  [new LockTimeoutError('close'), 'CONFLICT'],
  [new FlagWorkflowError('NOT_FOUND', 'no flag F-1'), 'NOT_FOUND'],
])('the API answers %p with %s and its message', (error, code) => {
  expect(error).toBeInstanceOf(CodedError);
  expect(seen(error)).toMatchObject({ message: error.message, extensions: { code } });
});

it.each([[new MappingError('grams: not a number')], [new SourceUnavailableError('industrial', 'circuit-open', 'down')]])(
  'masks %p as an internal error',
  (error) => {
    expect(API_CODE[error.code]).toBe('INTERNAL_SERVER_ERROR');
    expect(seen(error)).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  },
);

it('keeps the class name as the error name', () => {
  expect(new LockLostError('x').name).toBe('LockLostError');
  expect(new SourceUnavailableError('s', 'retries-exhausted', 'm').name).toBe('SourceUnavailableError');
});
