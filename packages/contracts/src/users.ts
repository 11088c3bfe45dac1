import { Type, type Static } from 'typebox';
import { DateTime, Id, Nullable, Page, PageQuery } from './common.ts';

/** The dashboard session cookie (HttpOnly, SameSite=Lax, Path=/; Secure over HTTPS). */
export const sessionCookieName = 'clearance_session';
/** Cookie-authenticated POST/PUT/PATCH/DELETE must echo the session's `csrfToken` in this header. */
export const csrfHeaderName = 'x-csrf-token';

export const userRoles = ['admin', 'editor', 'viewer'] as const;
export type UserRole = (typeof userRoles)[number];
/** admin: everything; editor: changes data but not users, tokens or sites; viewer: reads only. */
export const UserRoleSchema = Type.Enum(userRoles);

export const passwordMinLength = 12;
export const passwordMaxLength = 1024;

/** Case-insensitive: stored lower-case. Plain `name@host` is enough (`admin@localhost` is valid). */
const Email = Type.String({ minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$', examples: ['ana@example.org'] });
const newPassword = (description = `At least ${passwordMinLength} characters`) =>
  Type.String({ minLength: passwordMinLength, maxLength: passwordMaxLength, description });

export const SessionUserSchema = Type.Object({ id: Id, email: Type.String(), role: UserRoleSchema });
export type SessionUser = Static<typeof SessionUserSchema>;

export const UserSchema = Type.Object({
  ...SessionUserSchema.properties,
  disabled: Type.Boolean(),
  disabledAt: Nullable(DateTime),
  createdAt: DateTime,
});
export type User = Static<typeof UserSchema>;

export const SessionSchema = Type.Object({
  user: SessionUserSchema,
  csrfToken: Type.String({ description: `Send it back as the ${csrfHeaderName} header on every POST, PUT, PATCH and DELETE` }),
  expiresAt: DateTime,
});
export type Session = Static<typeof SessionSchema>;

export const CreateSessionBody = Type.Object(
  // No format rules here: a malformed e-mail is just a wrong one, answered like any other.
  { email: Type.String({ minLength: 1, maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: passwordMaxLength }) },
  { additionalProperties: false },
);

export const ChangePasswordBody = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: passwordMaxLength }), newPassword: newPassword() },
  { additionalProperties: false },
);

export const CreateUserBody = Type.Object({ email: Email, password: newPassword(), role: UserRoleSchema }, { additionalProperties: false });

export const UpdateUserBody = Type.Object(
  {
    role: Type.Optional(UserRoleSchema),
    disabled: Type.Optional(Type.Boolean({ description: 'Disabling ends the user’s sessions' })),
    password: Type.Optional(newPassword(`At least ${passwordMinLength} characters; ends the user’s other sessions`)),
  },
  { additionalProperties: false },
);

export const ListUsersQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export const UsersPage = Page(UserSchema);
