import { CreateUserBody, IdParams, ListUsersQuery, UpdateUserBody, UserSchema, UsersPage } from '@clearance/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createUser, listUsers, updateUser } from './users.service.ts';

/** Dashboard users: admins only. Users see the whole instance; there are no per-site users yet. */
export const usersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['users'];

  app.get(
    '/users',
    { config: { role: 'admin', errors: ['forbidden', 'forbidden_role'] }, schema: { tags, summary: 'List users', querystring: ListUsersQuery, response: { 200: UsersPage } } },
    async (request) => listUsers(app.prisma, request.query),
  );

  app.post(
    '/users',
    {
      config: { role: 'admin', errors: ['forbidden', 'forbidden_role', 'email_taken'] },
      schema: { tags, summary: 'Create a user', description: 'The e-mail is stored lower-case.', body: CreateUserBody, response: { 201: UserSchema } },
    },
    async (request, reply) => reply.code(201).send(await createUser(app.prisma, request.auth, request.body)),
  );

  app.patch(
    '/users/:id',
    {
      config: { role: 'admin', errors: ['forbidden', 'forbidden_role', 'last_admin'] },
      schema: {
        tags,
        summary: 'Change a user’s role, disabled state or password',
        description: 'Disabling or a new password ends the user’s sessions (except the caller’s own). The last active admin cannot be demoted or disabled.',
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: UserSchema },
      },
    },
    async (request) => updateUser(app.prisma, request.auth, request.params.id, request.body),
  );
};
