/**
 * Formatted notifications (docs/notifications.md): templates, a JSON Schema 2020-12 document with
 * labels in both parties' languages, and the check of a notification's field values against one. A
 * domain package: it reads no store and no network, and never fetches a {@code $ref}.
 */
@com.google.errorprone.annotations.CheckReturnValue
package org.hotline.notice;
