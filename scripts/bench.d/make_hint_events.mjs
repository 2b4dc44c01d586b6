// Writes distinct, signed Hint webhook events for the wrk script: one file per wrk thread, one
// line per event, "<X-Hint-Signature>\t<body>" (bodies are single-line JSON).
//   node make_hint_events.mjs <secret> <events per file> <files> <out prefix>
import { createHmac, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';

const [secret, perFile, files, prefix] = process.argv.slice(2);
const run = randomBytes(4).toString('hex');  // ids never repeat across bench runs
for (let f = 0; f < Number(files); f++) {
  const out = createWriteStream(`${prefix}.${f}`);
  const lines = [];
  for (let i = 0; i < Number(perFile); i++) {
    const n = `${run}-${f}-${i}`;
    // A patient.updated envelope shaped like Hint's (a trimmed patient object, ~600 bytes).
    const body = JSON.stringify({
      id: `evt-${n}`,
      created_at: '2026-02-19T10:49:21.419-08:00',
      type: 'patient.updated',
      practice_id: `pra-bench${i % 8}`,
      object: {
        id: `pat-${n}`,
        first_name: 'Gordon', last_name: 'Sumner', middle_name: 'Thomas', name: 'Gordon Thomas Sumner',
        dob: '1966-10-02', email: 'bench@example.com', gender: 'male',
        phones: [{ number: '+15553050051', type: 'mobile' }],
        address_line1: '157 E Houston St', address_city: 'New York', address_state: 'NY', address_zip: '10002',
        membership_status: 'active', external_link_id: `ext-${i}`,
        updated_at: new Date(Date.UTC(2026, 1, 19) + i * 1000).toISOString(),
      },
    });
    const signature = 'sha256=' + createHmac('sha256', secret).update(body).digest('hex');
    lines.push(`${signature}\t${body}\n`);
    if (lines.length === 10000) out.write(lines.splice(0).join(''));
  }
  out.end(lines.join(''));
}
