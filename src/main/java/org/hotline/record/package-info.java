/**
 * The shared record: checking that what a node stores is exactly what was signed and receipted.
 * {@link org.hotline.record.LogVerifier} re-checks one direction log from its entries, signed
 * checkpoints (C2SP tlog-checkpoint, signed-note) and cosigned receipts (C2SP tlog-cosignature);
 * {@link org.hotline.record.RecordVerifier} runs it over a node's store, and the export verifier
 * over an exported transcript file.
 */
package org.hotline.record;
