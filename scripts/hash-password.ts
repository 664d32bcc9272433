// `npm run hash-password`: reads a password on standard input and prints the hash to configure as
// --basic-auth-user=<name>:<hash>. The password is never taken from the command line, where it would
// land in the shell history and the process list.
import { hashPassword } from '../lib/auth/password';

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const password = Buffer.concat(chunks)
  .toString('utf8')
  .replace(/\r?\n$/, '');
if (password === '') {
  process.stderr.write(
    'hash-password: give the password on standard input, e.g. `read -s P; printf %s "$P" | npm run -s hash-password` (in the image: `node hash-password.mjs`)\n',
  );
  process.exit(1);
}
process.stdout.write(`${hashPassword(password)}\n`);
