package org.hotline.transcript;

/**
 * Bytes or text handed to this package do not follow the transcript formats (RFC 6962 hashes, C2SP
 * signed notes, checkpoints, cosignatures) or break one of their stated limits. The message is one
 * sentence naming what was wrong.
 *
 * <p>Immutable and thread-safe.
 */
public final class TranscriptFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public TranscriptFormatException(String message) {
    super(message);
  }
}
