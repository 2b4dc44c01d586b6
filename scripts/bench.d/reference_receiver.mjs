// The reference webhook receiver the bench compares against: the verify-then-respond handler from
// Hint's documentation, in Node's http module. HMAC-SHA256 of the raw body compared with
// crypto.timingSafeEqual, then the event appended to a file and fsynced before the 200.
// `sync` (diagnosis only, BENCH_REFERENCE=sync): appendFileSync + fsyncSync instead, the blocking
// form of the same handler, one fsync at a time; the default lets libuv's thread pool overlap them.
//   node reference_receiver.mjs <port, 0 = any free> <secret> <events file> [async|sync]
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { open } from 'node:fs/promises';
import { appendFileSync, fsyncSync, openSync } from 'node:fs';

const [port, secret, file, mode = 'async'] = process.argv.slice(2);
const events = await open(file, 'a');
const eventsFd = mode === 'sync' ? openSync(file, 'a') : -1;

createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', async () => {
    const body = Buffer.concat(chunks);
    const header = req.headers['x-hint-signature'] || '';
    const expected = Buffer.from('sha256=' + createHmac('sha256', secret).update(body).digest('hex'));
    const given = Buffer.from(String(header).toLowerCase());
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.writeHead(401).end();
      return;
    }
    try {
      if (eventsFd >= 0) {
        appendFileSync(eventsFd, Buffer.concat([body, Buffer.from('\n')]));
        fsyncSync(eventsFd);
      } else {
        await events.appendFile(Buffer.concat([body, Buffer.from('\n')]));
        await events.sync();
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"received":true}');
    } catch {
      res.writeHead(500).end();
    }
  });
}).listen(Number(port), '127.0.0.1', function () {
  // The bench reads the bound port (0 picks a free one) from this line.
  console.error(`listening 127.0.0.1:${this.address().port}`);
});
