// Create, list and reset dashboard users from the shell:
//   npm run users -- create --email <email> [--role admin|editor|viewer] [--password <password>]
//   npm run users -- list
//   npm run users -- reset-password --email <email>
// A password not given is generated and printed once. With the embedded database, stop the API first.
import { parseArgs } from 'node:util';
import { passwordMinLength, userRoles, type UserRole } from '@clearance/contracts';
import { loadConfig } from '../config.ts';
import { generatePassword } from '../modules/users/passwords.ts';
import { createUser, listUsers, resetPassword } from '../modules/users/users.service.ts';
import { openDatabaseOrExit } from './open-database.ts';

const usage =
  'usage: users create --email <email> [--role admin|editor|viewer] [--password <password>] | users list | users reset-password --email <email>';
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { email: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' } },
});
const [command] = positionals;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

// Checked before the database is opened, so that a typo does not wait for it.
const role = (values.role ?? 'editor') as UserRole;
if (command === 'create') {
  if (!values.email || !/^[^\s@]+@[^\s@]+$/.test(values.email)) fail(`create needs --email <email>\n${usage}`);
  if (!userRoles.includes(role)) fail(`--role must be one of ${userRoles.join(', ')}`);
  if (values.password !== undefined && values.password.length < passwordMinLength) fail(`--password needs at least ${passwordMinLength} characters`);
} else if (command === 'reset-password') {
  if (!values.email) fail(`reset-password needs --email <email>\n${usage}`);
} else if (command !== 'list') {
  fail(usage);
}

const config = loadConfig();
const db = await openDatabaseOrExit(config);

let code = 0;
try {
  if (command === 'create') {
    const password = values.password ?? generatePassword();
    const user = await createUser(db.prisma, 'system', { email: values.email!, password, role });
    console.log(`created ${user.id} ${user.email} (${user.role})`);
    if (values.password === undefined) console.log(`password (shown once): ${password}`);
  } else if (command === 'reset-password') {
    const { user, password } = await resetPassword(db.prisma, values.email!);
    console.log(`reset ${user.id} ${user.email}; every session of the user has ended`);
    console.log(`password (shown once): ${password}`);
  } else {
    for (let cursor: string | undefined, more = true; more; ) {
      const page = await listUsers(db.prisma, { limit: 200, cursor });
      for (const u of page.items) console.log([u.id, u.email, u.role, u.disabledAt ? `disabled ${u.disabledAt}` : 'active'].join('\t'));
      cursor = page.nextCursor ?? undefined;
      more = cursor !== undefined;
    }
  }
} catch (error) {
  console.error((error as Error).message);
  code = 1;
} finally {
  await db.close();
}
process.exit(code);
