/**
 * The people at the console and their record: users with a {@link org.hotline.console.Role},
 * passwords hashed with Argon2id (RFC 9106), sign-in with backoff and lockout, sessions with a CSRF
 * token, the audit log of every sign-in and action, two-person release of FLASH traffic, and
 * administrators' acknowledgement of security alarms.
 *
 * <p>Declares the storage it needs ({@link org.hotline.console.UserStore}, {@link
 * org.hotline.console.ConsoleStore}); {@code store} implements it and {@code app} wires it. Time
 * comes from an injected {@link java.time.Clock}, randomness from an injected generator. Free of
 * web and database code: {@code web} turns its exceptions into pages.
 */
package org.hotline.console;
