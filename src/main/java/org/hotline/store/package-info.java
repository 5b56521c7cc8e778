/**
 * Storage implementations of the interfaces the domain declares ({@code link.LinkStore}, {@code
 * link.PeerDirectory}). Each dialect package holds SQL and row mapping only; the logic of what to
 * write lives in the domain. Migrations are under {@code src/main/resources/db/migration}.
 */
package org.hotline.store;
