/**
 * Preload for the CLI: every way Node can open a network connection or
 * resolve a name is replaced by one that records the attempt in
 * ARMLINT_TEST_NETWORK_LOG and throws.
 */
const fs = require('node:fs');
const log = process.env.ARMLINT_TEST_NETWORK_LOG;
const deny = (what) =>
  function denied() {
    fs.appendFileSync(log, `${what}\n`);
    throw new Error(`network access denied in test: ${what}`);
  };
const net = require('node:net');
net.connect = deny('net.connect');
net.createConnection = deny('net.createConnection');
net.Socket.prototype.connect = deny('net.Socket#connect');
for (const name of ['http', 'https', 'http2']) {
  const mod = require(`node:${name}`);
  for (const fn of ['request', 'get', 'connect']) if (typeof mod[fn] === 'function') mod[fn] = deny(`${name}.${fn}`);
}
require('node:tls').connect = deny('tls.connect');
require('node:dgram').createSocket = deny('dgram.createSocket');
const dns = require('node:dns');
for (const fn of Object.keys(dns)) if (typeof dns[fn] === 'function' && /^(lookup|resolve)/.test(fn)) dns[fn] = deny(`dns.${fn}`);
for (const fn of Object.keys(dns.promises)) if (typeof dns.promises[fn] === 'function' && /^(lookup|resolve)/.test(fn)) dns.promises[fn] = deny(`dns.promises.${fn}`);
if (typeof globalThis.fetch === 'function') globalThis.fetch = deny('fetch');
if (typeof globalThis.WebSocket === 'function') globalThis.WebSocket = deny('WebSocket');
