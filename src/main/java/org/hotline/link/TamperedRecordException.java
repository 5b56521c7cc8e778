package org.hotline.link;

import org.hotline.HotlineException;

/**
 * A stored message does not match the signed entry it claims to be: this node's own record was
 * edited (or damaged) after the fact. Nothing is shown for it; a security event with the evidence
 * was raised, and {@code hotline verify} names everything that is wrong. The caller cannot fix this
 * by asking again: the operator must investigate the node's storage.
 */
public final class TamperedRecordException extends HotlineException {
  private static final long serialVersionUID = 1L;

  public TamperedRecordException(String message) {
    super(message);
  }

  @Override
  public String type() {
    return SecurityEvent.Kind.TAMPERED_RECORD.wire();
  }
}
