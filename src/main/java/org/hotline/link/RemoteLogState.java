package org.hotline.link;

/**
 * What a receiver holds of a sender's log: its durable size and, when size > 0, the checkpoint for
 * that size with the receiver's cosignature (a receipt).
 */
public record RemoteLogState(long size, String cosignedCheckpoint) {}
