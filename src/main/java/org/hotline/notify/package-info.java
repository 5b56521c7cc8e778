/**
 * The edge where alerts leave the node: implementations of {@link org.hotline.watch.Notifier} for
 * webhooks (HTTP POST, body signed with HMAC-SHA256, RFC 2104), e-mail (SMTP, RFC 5321, through
 * Jakarta Mail / Angus Mail) and local command hooks. Each bounds its own time; the watch retries
 * and records the outcome. See docs/watch.md.
 */
package org.hotline.notify;
