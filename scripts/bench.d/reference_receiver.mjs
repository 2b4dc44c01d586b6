// The reference webhook receiver the bench compares against: the verify-then-respond handler from
// Hint's documentation, in Node's http module. HMAC-SHA256 of the raw body compared with
// crypto.timingSafeEqual, then the event appended to a file and fsynced before the 200.
//   node reference_receiver.mjs <port, 0 = any free> <secret> <events file>
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { open } from 'node:fs/promises';

const [port, secret, file] = process.argv.slice(2);
const events = await open(file, 'a');

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
      await events.appendFile(Buffer.concat([body, Buffer.from('\n')]));
      await events.sync();
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"received":true}');
    } catch {
      res.writeHead(500).end();
    }
  });
}).listen(Number(port), '127.0.0.1', function () {
  // The bench reads the bound port (0 picks a free one) from this line.
  console.error(`listening 127.0.0.1:${this.address().port}`);
});
