/**
 * The federation port: node-to-node HTTPS with mutual TLS 1.3, each side pinning the other's
 * certificate fingerprint from its identity card. The server half takes batches and answers with
 * receipts ({@link org.hotline.federation.FederationServer}); the client half is the link's {@link
 * org.hotline.link.PeerTransport}. The wire format is specified in docs/protocol.md.
 */
package org.hotline.federation;
