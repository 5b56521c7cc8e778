package org.hotline.link;

/**
 * One node's view of one direction log, as exchanged with the peer: the latest checkpoint it holds,
 * signed by the log's writer. Both nodes must agree on the checkpoint of every size they both hold.
 */
public record CheckpointView(String log, long size, String checkpoint) {}
