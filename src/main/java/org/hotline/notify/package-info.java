/**
 * The edge where alerts leave the node: implementations of {@link org.hotline.watch.Notifier} for
 * webhooks (HTTP POST, body signed with HMAC-SHA256, RFC 2104), e-mail (SMTP, RFC 5321, through
 * Jakarta Mail / Angus Mail), local command hooks, and console users and roles (personal alerts,
 * {@link org.hotline.console.PersonalAlerts}). Each bounds its own time; the watch retries and
 * records the outcome. See docs/watch.md.
 */
package org.hotline.notify;
