// The failures every example app can produce, so that each framework is tested on the
// same inputs. Each entry throws (or rejects with) one kind of error.
import { Readable } from 'node:stream';
import { HttpError } from '@faultline/core';
import Boom from '@hapi/boom';
import createError from 'http-errors';

/** A message that holds a secret and SQL: it must reach the log (scrubbed), never the body. */
export const SECRET_MESSAGE =
  "insert failed: password=hunter2 while running SELECT * FROM users WHERE email='ada@example.com' at /srv/app/db.js";

function connRefused() {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
    code: 'ECONNREFUSED',
    errno: -111,
    address: '127.0.0.1',
    port: 5432,
  });
}

class GetterBomb extends Error {
  get message() {
    throw new Error('message getter');
  }
  get name() {
    throw new Error('name getter');
  }
  get stack() {
    throw new Error('stack getter');
  }
  get cause() {
    throw new Error('cause getter');
  }
}

function trapBomb() {
  const throwing = () => {
    throw new Error('trap');
  };
  const traps = Object.fromEntries(
    [
      'get',
      'set',
      'has',
      'ownKeys',
      'getPrototypeOf',
      'getOwnPropertyDescriptor',
      'defineProperty',
      'deleteProperty',
      'apply',
      'construct',
      'isExtensible',
      'preventExtensions',
      'setPrototypeOf',
    ].map((t) => [t, throwing]),
  );
  return new Proxy({}, traps);
}

function cycle() {
  const a = new Error('outer', { cause: undefined });
  const b = new Error('inner', { cause: a });
  a.cause = b;
  return a;
}

/** name → a function that throws. */
export const failures = {
  boom: () => {
    throw new Error(SECRET_MESSAGE);
  },
  'type-error': () => {
    const user = undefined;
    return user.name;
  },
  'http-error': () => {
    throw new HttpError(404, 'No order with id 42');
  },
  'http-error-503': () => {
    throw new HttpError(503, 'Down for maintenance', { retryAfter: 120, expose: true });
  },
  'http-errors': () => {
    throw createError(409, 'Order already exists');
  },
  'http-errors-500': () => {
    throw createError(500, 'secret internal detail');
  },
  boom4xx: () => {
    throw Boom.badRequest('Quantity must be positive');
  },
  boom5xx: () => {
    throw Boom.badImplementation('secret boom detail');
  },
  dependency: () => {
    throw new Error('could not load user', { cause: connRefused() });
  },
  timeout: () => {
    throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
  },
  string: () => {
    throw 'a thrown string with password=hunter2';
  },
  null: () => {
    throw null;
  },
  undefined: () => {
    throw undefined;
  },
  number: () => {
    throw 42;
  },
  symbol: () => {
    throw Symbol('thrown');
  },
  object: () => {
    throw { message: 'plain object', password: 'hunter2' };
  },
  proxy: () => {
    throw trapBomb();
  },
  getters: () => {
    throw new GetterBomb('x');
  },
  'to-string': () => {
    throw {
      toString() {
        throw new Error('toString');
      },
    };
  },
  cycle: () => {
    throw cycle();
  },
};

export const FAILURE_NAMES = Object.keys(failures);

/** Rejects asynchronously with the named failure (the common case in real handlers). */
export async function fail(name) {
  await new Promise((resolve) => setImmediate(resolve));
  return failures[name]();
}

/** A body stream that sends some bytes, then fails: an error after the headers went out. */
export function failingStream() {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        this.push('partial body ');
        setTimeout(() => this.destroy(new Error('stream failed mid-body')), 20);
      }
    },
  });
}
