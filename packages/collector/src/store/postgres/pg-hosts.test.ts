import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostUrls } from './pg-hosts.js';

test('a URL of one host is left to pg', () => {
  assert.equal(hostUrls('postgres://u:p@db:5432/faultline?sslmode=require'), undefined);
});

test('a host list becomes one URL per host, in order, without target_session_attrs', () => {
  assert.deepEqual(
    hostUrls(
      'postgres://u:p%40ss@db1:5432,db2:5433,[::1]:5434/faultline?target_session_attrs=read-write&sslmode=require',
    ),
    [
      'postgres://u:p%40ss@db1:5432/faultline?sslmode=require',
      'postgres://u:p%40ss@db2:5433/faultline?sslmode=require',
      'postgres://u:p%40ss@[::1]:5434/faultline?sslmode=require',
    ],
  );
  assert.deepEqual(hostUrls('postgresql://db1,db2/faultline'), [
    'postgresql://db1/faultline',
    'postgresql://db2/faultline',
  ]);
});

test('a session kind the collector cannot write on, or an empty host, is a configuration error', () => {
  assert.throws(() => hostUrls('postgres://db1,db2/f?target_session_attrs=read-only'), {
    code: 'FL_CONFIG',
    message: /read-only.*only read-write or primary/,
  });
  assert.throws(() => hostUrls('postgres://db1,,db2/f'), { code: 'FL_CONFIG', message: /empty host/ });
});
